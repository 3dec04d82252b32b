/**
 * A write's checks before any compile (pure): the kind exists and the role may write it, the
 * body is a valid object of that kind whose name matches the URL, the object exists (replace,
 * delete) or does not (create), a tenant writes only its own objects, and an object Kubernetes
 * owns is changed only through Kubernetes (writes with `via: 'kubernetes'`), and only those.
 */
import { findResourceDefinitionByKind } from '#api';
import type { ResourceChange } from '#compiler';
import { DIAGNOSTIC_CODES as C, findUnstorable, immutableFieldChanges, keyOf, parseDocument, type AnyResource } from '#domain';
import { checkMayWrite, checkTenantWrite } from '../access/access-policy.js';
import { OWNER_ANNOTATION, StoreError, type WriteRequest } from '../store/store.types.js';
import { tenantsIn } from './resource-view.js';
import { describeKey, lookupIn, namespaceOf, storeKey, type ObjectMap, type Stored } from './stored-object.js';

/** A write that passed the checks that need no compile. */
export interface PreparedWrite {
  readonly key: string;
  readonly change: ResourceChange;
  /** the object as it will be (absent for a delete) */
  readonly resource?: AnyResource;
  /** the object as it is (absent for a create) */
  readonly before?: Stored;
}

/** Checks a write against the objects; throws a StoreError naming the object and field when it is refused. */
export function prepareWrite(request: WriteRequest, objects: ObjectMap): PreparedWrite {
  const { actor } = request;
  const definition = findResourceDefinitionByKind(request.kind);
  if (definition === undefined || request.kind === 'Agent') throw new StoreError('not-found', `unknown kind ${request.kind}`);
  checkMayWrite(actor, request.kind);
  const ownedByOtherTenant = (before: Stored): boolean => actor.role === 'tenant' && !tenantsIn(before.resource, objects).includes(actor.tenant ?? '');
  let resource: AnyResource | undefined;
  let key: string;
  let before: Stored | undefined;
  if (request.action === 'delete') {
    if (request.key === undefined) throw new StoreError('invalid', 'delete needs the object name');
    key = storeKey(request.kind, namespaceOf(request.key), request.key.name);
    before = objects.get(key);
    if (before === undefined || ownedByOtherTenant(before)) throw new StoreError('not-found', `${request.kind} ${describeKey(request.key)} not found`);
  } else {
    resource = parseBody(request);
    key = storeKey(resource.kind, resource.metadata.namespace, resource.metadata.name);
    before = objects.get(key);
    if (request.action === 'create' && before !== undefined) {
      throw new StoreError('conflict', `${request.kind} ${keyOf(resource)} ${ownedByOtherTenant(before) ? 'cannot be created: the name is taken' : 'exists already'}`);
    }
    if (request.action === 'replace' && (before === undefined || ownedByOtherTenant(before))) {
      throw new StoreError('not-found', `${request.kind} ${keyOf(resource)} not found`);
    }
    if (actor.role === 'tenant') checkTenantWrite(resource, actor, lookupIn(objects));
    // fields that never change once set (a VPC's tenant), as the CRDs' CEL rules say too
    const immutable = before === undefined ? [] : immutableFieldChanges(before.resource, resource);
    if (immutable.length > 0) throw new StoreError('invalid', `${request.kind} ${keyOf(resource)} is not valid: ${immutable.map((d) => d.message).join('; ')}`, immutable);
  }
  // one owner per object: what Kubernetes owns changes through Kubernetes, and the other way round
  if (before?.owner === 'kubernetes' && request.via !== 'kubernetes') {
    throw new StoreError('conflict', `${request.kind} ${keyOf(before.resource)} is owned by its Kubernetes object; change it with kubectl (or GitOps)`);
  }
  if (before !== undefined && before.owner !== 'kubernetes' && request.via === 'kubernetes') {
    throw new StoreError('conflict', `${request.kind} ${keyOf(before.resource)} exists in Weft already, created through its API: one owner per object (delete it there first, or use another name)`);
  }
  const change: ResourceChange =
    resource === undefined
      ? { deletes: [{ kind: request.kind, ...(before?.resource.metadata.namespace === undefined ? {} : { namespace: before.resource.metadata.namespace }), name: before?.resource.metadata.name ?? '' }] }
      : { upserts: [resource] };
  return { key, change, ...(resource === undefined ? {} : { resource }), ...(before === undefined ? {} : { before }) };
}

