/**
 * Reads the fabric from the database: in full at start (every object, compiled with the stored
 * allocations, so every number stays), and since a version when another replica committed. Each
 * read is one REPEATABLE READ transaction, so the version and the rows agree.
 */
import { Injectable } from '@nestjs/common';
import type { Allocations } from '#allocator';
import { compile, recompile, type CompileResult, type ResourceChange } from '#compiler';
import { groupResources, parseDocument } from '#domain';
import type { EntityManager } from 'typeorm';
import type { ResourceEntity } from '../database/entities/index.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { AgentRepository } from '../repositories/agent.repository.js';
import { AllocationRepository } from '../repositories/allocation.repository.js';
import { DhcpLeaseRepository } from '../repositories/dhcp-lease.repository.js';
import { FabricVersionRepository } from '../repositories/fabric-version.repository.js';
import { ResourceRepository } from '../repositories/resource.repository.js';
import { StoreTelemetry } from '../store/store-telemetry.js';
import { applyChanges, type CaughtUp } from './catch-up.js';
import type { FabricSnapshot } from './fabric-state.js';
import { keyOfResource, type Stored } from './stored-object.js';

@Injectable()
export class FabricLoader {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly versions: FabricVersionRepository,
    private readonly resources: ResourceRepository,
    private readonly allocations: AllocationRepository,
    private readonly agents: AgentRepository,
    private readonly leases: DhcpLeaseRepository,
    private readonly telemetry: StoreTelemetry,
  ) {}

  /** Every object, compiled with the stored allocations; the agents' records; the lease reports; the version. */
  async load(): Promise<FabricSnapshot> {
    const read = await this.uow.transaction(async (manager) => {
      const version = await this.versions.head(manager);
      const rows = await this.resources.loadAll(manager);
      const allocations = await this.allocations.read(manager);
      const agents = await this.agents.loadAll(manager);
      const leases = await this.leases.load(manager);
      return { version, rows, allocations, agents, leases };
    }, 'REPEATABLE READ');
    const objects = new Map<string, Stored>();
    for (const row of read.rows) {
      const stored = this.storedOf(row);
      if (stored !== undefined) objects.set(keyOfResource(stored.resource), stored);
    }
    const result = this.compileAll([...objects.values()], read.allocations);
    return { result, objects, agents: read.agents, leases: read.leases, version: read.version };
  }

  /** What the database holds beyond `current`, applied to it; undefined when nothing is newer. */
  async catchUp(current: FabricSnapshot): Promise<CaughtUp | undefined> {
    const read = await this.uow.transaction(async (manager: EntityManager) => {
      const version = await this.versions.head(manager);
      if (version <= current.version) return undefined;
      const { written, deleted } = await this.resources.loadSince(manager, current.version);
      const objectsChanged = written.length > 0 || deleted.length > 0;
      const allocations = objectsChanged ? await this.allocations.read(manager) : undefined;
      const quarantine = allocations?.quarantine ?? (await this.allocations.readQuarantine(manager));
      const agents = await this.agents.loadAll(manager);
      const leases = await this.leases.load(manager, current.version);
      return { version, written, deleted, allocations, quarantine, agents, leases };
    }, 'REPEATABLE READ');
    if (read === undefined) return undefined;
    const written = read.written.flatMap((row) => {
      const stored = this.storedOf(row);
      return stored === undefined ? [] : [stored];
    });
    const caught = applyChanges(
      current,
      { version: read.version, written, deleted: read.deleted, ...(read.allocations === undefined ? {} : { allocations: read.allocations }), quarantine: read.quarantine, agents: read.agents, leases: read.leases },
      { recompile: (base, change) => this.recompile(base, change), compileAll: (objects, previous) => this.compileAll(objects, previous) },
    );
    if (caught.recompiledInFull) this.telemetry.log('warn', 'following the database: the incremental compile did not give the stored numbers; the fabric was compiled in full');
    return caught;
  }

  compileAll(objects: readonly Stored[], previous: Allocations): CompileResult {
    return this.telemetry.timeCompile(() => compile(groupResources(objects.map((s) => s.resource)), { previous }));
  }

  recompile(base: CompileResult, change: ResourceChange): CompileResult {
    return this.telemetry.timeCompile(() => recompile(base, change));
  }

  private storedOf(row: ResourceEntity): Stored | undefined {
    const parsed = parseDocument({ value: { apiVersion: row.apiVersion, kind: row.kind, metadata: row.metadata, spec: row.spec } });
    if (parsed.resource === undefined) {
      this.telemetry.log('error', `stored ${row.kind} ${JSON.stringify(row.metadata.name)} no longer validates; it is ignored`, { diagnostics: parsed.diagnostics });
      return undefined;
    }
    return { resource: parsed.resource, uid: row.uid, owner: row.owner, generation: row.generation, resourceVersion: row.resourceVersion, createdAt: row.createdAt.toISOString() };
  }
}
