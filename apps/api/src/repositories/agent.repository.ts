/** The `agents` table: generations per switch (written with each batch) and agents' reports. */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AgentStatus } from '#api';
import type { AgentRecord } from '../agents/agent-record.js';
import { AgentEntity } from '../database/entities/index.js';
import { execute } from './sql.js';

@Injectable()
export class AgentRepository {
  async loadAll(manager: EntityManager): Promise<Map<string, AgentRecord>> {
    const rows = await manager.find(AgentEntity);
    return new Map(
      rows.map((a) => [
        a.switch,
        {
          generation: a.generation,
          filesHash: a.filesHash,
          allocationGeneration: a.allocationGeneration,
          ...(a.status === null ? {} : { status: a.status }),
          ...(a.appliedAllocationGeneration === null ? {} : { appliedAllocationGeneration: a.appliedAllocationGeneration }),
        },
      ]),
    );
  }

  /** New generations (one upsert) and the agents of switches that are gone. */
  async persistGenerations(manager: EntityManager, changed: readonly (readonly [string, AgentRecord])[], gone: readonly string[], version: number): Promise<void> {
    if (gone.length > 0) await execute(manager, 'DELETE FROM agents WHERE switch = ANY($1::text[])', [gone]);
    if (changed.length === 0) return;
    await execute(
      manager,
      `INSERT INTO agents (switch, generation, files_hash, allocation_generation, version) SELECT s, g, h, a, $5 FROM unnest($1::text[], $2::bigint[], $3::text[], $4::bigint[]) AS t(s, g, h, a)
       ON CONFLICT (switch) DO UPDATE SET generation = EXCLUDED.generation, files_hash = EXCLUDED.files_hash, allocation_generation = EXCLUDED.allocation_generation,
         version = EXCLUDED.version, updated_at = now()`,
      [changed.map(([sw]) => sw), changed.map(([, a]) => a.generation), changed.map(([, a]) => a.filesHash), changed.map(([, a]) => a.allocationGeneration), version],
    );
  }

  /** An agent's report. */
  async recordStatus(manager: EntityManager, sw: string, status: AgentStatus, appliedAllocationGeneration: number | undefined, version: number): Promise<void> {
    await manager.update(AgentEntity, { switch: sw }, { status, appliedAllocationGeneration: appliedAllocationGeneration ?? null, version, updatedAt: () => 'now()' });
  }
}
