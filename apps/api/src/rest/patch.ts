/**
 * PATCH bodies as Kubernetes clients send them: a JSON merge patch (RFC 7386,
 * `application/merge-patch+json`, kubectl patch --type=merge) or a JSON patch (RFC 6902,
 * `application/json-patch+json`, applied with fast-json-patch, which refuses paths into
 * prototypes). The patch applies to the object as the reader sees it (apiVersion, kind, metadata,
 * spec); the result is what a PUT would send. metadata.resourceVersion left in the result, or
 * checked by a `test` operation, is a precondition: a patch made against an older version is a
 * 409, as in Kubernetes. Status and the store's metadata are not the writer's: they are dropped.
 */
import { UnsupportedMediaTypeException } from '@nestjs/common';
import fastJsonPatch, { type Operation } from 'fast-json-patch';
import { StoreError, type ResourceObject } from '../store/store.types.js';

export const MERGE_PATCH = 'application/merge-patch+json';
export const JSON_PATCH = 'application/json-patch+json';
export const PATCH_TYPES: readonly string[] = [MERGE_PATCH, JSON_PATCH];

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** RFC 7386: objects merge key by key, null removes a key, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const base = isObject(target) ? target : {};
  const result: JsonObject = {};
  const keys = new Set([...Object.keys(base), ...Object.keys(patch)]);
  for (const key of keys) {
    const change = Object.hasOwn(patch, key) ? patch[key] : undefined;
    if (change === null) continue;
    const value = change === undefined ? base[key] : mergePatch(base[key], change);
    // defineProperty, not assignment: no key can reach a setter
    Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return result;
}

const OPERATIONS: ReadonlySet<string> = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

function isOperation(operation: unknown): operation is Operation {
  return isObject(operation) && typeof operation.op === 'string' && OPERATIONS.has(operation.op) && typeof operation.path === 'string';
}

function checkOperations(patch: unknown): Operation[] {
  if (!Array.isArray(patch)) throw new StoreError('invalid', 'a JSON patch is a list of operations such as [{"op": "replace", "path": "/spec/description", "value": "..."}]');
  const operations: unknown[] = patch;
  const malformed = operations.findIndex((operation) => !isOperation(operation));
  if (malformed >= 0) throw new StoreError('invalid', `the JSON patch's operation ${malformed} needs op (add, remove, replace, move, copy or test) and path`);
  return operations.filter(isOperation);
}

function describeOperation(operation: Operation | undefined): string {
  return operation === undefined ? '' : ` (${operation.op} ${operation.path.slice(0, 200)})`;
}

function applyJsonPatch(document: JsonObject, patch: unknown): unknown {
  const operations = checkOperations(patch);
  try {
    return fastJsonPatch.applyPatch(document, operations, true, false, true).newDocument;
  } catch (e) {
    // fast-json-patch refuses a path into a prototype with a plain Error
    if (!(e instanceof fastJsonPatch.JsonPatchError)) throw new StoreError('invalid', `the JSON patch cannot be applied: ${e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e)}`);
    const index = e.index ?? 0;
    const where = `the JSON patch's operation ${index}${describeOperation(operations[index])}`;
    if (e.name === 'TEST_OPERATION_FAILED') throw new StoreError('conflict', `${where} failed: the object is not as the patch expects`);
    const reason = e.name === 'OPERATION_PATH_UNRESOLVABLE' || e.name === 'OPERATION_FROM_UNRESOLVABLE' ? 'names a path the object does not have' : e.message.split('\n')[0] ?? 'cannot be applied';
    throw new StoreError('invalid', `${where} ${reason}`);
  }
}

/** The object a patch applies to: what its reader sees, without status. */
function patchable(current: ResourceObject): JsonObject {
  return structuredClone({ apiVersion: current.apiVersion, kind: current.kind, metadata: current.metadata, spec: current.spec });
}

/** The body of the replace a patch amounts to, or a 400/409/415 that says why there is none. */
export function patchedBody(current: ResourceObject, contentType: string | undefined, patch: unknown): JsonObject {
  const media = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (media !== MERGE_PATCH && media !== JSON_PATCH) {
    throw new UnsupportedMediaTypeException(`PATCH takes ${MERGE_PATCH} (RFC 7386) or ${JSON_PATCH} (RFC 6902), not ${JSON.stringify(media.slice(0, 80))}`);
  }
  if (media === MERGE_PATCH && !isObject(patch)) throw new StoreError('invalid', 'a JSON merge patch is an object, e.g. {"spec": {"description": "..."}}');
  const patched = media === MERGE_PATCH ? mergePatch(patchable(current), patch) : applyJsonPatch(patchable(current), patch);
  if (!isObject(patched)) throw new StoreError('invalid', 'the patch would replace the object with something that is not an object');
  const metadata = isObject(patched.metadata) ? patched.metadata : {};
  const expected = current.metadata.resourceVersion;
  if (metadata.resourceVersion !== undefined && metadata.resourceVersion !== expected) {
    throw new StoreError('conflict', `${current.kind} ${current.metadata.name} has changed: the patch expects resourceVersion ${JSON.stringify(metadata.resourceVersion)}, it is ${expected}; read it again`);
  }
  const writable = Object.fromEntries(Object.entries({ name: metadata.name, namespace: metadata.namespace, labels: metadata.labels, annotations: metadata.annotations }).filter(([, value]) => value !== undefined));
  return { apiVersion: patched.apiVersion, kind: patched.kind, metadata: writable, spec: patched.spec };
}
