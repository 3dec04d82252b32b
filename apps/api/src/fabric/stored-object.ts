/**
 * An object as the store holds it: the validated resource and what the store adds (uid, owner,
 * generation, resource version, creation time), keyed by kind, namespace and name.
 */
import { findResourceDefinitionByKind } from '#api';
import type { AnyResource } from '#domain';
import type { ObjectLookup } from '../access/access-policy.js';
import type { ObjectKey } from '../store/store.types.js';

export interface Stored {
  readonly resource: AnyResource;
  readonly uid: string;
  readonly owner: 'api' | 'kubernetes';
  readonly generation: number;
  /** the fabric version of the commit that last wrote it */
  readonly resourceVersion: number;
  readonly createdAt: string;
}

/** Objects by storeKey. */
export type ObjectMap = ReadonlyMap<string, Stored>;

export const storeKey = (kind: string, namespace: string | undefined, name: string): string => `${kind}|${namespace ?? ''}|${name}`;

export function isNamespaced(kind: string): boolean {
  return findResourceDefinitionByKind(kind)?.scope === 'Namespaced';
}

/** The namespace an object key means: `default` for a namespaced kind without one. */
export function namespaceOf(key: ObjectKey): string | undefined {
  return isNamespaced(key.kind) ? (key.namespace ?? 'default') : undefined;
}

/** `name` or `namespace/name`, as messages name an object. */
export function describeKey(key: ObjectKey): string {
  const ns = namespaceOf(key);
  return ns === undefined ? key.name : `${ns}/${key.name}`;
}

export function keyOfResource(resource: AnyResource): string {
  return storeKey(resource.kind, resource.metadata.namespace, resource.metadata.name);
}

/** Objects of a state, found as the access policy asks for them. */
export function lookupIn(objects: ObjectMap): ObjectLookup {
  return (kind, namespace, name) => objects.get(storeKey(kind, isNamespaced(kind) ? (namespace ?? 'default') : undefined, name))?.resource;
}
