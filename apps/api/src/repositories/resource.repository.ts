/**
 * The `resources` table and its tombstones. A batch's objects go in two statements whatever its
 * size (deletes with their tombstones, then one `unnest` upsert); a replica catching up reads
 * the rows and tombstones above its version.
 */
import { Injectable } from '@nestjs/common';
import { MoreThan, type EntityManager } from 'typeorm';
import { ResourceEntity, ResourceTombstoneEntity } from '../database/entities/index.js';
import { columns, execute } from './sql.js';

/** An object as it is stored. */
export interface ResourceRow {
  readonly kind: string;
  /** '' for cluster-scoped kinds */
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  readonly apiVersion: string;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly spec: unknown;
  readonly tenant: string | null;
  readonly owner: 'api' | 'kubernetes';
  readonly generation: number;
  /** the creation time the object was shown with, so that a restart shows the same */
  readonly createdAt: string;
}

export interface ResourceKey {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

@Injectable()
export class ResourceRepository {
  /** Every object, in key order. */
  loadAll(manager: EntityManager): Promise<ResourceEntity[]> {
    return manager.find(ResourceEntity, { order: { kind: 'ASC', namespace: 'ASC', name: 'ASC' } });
  }

  /** What changed after `version`: objects written, and keys deleted (a key with both was deleted, then written). */
  async loadSince(manager: EntityManager, version: number): Promise<{ written: ResourceEntity[]; deleted: ResourceTombstoneEntity[] }> {
    const written = await manager.find(ResourceEntity, { where: { resourceVersion: MoreThan(version) } });
    const deleted = await manager.find(ResourceTombstoneEntity, { where: { resourceVersion: MoreThan(version) } });
    return { written, deleted };
  }

  async count(manager: EntityManager): Promise<number> {
    return manager.count(ResourceEntity);
  }

  /** Deletes `deleted` (leaving tombstones) and upserts `written`, all at fabric version `version`. */
  async persist(manager: EntityManager, deleted: readonly ResourceKey[], written: readonly ResourceRow[], version: number): Promise<void> {
    if (deleted.length > 0) {
      const keys = columns(
        deleted.map((k) => [k.kind, k.namespace, k.name]),
        3,
      );
      await execute(manager, 'DELETE FROM resources WHERE (kind, namespace, name) IN (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]))', keys);
      await execute(
        manager,
        `INSERT INTO resource_tombstones (kind, namespace, name, resource_version) SELECT k, ns, n, $4 FROM unnest($1::text[], $2::text[], $3::text[]) AS t(k, ns, n)
         ON CONFLICT (kind, namespace, name) DO UPDATE SET resource_version = EXCLUDED.resource_version`,
        [...keys, version],
      );
    }
    if (written.length === 0) return;
    const rows = written.map((r) => [r.kind, r.namespace, r.name, r.uid, r.apiVersion, JSON.stringify(r.metadata), JSON.stringify(r.spec), r.tenant, r.owner, r.generation, r.createdAt]);
    await execute(
      manager,
      `INSERT INTO resources (kind, namespace, name, uid, api_version, metadata, spec, tenant, owner, generation, resource_version, created_at)
       SELECT k, ns, n, u::uuid, av, m::jsonb, sp::jsonb, t, o, g, $12, c
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::bigint[], $11::timestamptz[])
         AS t(k, ns, n, u, av, m, sp, t, o, g, c)
       ON CONFLICT (kind, namespace, name) DO UPDATE SET metadata = EXCLUDED.metadata, spec = EXCLUDED.spec, tenant = EXCLUDED.tenant,
         owner = EXCLUDED.owner, generation = EXCLUDED.generation, resource_version = EXCLUDED.resource_version, updated_at = now()`,
      [...columns(rows, 11), version],
    );
  }
}
