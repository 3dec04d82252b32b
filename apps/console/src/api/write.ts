/**
 * The two steps of every change: a dry run that shows the plan (and the diagnostics, field by
 * field), then the write itself. Both go through the same GraphQL mutation, `dryRun: true` first.
 */
import { useState } from 'react';
import { useMutation } from 'urql';
import type { DevicePlan, Diagnostic } from '#console-model';
import { deleteMutation, writeMutation } from './documents';
import { writeProblem, type WriteProblem } from './errors';

export type WritableKind = 'VPC' | 'VPCAttachment' | 'VPCPeering';

interface WriteResult {
  readonly object?: { readonly metadata: { readonly name: string; readonly namespace?: string | null } } | null;
  readonly plan: readonly DevicePlan[];
  readonly diagnostics: readonly Diagnostic[];
  readonly dryRun: boolean;
}

export interface Preview {
  readonly plan: readonly DevicePlan[];
  readonly warnings: readonly Diagnostic[];
}

export interface WriteFlow {
  readonly busy: boolean;
  readonly problem?: WriteProblem;
  readonly preview?: Preview;
  /** a dry run of the body: fills preview, or problem */
  review(body: unknown): Promise<boolean>;
  /** the write itself; resolves with the result, or undefined when refused */
  save(body: unknown): Promise<WriteResult | undefined>;
  /** the form changed: the preview and the errors no longer describe it */
  reset(): void;
}

export function useWriteFlow(action: 'create' | 'replace', kind: WritableKind): WriteFlow {
  const [state, run] = useMutation<Record<string, WriteResult>>(writeMutation(action, kind));
  const [problem, setProblem] = useState<WriteProblem | undefined>();
  const [preview, setPreview] = useState<Preview | undefined>();
  const field = `${action}${kind}`;
  const send = async (body: unknown, dryRun: boolean): Promise<WriteResult | undefined> => {
    const result = await run({ input: body, dryRun });
    if (result.error !== undefined) {
      setProblem(writeProblem(result.error));
      setPreview(undefined);
      return undefined;
    }
    setProblem(undefined);
    return result.data?.[field];
  };
  return {
    busy: state.fetching,
    ...(problem === undefined ? {} : { problem }),
    ...(preview === undefined ? {} : { preview }),
    async review(body) {
      const result = await send(body, true);
      if (result === undefined) return false;
      setPreview({ plan: result.plan, warnings: result.diagnostics });
      return true;
    },
    save: (body) => send(body, false),
    reset() {
      setPreview(undefined);
      // a field the service refused blocks the form's submit until the person edits it
      setProblem(undefined);
    },
  };
}

export interface DeleteFlow {
  readonly busy: boolean;
  readonly problem?: WriteProblem;
  readonly preview?: Preview;
  review(): Promise<void>;
  remove(): Promise<boolean>;
}

export function useDeleteFlow(kind: WritableKind, namespace: string, name: string): DeleteFlow {
  const [state, run] = useMutation<Record<string, WriteResult>>(deleteMutation(kind));
  const [problem, setProblem] = useState<WriteProblem | undefined>();
  const [preview, setPreview] = useState<Preview | undefined>();
  const send = async (dryRun: boolean): Promise<WriteResult | undefined> => {
    const result = await run({ namespace, name, dryRun });
    if (result.error !== undefined) {
      setProblem(writeProblem(result.error));
      return undefined;
    }
    setProblem(undefined);
    return result.data?.[`delete${kind}`];
  };
  return {
    busy: state.fetching,
    ...(problem === undefined ? {} : { problem }),
    ...(preview === undefined ? {} : { preview }),
    async review() {
      const result = await send(true);
      if (result !== undefined) setPreview({ plan: result.plan, warnings: result.diagnostics });
    },
    async remove() {
      return (await send(false)) !== undefined;
    },
  };
}
