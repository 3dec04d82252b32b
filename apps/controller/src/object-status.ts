/**
 * The status a Kubernetes object shows: what the store says about it (numbers, conditions), for
 * the generation the controller saw, or why the store refused it, in the words of `weft
 * validate`. Conditions keep their lastTransitionTime while their status stays the same.
 */
import { formatDiagnostic, type Diagnostic } from '#domain';
import type { ResourceObject, StoreError } from './store-port.js';

interface Condition {
  readonly type: string;
  readonly status: string;
  readonly reason: string;
  readonly message?: string;
  readonly lastTransitionTime?: string;
}

const REASONS: Readonly<Record<StoreError['code'], string>> = {
  invalid: 'Invalid',
  conflict: 'Conflict',
  forbidden: 'Forbidden',
  'not-found': 'NotFound',
  unauthenticated: 'Forbidden',
  unavailable: 'Unavailable',
  'too-many-requests': 'Throttled',
};

/** Long lists of diagnostics are cut, so a status stays small; the count says how many more. */
const MAX_DIAGNOSTICS = 20;

/** A refusal as one message: every diagnostic as `weft validate` prints it (without hints). */
export function refusalMessage(error: { readonly message: string; readonly diagnostics: readonly Diagnostic[] }): string {
  if (error.diagnostics.length === 0) return error.message;
  const lines = error.diagnostics.slice(0, MAX_DIAGNOSTICS).map((d) => formatDiagnostic({ ...d, hint: undefined }).split('\n')[0] ?? '');
  const more = error.diagnostics.length - MAX_DIAGNOSTICS;
  return more > 0 ? `${lines.join('; ')}; and ${more} more` : lines.join('; ');
}

export interface StatusInput {
  /** the object as the store holds it (an earlier generation, when the latest was refused) */
  readonly view?: ResourceObject;
  /** why the store refused the latest generation (or its deletion) */
  readonly refusal?: { readonly code: StoreError['code']; readonly message: string; readonly diagnostics: readonly Diagnostic[] };
  readonly deleting?: boolean;
  /** metadata.generation of the Kubernetes object */
  readonly generation: number;
  /** the status it shows now */
  readonly current: unknown;
  readonly now: string;
}

export function desiredStatus(input: StatusInput): Record<string, unknown> {
  const base = isRecord(input.view?.status) ? input.view.status : {};
  const fromStore = Array.isArray(base.conditions) ? (base.conditions as Condition[]) : [];
  let conditions: Condition[] = fromStore;
  if (input.refusal !== undefined) {
    const accepted: Condition = input.deleting === true
      ? { type: 'Accepted', status: 'False', reason: 'DeleteRefused', message: `cannot be deleted yet: ${refusalMessage(input.refusal)}` }
      : {
          type: 'Accepted',
          status: 'False',
          reason: REASONS[input.refusal.code],
          message: input.view === undefined ? refusalMessage(input.refusal) : `generation ${input.generation} refused (the last accepted one still applies): ${refusalMessage(input.refusal)}`,
        };
    conditions = [accepted, ...fromStore.filter((c) => c.type !== 'Accepted')];
  }
  const current = isRecord(input.current) && Array.isArray(input.current.conditions) ? (input.current.conditions as Condition[]) : [];
  const stamped = conditions.map((c) => {
    const before = current.find((b) => b.type === c.type);
    const since = before !== undefined && before.status === c.status && before.lastTransitionTime !== undefined ? before.lastTransitionTime : input.now;
    return { ...c, lastTransitionTime: since };
  });
  return { ...base, observedGeneration: input.generation, conditions: stamped };
}

/** Same content, ignoring key order: decides whether a status write is needed at all. */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (isRecord(v) ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) : v));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
