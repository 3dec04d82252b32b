/**
 * The rows a batch writes (pure): every object a step deleted (so a name deleted and created
 * again gets its new row), each remaining object in its final state, and an audit row per write
 * with its plan and the tenant it concerns.
 */
import type { AuditRow } from '../repositories/audit.repository.js';
import type { ResourceKey, ResourceRow } from '../repositories/resource.repository.js';
import { tenantsIn } from './resource-view.js';
import type { ObjectMap, Stored } from './stored-object.js';
import type { Step } from './write-evaluation.js';

export function resourceRows(steps: readonly Step[], objects: ObjectMap): { deleted: ResourceKey[]; written: ResourceRow[] } {
  const deleted = new Map<string, ResourceKey>();
  const written = new Map<string, Stored>();
  for (const step of steps) {
    if (step.after === undefined) {
      const r = step.before?.resource;
      if (r !== undefined) deleted.set(step.key, { kind: r.kind, namespace: r.metadata.namespace ?? '', name: r.metadata.name });
      written.delete(step.key);
      continue;
    }
    written.set(step.key, step.after);
  }
  return { deleted: [...deleted.values()], written: [...written.values()].map((stored) => resourceRow(stored, objects)) };
}

export function resourceRow(stored: Stored, objects: ObjectMap): ResourceRow {
  const { name, namespace, labels, annotations } = stored.resource.metadata;
  return {
    kind: stored.resource.kind,
    namespace: namespace ?? '',
    name,
    uid: stored.uid,
    apiVersion: stored.resource.apiVersion,
    metadata: { name, ...(namespace === undefined ? {} : { namespace }), ...(labels === undefined ? {} : { labels }), ...(annotations === undefined ? {} : { annotations }) },
    spec: stored.resource.spec,
    tenant: tenantsIn(stored.resource, objects)[0] ?? null,
    owner: stored.owner,
    generation: stored.generation,
    createdAt: stored.createdAt,
  };
}

/** Each row names the tenant of its object, looked up in the state the batch made (else the one before it). */
export function auditRows(steps: readonly Step[], objects: ObjectMap, baseObjects: ObjectMap): AuditRow[] {
  return steps.map((step) => {
    const r = step.after?.resource ?? step.before?.resource;
    const { actor } = step.request;
    return {
      actor: actor.name,
      role: actor.role,
      tenant: (r === undefined ? undefined : (tenantsIn(r, objects)[0] ?? tenantsIn(r, baseObjects)[0])) ?? actor.tenant ?? null,
      via: step.request.via,
      requestId: step.request.requestId ?? null,
      action: step.request.action,
      kind: step.request.kind,
      namespace: r?.metadata.namespace ?? null,
      name: r?.metadata.name ?? '',
      before: step.before === undefined ? null : step.before.resource.spec,
      after: step.after === undefined ? null : step.after.resource.spec,
      plan: step.plan,
    };
  });
}
