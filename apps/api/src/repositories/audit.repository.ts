/** The append-only `audit` table: a batch's rows in one `unnest` insert; filtered reads, newest first. */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditEntryEntity } from '../database/entities/index.js';
import { columns, execute } from './sql.js';

/** One accepted write, as it is recorded. */
export interface AuditRow {
  readonly actor: string;
  readonly role: string;
  readonly tenant: string | null;
  readonly via: string;
  readonly requestId: string | null;
  readonly action: string;
  readonly kind: string;
  readonly namespace: string | null;
  readonly name: string;
  readonly before: unknown;
  readonly after: unknown;
  readonly plan: unknown;
}

export interface AuditFilters {
  readonly kind?: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly tenant?: string;
  readonly actor?: string;
  /** RFC 3339 */
  readonly since?: string;
  /** entries with a smaller id (paging) */
  readonly before?: number;
  readonly limit: number;
}

@Injectable()
export class AuditRepository {
  async append(manager: EntityManager, rows: readonly AuditRow[]): Promise<void> {
    if (rows.length === 0) return;
    const json = (value: unknown): string | null => (value === undefined || value === null ? null : JSON.stringify(value));
    const values = rows.map((r) => [r.actor, r.role, r.tenant, r.via, r.requestId, r.action, r.kind, r.namespace, r.name, json(r.before), json(r.after), json(r.plan)]);
    await execute(
      manager,
      `INSERT INTO audit (actor, role, tenant, via, request_id, action, kind, namespace, name, before, after, plan)
       SELECT a, r, t, v, q, ac, k, n, nm, b::jsonb, af::jsonb, p::jsonb
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
         AS t(a, r, t, v, q, ac, k, n, nm, b, af, p)`,
      columns(values, 12),
    );
  }

  query(manager: EntityManager, filters: AuditFilters): Promise<AuditEntryEntity[]> {
    const query = manager.createQueryBuilder(AuditEntryEntity, 'audit');
    const where = (condition: string, parameters: Record<string, unknown>): void => {
      query.andWhere(condition, parameters);
    };
    if (filters.kind !== undefined) where('audit.kind = :kind', { kind: filters.kind });
    if (filters.namespace !== undefined) where('audit.namespace = :namespace', { namespace: filters.namespace });
    if (filters.name !== undefined) where('audit.name = :name', { name: filters.name });
    if (filters.tenant !== undefined) where('audit.tenant = :tenant', { tenant: filters.tenant });
    if (filters.actor !== undefined) where('audit.actor = :actor', { actor: filters.actor });
    if (filters.since !== undefined) where('audit.at >= CAST(:since AS timestamptz)', { since: filters.since });
    if (filters.before !== undefined) where('audit.id < :before', { before: filters.before });
    return query.orderBy('audit.id', 'DESC').limit(filters.limit).getMany();
  }
}
