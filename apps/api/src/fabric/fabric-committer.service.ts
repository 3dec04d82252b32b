/**
 * Commits fabric changes, each in one transaction under the writer lock, at the next fabric
 * version: a batch's objects, allocation difference, agent generations and audit rows; an
 * agent's report; a DHCP lease report; a quarantine release. A commit is refused as stale (nothing written) when the
 * database moved past the snapshot it was computed from: another replica committed first, and
 * the writer catches up and evaluates again.
 */
import { Injectable } from '@nestjs/common';
import type { Allocations } from '#allocator';
import type { EntityManager } from 'typeorm';
import type { AgentMap, AgentRecord } from '../agents/agent-record.js';
import { agentChanges } from '../agents/agent-generations.js';
import { LOCK_WRITER } from '../database/locks.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { AgentRepository } from '../repositories/agent.repository.js';
import { AllocationRepository } from '../repositories/allocation.repository.js';
import { AuditRepository, type AuditRow } from '../repositories/audit.repository.js';
import { DhcpLeaseRepository } from '../repositories/dhcp-lease.repository.js';
import type { LeaseReport } from '../dhcp/lease-report.js';
import { FabricVersionRepository } from '../repositories/fabric-version.repository.js';
import { ResourceRepository, type ResourceKey, type ResourceRow } from '../repositories/resource.repository.js';

/** A state change computed from the snapshot at `baseVersion`. */
export interface FabricChange {
  readonly baseVersion: number;
  readonly deleted: readonly ResourceKey[];
  readonly written: readonly ResourceRow[];
  readonly allocationsBefore: Allocations;
  readonly allocationsAfter: Allocations;
  readonly agentsBefore: AgentMap;
  readonly agentsAfter: AgentMap;
  readonly audit: readonly AuditRow[];
}

/** Committed at `version`, or not at all because the database is past the snapshot. */
export type CommitOutcome = { readonly committed: true; readonly version: number } | { readonly committed: false };

@Injectable()
export class FabricCommitter {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly versions: FabricVersionRepository,
    private readonly resources: ResourceRepository,
    private readonly allocations: AllocationRepository,
    private readonly agents: AgentRepository,
    private readonly audit: AuditRepository,
    private readonly leases: DhcpLeaseRepository,
  ) {}

  /** The database's fabric version now. */
  head(): Promise<number> {
    return this.versions.head(this.uow.manager);
  }

  commit(change: FabricChange): Promise<CommitOutcome> {
    return this.atNextVersion(change.baseVersion, async (manager, version) => {
      await this.resources.persist(manager, change.deleted, change.written, version);
      await this.allocations.write(manager, change.allocationsBefore, change.allocationsAfter);
      const { changed, gone } = agentChanges(change.agentsBefore, change.agentsAfter);
      await this.agents.persistGenerations(manager, changed, gone, version);
      await this.audit.append(manager, change.audit);
    });
  }

  /** An agent's report. Recorded whatever the snapshot's version (reports of different switches do not conflict). */
  async recordStatus(sw: string, record: AgentRecord): Promise<{ version: number; previous: number }> {
    return this.uow.transaction(async (manager) => {
      const previous = await this.versions.lockHead(manager);
      const version = previous + 1;
      if (record.status !== undefined) await this.agents.recordStatus(manager, sw, record.status, record.appliedAllocationGeneration, version);
      await this.versions.advance(manager, version);
      return { version, previous };
    });
  }

  /** A VPC's DHCP lease report. Recorded whatever the snapshot's version, like an agent's report. */
  async recordLeases(namespace: string, name: string, report: LeaseReport): Promise<{ version: number; previous: number }> {
    return this.uow.transaction(async (manager) => {
      const previous = await this.versions.lockHead(manager);
      const version = previous + 1;
      await this.leases.record(manager, namespace, name, report, version);
      await this.versions.advance(manager, version);
      return { version, previous };
    });
  }

  /** Releases the quarantined VNIs freed at or before allocation generation `floor`. */
  releaseQuarantine(baseVersion: number, floor: number): Promise<CommitOutcome> {
    return this.atNextVersion(baseVersion, (manager) => this.allocations.releaseQuarantine(manager, floor));
  }

  /** Writes at the next version if the database is still at `baseVersion`, under the writer lock. */
  private async atNextVersion(baseVersion: number, write: (manager: EntityManager, version: number) => Promise<void>): Promise<CommitOutcome> {
    return this.uow.transaction(async (manager) => {
      const head = await this.versions.lockForWriter(manager, LOCK_WRITER);
      if (head !== baseVersion) return { committed: false };
      const version = head + 1;
      await write(manager, version);
      await this.versions.advance(manager, version);
      return { committed: true, version };
    });
  }
}