/** The body as a resource of the request's kind, named as the URL says; a StoreError with diagnostics otherwise. */
export function parseBody(request: WriteRequest): AnyResource {
  const body = request.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new StoreError('invalid', `the body must be a ${request.kind} object (apiVersion, kind, metadata, spec)`);
  }
  const definition = findResourceDefinitionByKind(request.kind);
  const value = body as Record<string, unknown>;
  const unstorable = findUnstorable(body);
  if (unstorable !== undefined) {
    const meta = value.metadata;
    const named = typeof meta === 'object' && meta !== null && typeof (meta as { name?: unknown }).name === 'string' ? (meta as { name: string }).name : (request.key?.name ?? '<unnamed>');
    const path = `${request.kind} ${named.length > 80 ? `${named.slice(0, 77)}...` : named} ${unstorable.path}`.replaceAll('\u0000', '\\u0000');
    throw new StoreError('invalid', `${request.kind} is not valid: ${path}: ${unstorable.message}`, [{ code: C.SCHEMA, severity: 'error', path, message: unstorable.message }]);
  }
  // a missing apiVersion/kind is filled from the URL; a different one is an error
  const filled: Record<string, unknown> = { apiVersion: `${definition?.group ?? ''}/${definition?.version ?? ''}`, kind: request.kind, ...value };
  if (filled.kind !== request.kind) throw new StoreError('invalid', `the body is a ${String(filled.kind)}, this is the ${request.kind} collection`);
  if (request.key !== undefined) {
    if (value.metadata !== undefined && (typeof value.metadata !== 'object' || value.metadata === null || Array.isArray(value.metadata))) {
      // spread into the URL's name, a string or a list would pass as metadata
      const path = `${request.kind} ${describeKey(request.key).slice(0, 300)} metadata`;
      const message = `expected an object, got ${Array.isArray(value.metadata) ? 'a list' : JSON.stringify(value.metadata).slice(0, 80)}`;
      throw new StoreError('invalid', `${request.kind} is not valid: ${path}: ${message}`, [{ code: C.SCHEMA, severity: 'error', path, message }]);
    }
    const meta = (value.metadata ?? {}) as Record<string, unknown>;
    if (meta.name !== undefined && meta.name !== request.key.name) throw new StoreError('invalid', `metadata.name ${JSON.stringify(meta.name)} does not match the URL (${request.key.name})`);
    const urlNamespace = namespaceOf(request.key);
    if (meta.namespace !== undefined && urlNamespace !== undefined && meta.namespace !== urlNamespace) {
      throw new StoreError('invalid', `metadata.namespace ${JSON.stringify(meta.namespace)} does not match the request (${urlNamespace})`);
    }
    filled.metadata = { ...meta, name: request.key.name, ...(urlNamespace === undefined ? {} : { namespace: urlNamespace }) };
  }
  withoutOwnerAnnotation(filled);
  const parsed = parseDocument({ value: filled });
  if (parsed.resource === undefined) {
    const first = parsed.diagnostics[0];
    throw new StoreError('invalid', `${request.kind} is not valid: ${first === undefined ? '' : `${first.path}: ${first.message}`}${parsed.diagnostics.length > 1 ? ` (and ${parsed.diagnostics.length - 1} more)` : ''}`, parsed.diagnostics);
  }
  return parsed.resource;
}

/**
 * The owner annotation is the store's to set: one sent back (a GET, edited, PUT again) or
 * forged is dropped, so it never lands among the object's own annotations.
 */
function withoutOwnerAnnotation(value: Record<string, unknown>): void {
  const metadata = value.metadata;
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return;
  const annotations = (metadata as Record<string, unknown>).annotations;
  if (typeof annotations !== 'object' || annotations === null || Array.isArray(annotations) || !(OWNER_ANNOTATION in annotations)) return;
  const rest = Object.fromEntries(Object.entries(annotations).filter(([key]) => key !== OWNER_ANNOTATION));
  value.metadata = { ...(metadata as Record<string, unknown>), annotations: rest };
}
