/**
 * The agent registry: each switch's Agent (its desired state at a generation) for those who may
 * read it, and agents' reports of what they applied. A report is recorded in the writer's loop
 * (so no batch replaces it), announced to every stream, and may release quarantined VNIs.
 */
import { Injectable } from '@nestjs/common';
import { requestFailure } from '../database/database-errors.js';
import { FabricEvents } from '../events/fabric-events.service.js';
import { FabricCommitter } from '../fabric/fabric-committer.service.js';
import { FabricState, type FabricSnapshot } from '../fabric/fabric-state.js';
import { FabricWriter } from '../fabric/fabric-writer.service.js';
import { Clock } from '../repositories/clock.provider.js';
import { withReport } from '../store/agent-rules.js';
import { StoreTelemetry } from '../store/store-telemetry.js';
import { StoreError, type Actor, type ResourceObject } from '../store/store.types.js';
import { checkAgentStatus } from './agent-status.js';
import { agentObject } from './agent-view.js';

const SYSTEM: Actor = { name: 'system', role: 'architect' };

@Injectable()
export class AgentsService {
  constructor(
    private readonly state: FabricState,
    private readonly writer: FabricWriter,
    private readonly committer: FabricCommitter,
    private readonly events: FabricEvents,
    private readonly clock: Clock,
    private readonly telemetry: StoreTelemetry,
  ) {}

  /** The desired state of a switch, as an Agent object. */
  agent(sw: string, actor: Actor): ResourceObject {
    checkMayRead(sw, actor);
    const found = agentObject(sw, this.state.current);
    if (found === undefined) throw new StoreError('not-found', `no Agent for switch ${sw}`);
    return found;
  }

  listAgents(actor: Actor): ResourceObject[] {
    if (actor.role === 'tenant') throw new StoreError('forbidden', 'tenants do not read Agents');
    const current = this.state.current;
    const switches = actor.role === 'agent' ? [actor.switch ?? ''] : [...current.result.devices.keys()];
    return switches.flatMap((sw) => {
      const found = agentObject(sw, current);
      return found === undefined ? [] : [found];
    });
  }

  /**
   * An agent reports what it applied. Once every switch has caught up with the allocation
   * generation that freed a quarantined VNI (store/agent-rules.ts), the VNI is released.
   */
  async reportStatus(sw: string, body: unknown, actor: Actor): Promise<ResourceObject> {
    if (actor.role !== 'agent' && actor.role !== 'architect') throw new StoreError('forbidden', `role ${actor.role} may not report agent status`);
    const status = checkAgentStatus(sw, body);
    if (actor.role === 'agent' && actor.switch !== sw) throw new StoreError('forbidden', `this agent token is for switch ${actor.switch ?? '?'}, not ${sw}`);
    return this.writer.run(async () => {
      let base = this.state.current;
      if (!base.agents.has(sw)) throw new StoreError('not-found', `no Agent for switch ${sw}`);
      const generation = status.appliedGeneration;
      // a generation this replica has not heard of yet: another replica may have committed it
      if (generation !== undefined && generation > (base.agents.get(sw)?.generation ?? 0)) base = await this.caughtUp();
      const record = base.agents.get(sw);
      if (record === undefined) throw new StoreError('not-found', `no Agent for switch ${sw}`);
      const next = withReport(record, { ...status, lastHeartbeat: status.lastHeartbeat ?? this.clock.now().toISOString() }, base.result.allocations.generation);
      let committed: { version: number; previous: number };
      try {
        committed = await this.committer.recordStatus(sw, next);
      } catch (e) {
        throw requestFailure(e, `the status of Agent ${sw} was not recorded`);
      }
      const after: FabricSnapshot = { ...base, agents: new Map(base.agents).set(sw, next), version: committed.previous === base.version ? committed.version : base.version };
      this.state.swap(after);
      if (committed.previous !== base.version) this.writer.followDatabase();
      try {
        this.events.announce(base, after, []);
      } catch (e) {
        this.telemetry.failure(`announcing the status of ${sw} failed`, e);
      }
      await this.writer.releaseApplied();
      return this.agent(sw, SYSTEM);
    });
  }

  private async caughtUp(): Promise<FabricSnapshot> {
    try {
      await this.writer.catchUpNow();
    } catch (e) {
      throw requestFailure(e, 'the status was not recorded');
    }
    return this.state.current;
  }
}

function checkMayRead(sw: string, actor: Actor): void {
  if (actor.role === 'tenant') throw new StoreError('forbidden', 'tenants do not read Agents');
  if (actor.role === 'agent' && actor.switch !== sw) throw new StoreError('forbidden', `this agent token is for switch ${actor.switch ?? '?'}, not ${sw}`);
}
