/**
 * The audit log as each actor may read it: architects and viewers everything, a tenant only the
 * rows of its own tenant (whatever filter it asks for), agents nothing. Newest first.
 */
import { Injectable } from '@nestjs/common';
import type { DevicePlan } from '#compiler';
import { unstorableText } from '#domain';
import { requestFailure } from '../database/database-errors.js';
import type { AuditEntryEntity } from '../database/entities/index.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { AuditRepository } from '../repositories/audit.repository.js';
import { StoreError, type Actor, type AuditEntry, type AuditQuery, type Interface } from '../store/store.types.js';

export const DEFAULT_AUDIT_LIMIT = 100;
export const MAX_AUDIT_LIMIT = 1000;

@Injectable()
export class AuditService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditRepository,
  ) {}

  async query(query: AuditQuery, actor: Actor): Promise<AuditEntry[]> {
    if (actor.role === 'agent') throw new StoreError('forbidden', 'agents do not read the audit log');
    for (const [name, value] of Object.entries(query)) {
      const why = typeof value === 'string' ? unstorableText(value) : undefined;
      if (why !== undefined) throw new StoreError('invalid', `the audit filter ${name} ${why}`);
    }
    const tenant = actor.role === 'tenant' ? actor.tenant : query.tenant;
    let rows: AuditEntryEntity[];
    try {
      rows = await this.audit.query(this.uow.manager, {
        ...(query.kind === undefined ? {} : { kind: query.kind }),
        ...(query.namespace === undefined ? {} : { namespace: query.namespace }),
        ...(query.name === undefined ? {} : { name: query.name }),
        ...(tenant === undefined ? {} : { tenant }),
        ...(query.actor === undefined ? {} : { actor: query.actor }),
        ...(query.since === undefined ? {} : { since: query.since }),
        ...(query.before === undefined ? {} : { before: query.before }),
        limit: Math.min(Math.max(query.limit ?? DEFAULT_AUDIT_LIMIT, 1), MAX_AUDIT_LIMIT),
      });
    } catch (e) {
      throw requestFailure(e, 'the audit log cannot be read');
    }
    return rows.map(entryOf);
  }
}

function entryOf(r: AuditEntryEntity): AuditEntry {
  return {
    id: Number(r.id),
    at: r.at.toISOString(),
    actor: r.actor,
    role: r.role as AuditEntry['role'],
    ...(r.tenant === null ? {} : { tenant: r.tenant }),
    via: r.via as Interface,
    ...(r.requestId === null ? {} : { requestId: r.requestId }),
    action: r.action as AuditEntry['action'],
    kind: r.kind,
    ...(r.namespace === null ? {} : { namespace: r.namespace }),
    name: r.name,
    ...(r.before === null ? {} : { before: r.before }),
    ...(r.after === null ? {} : { after: r.after }),
    ...(r.plan === null ? {} : { plan: r.plan as DevicePlan[] }),
  };
}
