/**
 * The fabric store: the one surface the transports (REST, GraphQL, the console, agents, the
 * Kubernetes controller) use. It holds no logic of its own; each call goes to the service whose
 * job it is:
 *   reads           fabric/fabric-reader.service.ts  (tenancy rules: access/access-policy.ts)
 *   writes          fabric/fabric-writer.service.ts  (queue, batch, commit; evaluation is pure)
 *   agents          agents/agents.service.ts         (registry, reports; quarantine.service.ts)
 *   audit           audit/audit.service.ts
 *   events          events/fabric-events.service.ts  (live streams, as each reader may see them)
 *   DHCP leases     dhcp/dhcp-leases.service.ts      (the DHCP adapter's reports)
 */
import { Injectable } from '@nestjs/common';
import type { AgentStatus } from '#api';
import type { CompileResult } from '#compiler';
import { AGENT_NAMESPACE } from '../agents/agent-record.js';
import { AgentsService } from '../agents/agents.service.js';
import { AuditService } from '../audit/audit.service.js';
import { DhcpLeasesService } from '../dhcp/dhcp-leases.service.js';
import type { EventHub, StreamEnd } from '../events/event-hub.js';
import { FabricEvents } from '../events/fabric-events.service.js';
import { FabricReader, type PoolUsageLine } from '../fabric/fabric-reader.service.js';
import { FabricState } from '../fabric/fabric-state.js';
import { FabricWriter } from '../fabric/fabric-writer.service.js';
import { objectView } from '../fabric/resource-view.js';
import type { Stored } from '../fabric/stored-object.js';
import type { Actor, AuditEntry, AuditQuery, ListQuery, ObjectKey, ResourceObject, StoreEvent, WriteRequest, WriteResult } from './store.types.js';

export { AGENT_NAMESPACE };

@Injectable()
export class FabricStore {
  constructor(
    private readonly state: FabricState,
    private readonly reader: FabricReader,
    private readonly writer: FabricWriter,
    private readonly agents: AgentsService,
    private readonly auditLog: AuditService,
    private readonly fabricEvents: FabricEvents,
    private readonly dhcpLeases: DhcpLeasesService,
  ) {}

  // ---------------------------------------------------------------- reads

  /** The compile result the service serves now. */
  get compiled(): CompileResult {
    return this.reader.compiled;
  }

  /** The fabric version this replica holds (it follows the database). */
  get version(): number {
    return this.state.current.version;
  }

  list(kind: string, query: ListQuery, actor: Actor): ResourceObject[] {
    return this.reader.list(kind, query, actor);
  }

  get(key: ObjectKey, actor: Actor): ResourceObject {
    return this.reader.get(key, actor);
  }

  /** The object as users see it, with its status (as architects see it). */
  view(stored: Stored, result: CompileResult = this.compiled): ResourceObject {
    return objectView(stored, { result, agents: this.state.current.agents, leases: this.state.current.leases });
  }

  /** Pool usage, for /metrics. */
  poolUsage(): PoolUsageLine[] {
    return this.reader.poolUsage();
  }

  // ---------------------------------------------------------------- writes

  /** A write (create, replace, delete) or its dry run; rejects with a StoreError when refused. */
  async apply(request: WriteRequest): Promise<WriteResult> {
    if (request.dryRun === true) return this.writer.dryRun(request);
    return this.writer.write(request);
  }

  /** Stops taking writes and waits for the queue to empty (every write in it answered). */
  close(): Promise<void> {
    return this.writer.close();
  }

  // ---------------------------------------------------------------- agents

  agent(sw: string, actor: Actor): ResourceObject {
    return this.agents.agent(sw, actor);
  }

  /** Every switch's desired generation and its agent's last report (for `weft inspect`; callers check access). */
  agentReports(): ReadonlyMap<string, { readonly generation: number; readonly status?: AgentStatus }> {
    return new Map([...this.state.current.agents].map(([sw, a]) => [sw, { generation: a.generation, ...(a.status === undefined ? {} : { status: a.status }) }]));
  }

  listAgents(actor: Actor): ResourceObject[] {
    return this.agents.listAgents(actor);
  }

  reportStatus(sw: string, body: unknown, actor: Actor): Promise<ResourceObject> {
    return this.agents.reportStatus(sw, body, actor);
  }

  // ---------------------------------------------------------------- DHCP

  /** Weft's DHCP adapter reports the leases of a VPC; they replace its last report and show in the VPC's status. */
  reportDhcpLeases(key: ObjectKey, body: unknown, actor: Actor): Promise<ResourceObject> {
    return this.dhcpLeases.report(key, body, actor);
  }

  // ---------------------------------------------------------------- audit and events

  audit(query: AuditQuery, actor: Actor): Promise<AuditEntry[]> {
    return this.auditLog.query(query, actor);
  }

  /** Live streams (SSE, GraphQL subscriptions, agent watches) subscribe here. */
  get events(): EventHub {
    return this.fabricEvents.hub;
  }

  /**
   * Calls `listener` with every change the actor may see, as it may see it, until the returned
   * function is called or the stream is ended (token revoked or expired, service stopping):
   * then `onEnd` hears why.
   */
  subscribe(listener: (event: StoreEvent) => void, actor: Actor, onEnd: (reason: StreamEnd) => void = () => undefined): () => void {
    return this.events.subscribe({ actor, onEvent: listener, onEnd });
  }

  /** Live subscriptions, so a test can check that closed streams leave none behind. */
  listenerCount(): number {
    return this.events.size;
  }

  /** Ends every live stream with a reason (the service stops). */
  endStreams(reason?: StreamEnd): void {
    this.fabricEvents.endAll(reason);
  }
}
