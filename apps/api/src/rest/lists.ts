/**
 * REST lists as Kubernetes clients read them: `{apiVersion, kind: <Kind>List, metadata, items}`
 * with the kind's group/version, paged with `limit` and an opaque `continue` token, and
 * `metadata.remainingItemCount` while more follow. The token holds the key of the last object
 * read (pagination.ts), so writes between two pages neither repeat nor skip an object that
 * existed throughout; it is bound to the list it came from (kind, namespace, label selector).
 */
import { findResourceDefinitionByKind } from '#api';
import { decodeToken, encodeToken, keyOfObject, pageOf, type PageKey } from '../http/pagination.js';
import { StoreError, type ListQuery, type ResourceObject } from '../store/store.types.js';
import { checkKnownParams, labelSelectorParam, limitParam, namespaceParam, type QueryValue } from './query.js';

export interface ListMeta {
  /** pass as ?continue= for the next page; absent on the last page */
  readonly continue?: string;
  /** how many objects follow this page */
  readonly remainingItemCount?: number;
}

export interface ResourceList {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ListMeta;
  readonly items: readonly ResourceObject[];
}

export interface ListRequest {
  /** what the store filters by */
  readonly query: ListQuery;
  readonly limit?: number;
  /** where the page starts, from ?continue= */
  readonly after?: PageKey;
  /** the list the request reads, which a continue token must have come from */
  readonly fingerprint: string;
}

const CONTINUE_VERSION = 1;

/** The list parameters of a collection GET: namespace, labelSelector, limit, continue. */
export function listRequest(kind: string, query: Record<string, QueryValue>): ListRequest {
  checkKnownParams(query, ['namespace', 'labelSelector', 'limit', 'continue']);
  const namespace = namespaceParam(query.namespace);
  const labelSelector = labelSelectorParam(query.labelSelector);
  const limit = limitParam(query.limit);
  const fingerprint = JSON.stringify([kind, namespace ?? null, Object.entries(labelSelector ?? {}).sort()]);
  const token = query.continue;
  if (Array.isArray(token)) throw new StoreError('invalid', `query parameter continue is given ${token.length} times`);
  return {
    query: { ...(namespace === undefined ? {} : { namespace }), ...(labelSelector === undefined ? {} : { labelSelector }) },
    ...(limit === undefined ? {} : { limit }),
    ...(token === undefined || token === '' ? {} : { after: decodeContinue(token, fingerprint) }),
    fingerprint,
  };
}

function decodeContinue(token: string, fingerprint: string): PageKey {
  const value = decodeToken(token, 'the continue token');
  const fields = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const after = fields.after;
  if (fields.v !== CONTINUE_VERSION || !Array.isArray(after) || typeof after[0] !== 'string' || typeof after[1] !== 'string' || typeof fields.list !== 'string') {
    throw new StoreError('invalid', 'the continue token is not valid: pass the value from the previous page unchanged');
  }
  if (fields.list !== fingerprint) throw new StoreError('invalid', 'the continue token belongs to another list (kind, namespace or labelSelector differ): start again without continue');
  return { namespace: after[0], name: after[1] };
}

/** The kind's group/version, which its list carries too. */
export function apiVersionOf(kind: string): string {
  const definition = findResourceDefinitionByKind(kind);
  return definition === undefined ? 'v1' : `${definition.group}/${definition.version}`;
}

/** One page of the objects the store listed (sorted by namespace and name). */
export function resourceList(kind: string, objects: readonly ResourceObject[], request: ListRequest): ResourceList {
  const page = pageOf(objects, keyOfObject, request.after, request.limit);
  const last = page.items.at(-1);
  const metadata: ListMeta =
    page.remaining > 0 && last !== undefined
      ? { continue: encodeToken({ v: CONTINUE_VERSION, list: request.fingerprint, after: [keyOfObject(last).namespace, keyOfObject(last).name] }), remainingItemCount: page.remaining }
      : {};
  return { apiVersion: apiVersionOf(kind), kind: `${kind}List`, metadata, items: page.items };
}
