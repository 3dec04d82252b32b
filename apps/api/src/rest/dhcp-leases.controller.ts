/**
 * `PUT /api/v1/vpcs/{name}/dhcp-leases`: Weft's DHCP adapter reports the leases it holds in a
 * VPC (architect token); they show in the VPC's `status.subnets.<name>.leases` for whoever may
 * read the VPC.
 */
import { Body, Controller, Inject, Param, Put, Query } from '@nestjs/common';
import { CurrentActor } from '../http/auth.js';
import { FABRIC_STORE } from '../http/injection-tokens.js';
import type { FabricStore } from '../store/fabric-store.js';
import type { Actor, ResourceObject } from '../store/store.types.js';
import { checkKnownParams, namespaceParam, type QueryValue } from './query.js';

@Controller('api/v1/vpcs/:name/dhcp-leases')
export class DhcpLeasesController {
  constructor(@Inject(FABRIC_STORE) private readonly store: Pick<FabricStore, 'reportDhcpLeases'>) {}

  @Put()
  report(@Param('name') name: string, @Query() query: Record<string, QueryValue>, @Body() body: unknown, @CurrentActor() actor: Actor): Promise<ResourceObject> {
    checkKnownParams(query, ['namespace']);
    return this.store.reportDhcpLeases({ kind: 'VPC', namespace: namespaceParam(query.namespace) ?? 'default', name }, body, actor);
  }
}
