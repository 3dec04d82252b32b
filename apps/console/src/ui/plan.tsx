/** A write's plan: which devices change, and for each file the lines added, removed or changed. */
import type { ReactNode } from 'react';
import { lineKind, planHeadline, summarisePlan, type DevicePlan } from '#console-model';

export function PlanView({ plan, title = 'What will change' }: { readonly plan: readonly DevicePlan[]; readonly title?: string }): ReactNode {
  const devices = summarisePlan(plan);
  return (
    <section className="plan" aria-label={title}>
      <h3>{title}</h3>
      <p className="plan-headline">{planHeadline(plan)}</p>
      {devices.map((device) => (
        <details key={device.device} className="plan-device" open={devices.length <= 3}>
          <summary>
            <strong>{device.device}</strong>{' '}
            <span className="muted">
              {device.files.map((f) => `${f.file} (+${f.added} −${f.removed}${f.changed > 0 ? ` ~${f.changed}` : ''})`).join(', ')}
            </span>
          </summary>
          {device.files.map((file) => (
            <div key={file.file} className="plan-file">
              <h4>
                {file.file} <span className="muted">{file.change}</span>
              </h4>
              <pre className="diff" aria-label={`${device.device} ${file.file} changes`} tabIndex={0}>
                {file.lines.map((line, index) => (
                  <span key={index} className={`diff-${lineKind(line)}`}>
                    {line}
                    {'\n'}
                  </span>
                ))}
              </pre>
            </div>
          ))}
        </details>
      ))}
    </section>
  );
}
