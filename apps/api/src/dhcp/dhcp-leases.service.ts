/**
 * Weft's DHCP adapter reports the leases it holds in a VPC (architect token): checked against
 * the VPC's subnets, recorded in the writer's loop at the next fabric version (so every replica
 * reads it through the change feed), and announced as the VPC's MODIFIED event. The leases show
 * in the VPC's `status.subnets.<name>.leases` for whoever may read the VPC (resource-view.ts).
 */
import { Injectable } from '@nestjs/common';
import { keyOf } from '#domain';
import { requestFailure } from '../database/database-errors.js';
import { FabricEvents } from '../events/fabric-events.service.js';
import { FabricCommitter } from '../fabric/fabric-committer.service.js';
import { FabricState, type FabricSnapshot } from '../fabric/fabric-state.js';
import { FabricWriter } from '../fabric/fabric-writer.service.js';
import { viewFor } from '../fabric/resource-view.js';
import { describeKey, namespaceOf, storeKey } from '../fabric/stored-object.js';
import { StoreTelemetry } from '../store/store-telemetry.js';
import { StoreError, type Actor, type ObjectKey, type ResourceObject } from '../store/store.types.js';
import { checkLeaseReport } from './lease-report.js';

@Injectable()
export class DhcpLeasesService {
  constructor(
    private readonly state: FabricState,
    private readonly writer: FabricWriter,
    private readonly committer: FabricCommitter,
    private readonly events: FabricEvents,
    private readonly telemetry: StoreTelemetry,
  ) {}

  /** Replaces the VPC's last report; answers the VPC with its leases. */
  async report(key: ObjectKey, body: unknown, actor: Actor): Promise<ResourceObject> {
    if (actor.role !== 'architect') throw new StoreError('forbidden', `role ${actor.role} may not report DHCP leases`);
    return this.writer.run(async () => {
      const base = this.state.current;
      const namespace = namespaceOf(key) ?? 'default';
      const stored = base.objects.get(storeKey('VPC', namespace, key.name));
      if (stored?.resource.kind !== 'VPC') throw new StoreError('not-found', `VPC ${describeKey({ ...key, kind: 'VPC', namespace })} not found`);
      const vpcKey = keyOf(stored.resource);
      const cidrs = new Map(Object.entries(stored.resource.spec.subnets).map(([name, subnet]) => [name, subnet.cidr]));
      const report = { uid: stored.uid, subnets: checkLeaseReport(vpcKey, cidrs, body) };
      let committed: { version: number; previous: number };
      try {
        committed = await this.committer.recordLeases(namespace, key.name, report);
      } catch (e) {
        throw requestFailure(e, `the DHCP leases of VPC ${vpcKey} were not recorded`);
      }
      const after: FabricSnapshot = { ...base, leases: new Map(base.leases).set(vpcKey, report), version: committed.previous === base.version ? committed.version : base.version };
      this.state.swap(after);
      if (committed.previous !== base.version) this.writer.followDatabase();
      try {
        this.events.announce(base, after, []);
      } catch (e) {
        this.telemetry.failure(`announcing the DHCP leases of ${vpcKey} failed`, e);
      }
      return viewFor(stored, actor, after);
    });
  }
}
