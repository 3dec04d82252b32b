/**
 * Pages of a sorted list, shared by REST (`limit` and a `continue` token) and GraphQL (Relay
 * cursors). A position is the key of the last item read (namespace and name), never an offset,
 * so objects created or deleted meanwhile do not shift the next page: nothing that existed
 * throughout is skipped or read twice. Cursors and tokens are base64url JSON, opaque to clients
 * and checked like any input when they come back.
 */
import { Buffer } from 'node:buffer';
import { StoreError, type ResourceObject } from '../store/store.types.js';

/** Where a page starts: after the object with this key. */
export interface PageKey {
  readonly namespace: string;
  readonly name: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** how many items come before the page */
  readonly before: number;
  /** how many items follow the page */
  readonly remaining: number;
}

const MAX_CURSOR_LENGTH = 1024;

export function keyOfObject(object: ResourceObject): PageKey {
  return { namespace: object.metadata.namespace ?? '', name: object.metadata.name };
}

/** The store's order: namespace, then name. */
export function compareKeys(a: PageKey, b: PageKey): number {
  return a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name);
}

/** Objects in the store's order (its lists are; the Agents are in switch order). */
export function sortedObjects(objects: readonly ResourceObject[]): ResourceObject[] {
  return [...objects].sort((a, b) => compareKeys(keyOfObject(a), keyOfObject(b)));
}

/** The items after `after` (all when undefined), at most `first` of them (all when undefined). */
export function pageOf<T>(items: readonly T[], keyOf: (item: T) => PageKey, after: PageKey | undefined, first: number | undefined): Page<T> {
  let start = 0;
  if (after !== undefined) {
    // the first item past the key: binary search over the sorted items
    let high = items.length;
    while (start < high) {
      const middle = (start + high) >>> 1;
      const item = items[middle];
      if (item !== undefined && compareKeys(keyOf(item), after) <= 0) start = middle + 1;
      else high = middle;
    }
  }
  const end = first === undefined ? items.length : Math.min(items.length, start + first);
  return { items: items.slice(start, end), before: start, remaining: items.length - end };
}

/** JSON as base64url text. */
export function encodeToken(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** The JSON a token holds, or a 400 naming `what` when it is not one of ours. */
export function decodeToken(text: string, what: string): unknown {
  const invalid = new StoreError('invalid', `${what} is not valid: pass the value from the previous page unchanged`);
  if (text.length === 0 || text.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(text)) throw invalid;
  try {
    return JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
  } catch {
    throw invalid;
  }
}

/** An object's key as a cursor. */
export function encodeKey(key: PageKey): string {
  return encodeToken([key.namespace, key.name]);
}

export function decodeKey(text: string, what: string): PageKey {
  const value = decodeToken(text, what);
  if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'string' || typeof value[1] !== 'string') {
    throw new StoreError('invalid', `${what} is not valid: pass the value from the previous page unchanged`);
  }
  return { namespace: value[0], name: value[1] };
}
