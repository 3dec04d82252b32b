/**
 * The change events of the fabric, for every live stream (REST SSE, GraphQL subscriptions,
 * agent watches), each as its reader may see it (access-policy.ts). One announcement per state
 * change, whoever made it: a batch this replica committed, another replica's commit read through
 * the change feed, an agent's report. A reader who saw an object and still does gets MODIFIED,
 * one who did not and now does ADDED, one who saw it and no longer does DELETED (as it was).
 */
import { Injectable } from '@nestjs/common';
import { changedVpcStatuses } from '#compiler';
import { canSee } from '../access/access-policy.js';
import { agentObject } from '../agents/agent-view.js';
import type { FabricSnapshot } from '../fabric/fabric-state.js';
import { tenantsIn, viewFor, type ViewState } from '../fabric/resource-view.js';
import { storeKey, type Stored } from '../fabric/stored-object.js';
import type { Actor, ResourceObject, StoreEvent } from '../store/store.types.js';
import { EventHub, type StreamEnd } from './event-hub.js';

/** An object a change wrote or deleted. */
export interface ObjectChange {
  readonly key: string;
  readonly before?: Stored;
  readonly after?: Stored;
}

@Injectable()
export class FabricEvents {
  /** live streams, fed with every change as each actor may see it */
  readonly hub = new EventHub();

  /** Ends every live stream with a reason (the service stops). */
  endAll(reason: StreamEnd = { code: 'unavailable', message: 'the service is stopping' }): void {
    this.hub.endAll(reason);
  }

  /**
   * Everything that differs between two snapshots: the objects written, the Agents whose desired
   * state or report changed (with the Switch and the VPCs it carries, whose status follows the
   * report), the VPCs whose status changed through another write, and those whose DHCP leases
   * were reported.
   */
  announce(base: FabricSnapshot, next: FabricSnapshot, changes: readonly ObjectChange[]): void {
    const written = new Set(changes.map((change) => change.key));
    for (const change of changes) this.emitChange(change, base, next);
    const reported = new Set<string>();
    for (const sw of new Set([...base.agents.keys(), ...next.agents.keys()])) {
      const before = base.agents.get(sw);
      const after = next.agents.get(sw);
      if (before === after) continue;
      if (after === undefined) {
        this.emitAgent('DELETED', sw, () => agentObject(sw, base));
        continue;
      }
      this.emitAgent(before === undefined ? 'ADDED' : 'MODIFIED', sw, () => agentObject(sw, next));
      if (before !== undefined && before.status !== after.status) reported.add(sw);
    }
    const modified = new Set<string>();
    const emitModified = (key: string): void => {
      const stored = next.objects.get(key);
      if (stored === undefined || written.has(key) || modified.has(key)) return;
      modified.add(key);
      this.emitObject('MODIFIED', stored, next);
    };
    for (const sw of reported) emitModified(storeKey('Switch', undefined, sw));
    // a VPC whose DHCP leases were reported
    for (const [key, report] of next.leases) {
      if (base.leases.get(key) === report) continue;
      const slash = key.indexOf('/');
      emitModified(storeKey('VPC', key.slice(0, slash), key.slice(slash + 1)));
    }
    // without a report, a VPC's status changed only where it is not the very same object: those
    // are read from the parts the two statuses maps do not share, not by walking every VPC
    const statusKeys = reported.size === 0 ? changedVpcStatuses(base.result.vpcStatus, next.result.vpcStatus) : next.result.vpcStatus.keys();
    for (const key of statusKeys) {
      const status = next.result.vpcStatus.get(key);
      if (status === undefined) continue;
      const earlier = base.result.vpcStatus.get(key);
      const onReportedSwitch = (status.switches ?? []).some((sw) => reported.has(sw));
      // an incremental compile keeps the status objects of the VPCs it did not touch
      const changed = earlier !== undefined && earlier !== status && JSON.stringify(earlier) !== JSON.stringify(status);
      if (!changed && !onReportedSwitch) continue;
      const slash = key.indexOf('/');
      emitModified(storeKey('VPC', key.slice(0, slash), key.slice(slash + 1)));
    }
  }

  /** A written object's event, judged on the object before (in `base`) and after (in `next`). */
  private emitChange(change: ObjectChange, base: ViewState, next: ViewState): void {
    const { before, after } = change;
    const kind = (after ?? before)?.resource.kind ?? '';
    const tenantsBefore = before === undefined ? undefined : tenantsIn(before.resource, base.objects);
    const tenantsAfter = after === undefined ? undefined : tenantsIn(after.resource, next.objects);
    const views = new Map<string, ResourceObject>();
    const viewOnce = (stored: Stored, actor: Actor, state: ViewState, tag: string): ResourceObject => {
      // one view per event for everyone, except a tenant's redacted Switch
      const cacheKey = stored.resource.kind === 'Switch' && actor.role === 'tenant' ? `${tag}|${actor.tenant ?? ''}` : tag;
      let view = views.get(cacheKey);
      if (view === undefined) {
        view = viewFor(stored, actor, state);
        views.set(cacheKey, view);
      }
      return view;
    };
    this.hub.publish({
      present: (actor) => {
        const sawIt = tenantsBefore !== undefined && canSee(actor, kind, tenantsBefore);
        const seesIt = tenantsAfter !== undefined && canSee(actor, kind, tenantsAfter);
        if (seesIt && after !== undefined) return { type: sawIt ? 'MODIFIED' : 'ADDED', object: viewOnce(after, actor, next, 'after') };
        if (sawIt && before !== undefined) return { type: 'DELETED', object: viewOnce(before, actor, base, 'before') };
        return undefined;
      },
    });
  }

  /** An object's event, for those who may see it now. */
  private emitObject(type: StoreEvent['type'], stored: Stored, state: ViewState): void {
    const tenants = tenantsIn(stored.resource, state.objects);
    const shared = new Map<string, ResourceObject>();
    this.hub.publish({
      present: (actor) => {
        if (!canSee(actor, stored.resource.kind, tenants)) return undefined;
        const cacheKey = stored.resource.kind === 'Switch' && actor.role === 'tenant' ? (actor.tenant ?? '') : '*';
        let view = shared.get(cacheKey);
        if (view === undefined) {
          view = viewFor(stored, actor, state);
          shared.set(cacheKey, view);
        }
        return { type, object: view };
      },
    });
  }

  /**
   * An Agent's event: architects, viewers and that switch's agent receive it. The object (the
   * switch's whole desired state, its CONFIG_DB parsed) is made once, and only when a stream
   * receives it: a write batch that rebuilt four leaves with no one watching makes none.
   */
  private emitAgent(type: StoreEvent['type'], sw: string, view: () => ResourceObject | undefined): void {
    let object: ResourceObject | undefined;
    let made = false;
    this.hub.publish({
      present: (actor) => {
        if (!(actor.role === 'architect' || actor.role === 'viewer' || (actor.role === 'agent' && actor.switch === sw))) return undefined;
        if (!made) {
          object = view();
          made = true;
        }
        return object === undefined ? undefined : { type, object };
      },
    });
  }
}
