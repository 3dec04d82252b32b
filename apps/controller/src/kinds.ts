/**
 * The kinds the controller reconciles (every api/ kind but Agent, which it writes) and where each
 * lives in the API, in the order the compiler reads them: wiring first, then policy, then intents.
 */
import { RESOURCE_DEFINITIONS, type ResourceDefinition } from '#api';
import type { ResourceRef } from './kube/client.js';

export interface ReconciledKind extends ResourceRef {
  readonly kind: string;
  readonly definition: ResourceDefinition;
  /** its place in the compiler's order: a fresh start applies wiring before what uses it */
  readonly order: number;
}

function refOf(definition: ResourceDefinition): ResourceRef {
  return { group: definition.group, version: definition.version, plural: definition.plural, namespaced: definition.scope === 'Namespaced' };
}

export const AGENT_DEFINITION = RESOURCE_DEFINITIONS.find((d) => d.kind === 'Agent');
if (AGENT_DEFINITION === undefined) throw new Error('api/ has no Agent kind');
export const AGENT_REF: ResourceRef = refOf(AGENT_DEFINITION);

export const RECONCILED_KINDS: readonly ReconciledKind[] = RESOURCE_DEFINITIONS.filter((d) => d.kind !== 'Agent').map((definition, order) => ({
  ...refOf(definition),
  kind: definition.kind,
  definition,
  order,
}));

export function reconciledKind(kind: string): ReconciledKind | undefined {
  return RECONCILED_KINDS.find((k) => k.kind === kind);
}

/** `Kind/namespace/name` (namespace empty for cluster-scoped kinds): a work queue key. */
export function objectKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

export function parseObjectKey(key: string): { kind: string; namespace: string | undefined; name: string } {
  const [kind = '', namespace = '', ...rest] = key.split('/');
  return { kind, namespace: namespace === '' ? undefined : namespace, name: rest.join('/') };
}
