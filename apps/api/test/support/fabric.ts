/**
 * The sample fabric compiled in memory, as the store would hold it after seeding: for the tests
 * of the store's pure parts (evaluation, batching, views, catch-up), which need no database.
 */
import { compile } from '#compiler';
import { groupResources, parseDocuments, type AnyResource } from '#domain';
import { nextAgents } from '../../src/agents/agent-generations.js';
import type { FabricSnapshot } from '../../src/fabric/fabric-state.js';
import { keyOfResource, type Stored } from '../../src/fabric/stored-object.js';
import type { EvaluationContext } from '../../src/fabric/write-evaluation.js';
import { recompile } from '#compiler';
import { sampleFabric } from '../../src/store/seed.js';
import type { Actor, WriteRequest } from '../../src/store/store.types.js';

export const ARCHITECT: Actor = { name: 'admin', role: 'architect' };

let uid = 0;
/** Deterministic ids and clock. */
export const CONTEXT: EvaluationContext = {
  recompile,
  newUid: () => `00000000-0000-4000-8000-${String((uid += 1)).padStart(12, '0')}`,
  now: () => '2026-12-06T00:00:00.000Z',
};

export function storedOf(resource: AnyResource, resourceVersion = 1): Stored {
  return { resource, uid: CONTEXT.newUid(), owner: 'api', generation: 1, resourceVersion, createdAt: CONTEXT.now() };
}

/** The sample fabric (wiring/lab.yaml, examples/lab) and `extra`, compiled, at fabric version 1; `keep` leaves sample objects out. */
export async function sampleSnapshot(extra: readonly unknown[] = [], keep: (resource: AnyResource) => boolean = () => true): Promise<FabricSnapshot> {
  const documents = [...(await sampleFabric()), ...extra.map((value) => ({ value }))];
  const resources = parseDocuments(documents).resources.filter(keep);
  const result = compile(groupResources(resources));
  const objects = new Map(resources.map((r) => [keyOfResource(r), storedOf(r)]));
  return { result, objects, agents: nextAgents(new Map(), result, result.devices.keys()), leases: new Map(), version: 1 };
}

export const vpc = (name: string, tenant: string, cidr: string): Record<string, unknown> => ({
  apiVersion: 'vpc.weft.dev/v1alpha1',
  kind: 'VPC',
  metadata: { name, namespace: 'default' },
  spec: { tenant, subnets: { web: { cidr } } },
});

export const attachment = (name: string, subnet: string, connection: string): Record<string, unknown> => ({
  apiVersion: 'vpc.weft.dev/v1alpha1',
  kind: 'VPCAttachment',
  metadata: { name, namespace: 'default' },
  spec: { subnet, connection },
});

export function create(kind: string, body: unknown, actor: Actor = ARCHITECT): WriteRequest {
  return { action: 'create', kind, body, actor, via: 'rest' };
}

export function remove(kind: string, name: string, actor: Actor = ARCHITECT): WriteRequest {
  return { action: 'delete', kind, key: { kind, namespace: 'default', name }, actor, via: 'rest' };
}
