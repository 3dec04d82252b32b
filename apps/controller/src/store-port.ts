/**
 * What the controller needs of the fabric store, and nothing more: the same writes REST makes
 * (validation, policy, allocation, audit), reads of the compiled views, agent reports, and the
 * change feed. FabricStore has this shape; the day it is split into providers, this is the seam.
 */
import type { Actor, ListQuery, ObjectKey, ResourceObject, StoreEvent, WriteRequest, WriteResult } from '../../api/src/store/store.types.js';

import { StoreError } from '../../api/src/store/store.types.js';

export { OWNER_ANNOTATION, StoreError } from '../../api/src/store/store.types.js';
export type { Actor, ResourceObject, StoreEvent, WriteRequest, WriteResult } from '../../api/src/store/store.types.js';

export interface ControllerStore {
  apply(request: WriteRequest): Promise<WriteResult>;
  get(key: ObjectKey, actor: Actor): ResourceObject;
  list(kind: string, query: ListQuery, actor: Actor): ResourceObject[];
  agent(sw: string, actor: Actor): ResourceObject;
  listAgents(actor: Actor): ResourceObject[];
  reportStatus(sw: string, body: unknown, actor: Actor): Promise<ResourceObject>;
  subscribe(listener: (event: StoreEvent) => void, actor: Actor): () => void;
}

/** The controller acts as the architecture team: Kubernetes RBAC decided who may write the object. */
export const KUBERNETES_ACTOR: Actor = { name: 'kubernetes', role: 'architect' };

/** A failure worth retrying (the database is away, the write queue is full): the work queue backs off and tries again. */
export function isTransient(e: unknown): boolean {
  return !(e instanceof StoreError) || e.code === 'unavailable' || e.code === 'too-many-requests';
}

/** The store's refusal of this write (it answered; retrying the same write would not help), else undefined. */
export function refusalOf(e: unknown): StoreError | undefined {
  return e instanceof StoreError && !isTransient(e) ? e : undefined;
}
