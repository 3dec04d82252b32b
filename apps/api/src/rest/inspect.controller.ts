/**
 * `GET /api/v1/inspect/{kind}/{name}`: what `weft inspect vpc/NAME | switch/NAME | server/NAME |
 * connection/NAME` prints, from the compiled devices and the agents' last reports (#inspect).
 * Access is the read access of the object named: a tenant inspects its own VPCs, servers and
 * connections (and sees only its own VPCs on them), never a switch, whose state concerns every
 * tenant; another tenant's object answers 404, as a read does.
 */
import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import type { AnyResource } from '#domain';
import { connectionPorts, forTenant, inspectConnection, inspectServer, inspectSwitch, inspectVpc, type Inspection, type InspectInput, type VpcFilter } from '#inspect';
import { CurrentActor } from '../http/auth.js';
import { FABRIC_STORE } from '../http/injection-tokens.js';
import type { FabricStore } from '../store/fabric-store.js';
import { StoreError, type Actor } from '../store/store.types.js';
import { checkKnownParams, namespaceParam, type QueryValue } from './query.js';

export type InspectStore = Pick<FabricStore, 'get' | 'list' | 'compiled' | 'agentReports'>;

const SYSTEM: Actor = { name: 'system', role: 'architect' };
export const INSPECT_KINDS = ['vpc', 'switch', 'server', 'connection'] as const;

@Controller('api/v1/inspect/:kind/:name')
export class InspectController {
  constructor(@Inject(FABRIC_STORE) private readonly store: InspectStore) {}

  @Get()
  inspect(@Param('kind') kind: string, @Param('name') name: string, @Query() query: Record<string, QueryValue>, @CurrentActor() actor: Actor): Inspection {
    checkKnownParams(query, ['namespace']);
    const answer = this.answer(kind, name, query, actor);
    return actor.role === 'tenant' ? forTenant(answer) : answer;
  }

  private answer(kind: string, name: string, query: Record<string, QueryValue>, actor: Actor): Inspection {
    switch (kind) {
      case 'vpc': {
        const namespace = namespaceParam(query.namespace) ?? 'default';
        this.store.get({ kind: 'VPC', namespace, name }, actor);
        return inspectVpc(this.input(), `${namespace}/${name}`);
      }
      case 'switch': {
        if (actor.role === 'tenant') throw new StoreError('forbidden', `a tenant cannot inspect Switch ${name}: a switch's state concerns every tenant; inspect your VPCs (vpc/NAME) or servers instead`);
        this.store.get({ kind: 'Switch', name }, actor);
        const found = inspectSwitch(this.input(), name);
        if (found === undefined) throw new StoreError('not-found', `Switch ${name} is not compiled yet`);
        return found;
      }
      case 'server':
        this.store.get({ kind: 'Server', name }, actor);
        return inspectServer(this.input(), name, this.visibleVpcs(actor));
      case 'connection': {
        this.store.get({ kind: 'Connection', name }, actor);
        const found = inspectConnection(this.input(), name, this.visibleVpcs(actor));
        if (found === undefined) throw new StoreError('not-found', `Connection ${name} is not compiled yet`);
        return found;
      }
      default:
        throw new StoreError('invalid', `cannot inspect "${kind}": expected one of ${INSPECT_KINDS.join(', ')}`);
    }
  }

  private input(): InspectInput {
    const connections = this.store.list('Connection', {}, SYSTEM).flatMap((c) => connectionPorts(c as unknown as AnyResource) ?? []);
    return { devices: this.store.compiled.devices, connections, agents: this.store.agentReports() };
  }

  /** A tenant sees its own VPCs on a server's ports; everyone else all of them. */
  private visibleVpcs(actor: Actor): VpcFilter {
    if (actor.role !== 'tenant') return () => true;
    const own = new Set(this.store.list('VPC', {}, actor).map((v) => `${v.metadata.namespace ?? 'default'}/${v.metadata.name}`));
    return (vpc) => own.has(vpc);
  }
}
