/**
 * `GET /api/v1/vpcs/{name}/explain`: what `weft explain vpc/NAME` prints, from the service's own
 * compile: which policy rule chose the isolation and why, every number allocated, where each
 * attachment lands, the peerings and the diagnostics about the VPC. Whoever may read the VPC may
 * read this; a tenant gets the deciding sentence only, since the rules that did not match name
 * other tenants.
 */
import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { explainVpc, type VpcExplanation } from '#compiler';
import { CurrentActor } from '../http/auth.js';
import { FABRIC_STORE } from '../http/injection-tokens.js';
import type { FabricStore } from '../store/fabric-store.js';
import { StoreError, type Actor } from '../store/store.types.js';
import { checkKnownParams, namespaceParam, type QueryValue } from './query.js';

export type ExplainStore = Pick<FabricStore, 'get' | 'compiled'>;

/** The explanation with one deciding sentence instead of the trace (other rules name other tenants). */
export function forTenant(explanation: VpcExplanation): VpcExplanation {
  const { rule, isolation } = explanation;
  if (rule === undefined || isolation === undefined) return { ...explanation, trace: [] };
  return { ...explanation, trace: [rule === 'default' ? `no rule matched: policy default ${isolation}` : `rule ${rule} matches -> ${isolation}`] };
}

@Controller('api/v1/vpcs/:name/explain')
export class ExplainController {
  constructor(@Inject(FABRIC_STORE) private readonly store: ExplainStore) {}

  @Get()
  explain(@Param('name') name: string, @Query() query: Record<string, QueryValue>, @CurrentActor() actor: Actor): VpcExplanation {
    checkKnownParams(query, ['namespace']);
    const namespace = namespaceParam(query.namespace) ?? 'default';
    // the same answer as a read: 404 for a VPC that does not exist or that the token may not see
    this.store.get({ kind: 'VPC', namespace, name }, actor);
    const explanation = explainVpc(this.store.compiled, `${namespace}/${name}`);
    if (explanation === undefined) throw new StoreError('not-found', `VPC ${namespace}/${name} is not compiled yet`);
    return actor.role === 'tenant' ? forTenant(explanation) : explanation;
  }
}
