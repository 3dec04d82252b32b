/**
 * Watch events applied to a list, as a pure reducer (headlamp's KubeList.applyUpdate is the
 * model): ADDED and MODIFIED replace the object with the same namespace and name, DELETED removes
 * it, and an event older than what the list holds (a smaller resourceVersion) is ignored.
 */
import { compareText } from './order.js';
import type { ObjectLike } from './types.js';

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent<T extends ObjectLike = ObjectLike> {
  readonly type: string;
  readonly kind: string;
  readonly object: T;
}

export function objectKey(object: ObjectLike): string {
  return `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

/** A decimal resourceVersion as a number; NaN for none or any other text (NaN is never older). */
function version(object: ObjectLike): number {
  const text = String(object.metadata.resourceVersion);
  return /^[0-9]+$/.test(text) ? Number(text) : Number.NaN;
}

/** True when `incoming` is older than `current` (both carry a numeric resourceVersion). */
export function isStale(current: ObjectLike, incoming: ObjectLike): boolean {
  return version(incoming) < version(current);
}

function byNamespaceAndName(a: ObjectLike, b: ObjectLike): number {
  return compareText(a.metadata.namespace ?? '', b.metadata.namespace ?? '') || compareText(a.metadata.name, b.metadata.name);
}

/** The list after one event; the same array when the event changes nothing. */
export function applyEvent<T extends ObjectLike>(items: readonly T[], event: WatchEvent<T>): readonly T[] {
  const key = objectKey(event.object);
  const index = items.findIndex((item) => objectKey(item) === key);
  // items[-1] is undefined too
  const current = items[index];
  if (event.type === 'DELETED') {
    if (current === undefined || isStale(current, event.object)) return items;
    return items.filter((_, i) => i !== index);
  }
  if (current !== undefined && isStale(current, event.object)) return items;
  if (current === undefined) return [...items, event.object].sort(byNamespaceAndName);
  const next = [...items];
  next[index] = event.object;
  return next;
}
