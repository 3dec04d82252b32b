/**
 * Below every form: what the service said (the diagnostics no field shows), the plan of the dry
 * run, and the buttons, "Preview changes" first and "Save" once the preview matches the form.
 */
import type { ReactNode } from 'react';
import { Button } from 'react-aria-components';
import type { Diagnostic } from '#console-model';
import type { WriteFlow } from '../api/write';
import { PlanView } from './plan';
import { ErrorNote } from './page';

export function ProblemNote({ flow, general, what }: { readonly flow: Pick<WriteFlow, 'problem'>; readonly general: readonly Diagnostic[]; readonly what: string }): ReactNode {
  if (flow.problem === undefined) return null;
  return (
    <ErrorNote title={`The service refused the ${what}`}>
      <p>{flow.problem.diagnostics.length > 0 && general.length === 0 ? 'Fix the fields marked below.' : flow.problem.message}</p>
      {general.length === 0 ? null : (
        <ul>
          {general.map((d, i) => (
            <li key={i}>
              <code>{d.code}</code> {d.path}: {d.message}
              {d.hint === undefined || d.hint === null ? null : <span className="muted"> ({d.hint})</span>}
            </li>
          ))}
        </ul>
      )}
    </ErrorNote>
  );
}

/** Sits inside the form: its submit (the first button, or Enter in a field) previews; Save writes. */
export function WritePanel({ flow, what, onSave, saveLabel }: { readonly flow: WriteFlow; readonly what: string; readonly onSave: () => void; readonly saveLabel: string }): ReactNode {
  return (
    <div className="write-panel">
      {flow.preview === undefined ? null : (
        <>
          <PlanView plan={flow.preview.plan} title={`What saving this ${what} will change`} />
          {flow.preview.warnings.length === 0 ? null : (
            <ul className="warnings" aria-label="Warnings">
              {flow.preview.warnings.map((w, i) => (
                <li key={i}>
                  <strong>Warning</strong> {w.path}: {w.message}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <div className="form-actions">
        <Button type="submit" className={`button ${flow.preview === undefined ? 'primary' : ''}`} isDisabled={flow.busy}>
          {flow.preview === undefined ? 'Preview changes' : 'Preview again'}
        </Button>
        <Button className="button primary" isDisabled={flow.busy || flow.preview === undefined} onPress={onSave}>
          {saveLabel}
        </Button>
        {flow.busy ? (
          <span className="muted" role="status">
            Asking the service…
          </span>
        ) : null}
      </div>
    </div>
  );
}
