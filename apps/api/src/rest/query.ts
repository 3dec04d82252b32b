/** Query-string parsing for the REST collections: strict, so a typo is an error, not ignored. */
import { StoreError } from '../store/store.types.js';

export type QueryValue = string | string[] | undefined;

function single(name: string, value: QueryValue): string | undefined {
  if (Array.isArray(value)) throw new StoreError('invalid', `query parameter ${name} is given ${value.length} times`);
  return value;
}

/** A parameter the route does not take is an error: a misspelt `?dryrun=true` must not write for real. */
export function checkKnownParams(query: Record<string, QueryValue>, known: readonly string[]): void {
  const unknown = Object.keys(query).filter((name) => !known.includes(name)).sort();
  if (unknown[0] !== undefined) {
    throw new StoreError('invalid', `unknown query parameter ${JSON.stringify(unknown[0].slice(0, 40))}; this request takes ${known.length === 0 ? 'none' : known.join(', ')}`);
  }
}

export function namespaceParam(value: QueryValue): string | undefined {
  const ns = single('namespace', value);
  if (ns !== undefined && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(ns)) throw new StoreError('invalid', `namespace ${JSON.stringify(ns.slice(0, 80))} is not a valid namespace name`);
  return ns;
}

export function dryRunParam(value: QueryValue): boolean {
  const v = single('dryRun', value);
  if (v === undefined || v === 'false') return false;
  if (v === 'true' || v === '' || v === 'All') return true;
  throw new StoreError('invalid', `dryRun must be true or false, got ${JSON.stringify(v.slice(0, 40))}`);
}

export function limitParam(value: QueryValue): number | undefined {
  const v = single('limit', value);
  if (v === undefined) return undefined;
  if (!/^[0-9]{1,6}$/.test(v) || Number(v) < 1) throw new StoreError('invalid', `limit must be a whole number from 1, got ${JSON.stringify(v.slice(0, 40))}`);
  return Number(v);
}

/** `labelSelector=a=b,c=d` (equality only). */
export function labelSelectorParam(value: QueryValue): Record<string, string> | undefined {
  const v = single('labelSelector', value);
  if (v === undefined || v === '') return undefined;
  const out: Record<string, string> = {};
  for (const part of v.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new StoreError('invalid', `labelSelector takes key=value pairs separated by commas, got ${JSON.stringify(part.slice(0, 80))}`);
    out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return out;
}
