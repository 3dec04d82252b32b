/**
 * Relay cursor connections over the store's sorted lists: `first` items after the cursor `after`,
 * with edges, nodes, pageInfo and totalCount. Edges and their cursors are built only when a query
 * selects them (the default resolver calls a function-valued field), so `nodes` of thousands of
 * objects costs no cursor encoding.
 */
import { decodeKey, encodeKey, pageOf, type PageKey } from '../http/pagination.js';
import { StoreError } from '../store/store.types.js';

export interface PageInfo {
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
  readonly startCursor: string | null;
  readonly endCursor: string | null;
}

export interface Edge<T> {
  readonly cursor: string;
  readonly node: T;
}

export interface Connection<T> {
  readonly edges: () => readonly Edge<T>[];
  readonly nodes: readonly T[];
  readonly pageInfo: () => PageInfo;
  readonly totalCount?: number;
}

export interface PageArguments {
  readonly first?: number;
  readonly after?: string;
}

/** `first` and `after` as GraphQL passes them (null means absent), checked. */
export function pageArguments(args: Readonly<Record<string, unknown>>, maxFirst?: number): PageArguments {
  const { first, after } = args;
  if (typeof first === 'number' && (first < 0 || (maxFirst !== undefined && first > maxFirst))) {
    throw new StoreError('invalid', `first must be a whole number from 0${maxFirst === undefined ? '' : ` to ${maxFirst}`}, got ${first}`);
  }
  return { ...(typeof first === 'number' ? { first } : {}), ...(typeof after === 'string' ? { after } : {}) };
}

/** A connection of keyed, sorted items: every one the reader may see, paged. */
export function keyedConnection<T>(items: readonly T[], keyOf: (item: T) => PageKey, page: PageArguments): Connection<T> {
  const after = page.after === undefined ? undefined : decodeKey(page.after, 'the cursor after');
  const { items: nodes, before, remaining } = pageOf(items, keyOf, after, page.first);
  return connectionOf(nodes, (node) => encodeKey(keyOf(node)), { hasNextPage: remaining > 0, hasPreviousPage: before > 0 }, items.length);
}

/** A connection of a page already read, its cursors from `cursorOf`. */
export function connectionOf<T>(nodes: readonly T[], cursorOf: (node: T) => string, more: { hasNextPage: boolean; hasPreviousPage: boolean }, totalCount?: number): Connection<T> {
  let edges: readonly Edge<T>[] | undefined;
  const edgesOf = (): readonly Edge<T>[] => (edges ??= nodes.map((node) => ({ cursor: cursorOf(node), node })));
  return {
    edges: edgesOf,
    nodes,
    pageInfo: () => {
      const all = edgesOf();
      return { ...more, startCursor: all[0]?.cursor ?? null, endCursor: all.at(-1)?.cursor ?? null };
    },
    ...(totalCount === undefined ? {} : { totalCount }),
  };
}
