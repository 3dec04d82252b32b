/**
 * A batch of queued writes evaluated against a state (pure): each write sees the ones before it;
 * groups that may compile together do (write-batching.ts), others one at a time. Nothing is
 * stored here: the writer commits the accepted steps, or none of them.
 */
import type { CompileResult } from '#compiler';
import type { WriteRequest } from '../store/store.types.js';
import type { ObjectMap, Stored } from './stored-object.js';
import { attachmentOwner, attachmentSwitches, attachmentTenant, groupByTenant, segmentsOf } from './write-batching.js';
import { evaluateTogether, evaluateWrite, type EvaluationContext, type PlanSplit, type Step } from './write-evaluation.js';

export interface BatchEvaluation {
  /** the state after the accepted writes */
  readonly result: CompileResult;
  readonly objects: ObjectMap;
  /** by position in the batch, in order */
  readonly accepted: readonly { readonly index: number; readonly step: Step }[];
  readonly refused: readonly { readonly index: number; readonly error: unknown }[];
  /** compiles made (one per group compiled together, one per write otherwise) */
  readonly compiles: number;
}

export interface BatchContext extends EvaluationContext {
  /** a group compile failed unexpectedly (its writes are then compiled one at a time) */
  readonly onGroupFailure?: (error: unknown) => void;
}

export function evaluateBatch(requests: readonly WriteRequest[], state: { readonly result: CompileResult; readonly objects: ObjectMap }, context: BatchContext): BatchEvaluation {
  let result = state.result;
  const objects = new Map<string, Stored>(state.objects);
  const accepted: { index: number; step: Step }[] = [];
  const refused: { index: number; error: unknown }[] = [];
  let compiles = 0;
  const counted: EvaluationContext = {
    ...context,
    recompile: (base, change) => {
      compiles += 1;
      return context.recompile(base, change);
    },
  };
  const take = (index: number, step: Step): void => {
    result = step.result;
    if (step.before !== undefined) objects.delete(step.key);
    if (step.after !== undefined) objects.set(step.key, step.after);
    accepted.push({ index, step });
  };
  const one = (index: number): void => {
    try {
      take(index, evaluateWrite(requests[index] as WriteRequest, result, objects, counted));
    } catch (e) {
      refused.push({ index, error: e });
    }
  };
  /** false when the group cannot be compiled together (nothing of it is taken then) */
  const tryTogether = (indices: readonly number[], split: PlanSplit): boolean => {
    let outcome: ReturnType<typeof evaluateTogether>;
    try {
      outcome = evaluateTogether(
        indices.map((i) => requests[i] as WriteRequest),
        result,
        objects,
        split,
        counted,
      );
    } catch (e) {
      context.onGroupFailure?.(e);
      outcome = undefined;
    }
    if (outcome === undefined) return false;
    for (const { index, error } of outcome.refused) refused.push({ index: indices[index] ?? -1, error });
    for (const { index, step } of outcome.steps) take(indices[index] ?? -1, step);
    return true;
  };
  const together = (indices: readonly number[], split: PlanSplit): void => {
    if (indices.length < 2 || !tryTogether(indices, split)) indices.forEach(one);
  };
  for (const segment of segmentsOf(requests)) {
    switch (segment.kind) {
      case 'single':
        segment.indices.forEach(one);
        break;
      case 'vpc-creates':
        together(segment.indices, { kind: 'none' });
        break;
      case 'attachment-creates': {
        // every tenant's attachments in one compile, each plan its own VPC's change (ADR 117);
        // failing that, one compile per tenant, each plan the change on its switches (ADR 83)
        const known = segment.indices.filter((index) => attachmentTenant(requests[index] as WriteRequest, objects) !== undefined);
        if (known.length >= 2 && tryTogether(known, { kind: 'by-owner', ownerOf: (write) => attachmentOwner(write.resource, objects) })) {
          segment.indices.filter((index) => !known.includes(index)).forEach(one);
          break;
        }
        for (const group of groupByTenant(segment.indices, requests, objects)) {
          together(group, { kind: 'by-device', devicesOf: (write) => attachmentSwitches(write.resource, objects) });
        }
        break;
      }
    }
  }
  accepted.sort((a, b) => a.index - b.index);
  refused.sort((a, b) => a.index - b.index);
  return { result, objects, accepted, refused, compiles };
}
