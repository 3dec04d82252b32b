/**
 * A SONiC switch: CONFIG_DB through the minimal ordered change (#configdb-diff), then frr.conf
 * through frr-reload.py. Before writing, the agent records what it is about to own (the keys it
 * wrote before plus the ones it is writing), so that a kill at any point still lets the next run
 * remove what Weft no longer wants; after writing, CONFIG_DB is read back and must match.
 */
import { WEFT_OWNED_CONFIGDB_TABLES, claimedPortFields } from '#render-sonic';
import { ConfigDbShapeError, breakoutConflicts, entriesFromConfigDb, planConfigDb, recordIntent, sameFields, tableOf, weftOwnership, type ConfigDbPlan, type Entries, type KeyChange, type Ownership } from '#configdb-diff';
import { interfacesFrom, vrfsNamed } from '#frr-config';
import { DeviceError, type ApplyResult, type DesiredState, type DeviceChange, type DeviceDriver, type DeviceObservation } from '../core/device-driver.js';
import { SILENT, type AgentLogger } from '../core/log.js';
import { frrChanges, type Frr } from '../frr/frr.js';
import { observeFrr } from '../frr/observe-frr.js';
import { awaitBoundVrfs, type VrfBindingWait } from '../frr/vrf-binding.js';
import type { JsonRecord } from '../state/json-record.js';
import { WriteStopped, type ConfigDb } from './config-db.js';
import type { CountersDb } from './counters-db.js';

export interface AppliedConfigDb {
  /** the entries this agent wrote, or was about to write when it last stopped */
  readonly entries: Entries;
}

export interface SonicDriverOptions {
  readonly configDb: ConfigDb;
  /** absent: the switch's FRR is not managed by this agent */
  readonly frr?: Frr;
  readonly record: JsonRecord<AppliedConfigDb>;
  readonly ownership?: Ownership;
  readonly log?: AgentLogger;
  /** COUNTERS_DB, for the ports' counters in the metrics; absent: none */
  readonly counters?: CountersDb;
  /** test hook: pause this long between CONFIG_DB groups (to kill the agent mid-apply) */
  readonly pauseBetweenGroupsMs?: number;
  /**
   * FRR's netns VRF backend: before frr.conf is applied, wait until zebra has bound the
   * namespace of every VRF it names (frr/vrf-binding.ts); absent: VRF devices, nothing to wait for
   */
  readonly vrfBinding?: VrfBindingWait;
}

function toDeviceChange(change: KeyChange): DeviceChange {
  return { op: change.op, key: change.key, detail: change.detail };
}

function desiredEntries(desired: DesiredState): Entries {
  try {
    return entriesFromConfigDb(desired.configDb ?? {});
  } catch (e) {
    if (e instanceof ConfigDbShapeError) throw new DeviceError(`Agent ${desired.switch} generation ${desired.generation}: ${e.message}`, false);
    throw e;
  }
}

function sameEntries(a: Entries, b: Entries): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => b[k] !== undefined && sameFields(a[k] ?? {}, b[k]));
}

/** What Weft owns on the switch: its tables, and the platform fields its portSettings claim. */
function ownershipOf(desired: DesiredState): Ownership {
  return weftOwnership(WEFT_OWNED_CONFIGDB_TABLES, claimedPortFields(desired.portSettings));
}

export class SonicDriver implements DeviceDriver {
  private readonly log: AgentLogger;
  private ports: readonly string[] = [];

  constructor(private readonly options: SonicDriverOptions) {
    this.log = options.log ?? SILENT;
  }

  private async configDbPlan(state: DesiredState, desired: Entries): Promise<{ plan: ConfigDbPlan; previous?: Entries }> {
    const [actual, record] = await Promise.all([this.options.configDb.read(), this.options.record.read()]);
    const conflicts = breakoutConflicts(desired, actual);
    if (conflicts.length > 0) throw new DeviceError(`Agent ${state.switch} generation ${state.generation}: ${conflicts.join('; ')}`, false);
    const previous = record?.entries;
    const ownership = this.options.ownership ?? ownershipOf(state);
    return { plan: planConfigDb({ desired, actual, ownership, ...(previous === undefined ? {} : { previous }) }), ...(previous === undefined ? {} : { previous }) };
  }

  /** The switch's ports, for observe(): the PORT entries of the last desired state. */
  private remember(entries: Entries): void {
    this.ports = Object.keys(entries)
      .filter((k) => tableOf(k) === 'PORT')
      .map((k) => k.slice('PORT|'.length));
  }

  async plan(desired: DesiredState): Promise<ApplyResult> {
    const entries = desiredEntries(desired);
    this.remember(entries);
    const { plan } = await this.configDbPlan(desired, entries);
    const frr = desired.frr !== undefined && this.options.frr !== undefined ? await this.options.frr.delta(desired.frr) : undefined;
    return { changes: [...plan.changes.map(toDeviceChange), ...(frr === undefined ? [] : frrChanges(frr))] };
  }

  async apply(desired: DesiredState): Promise<ApplyResult> {
    const entries = desiredEntries(desired);
    this.remember(entries);
    const configDb = await this.applyConfigDb(desired, entries);
    let frr: DeviceChange[] = [];
    if (desired.frr !== undefined && this.options.frr !== undefined) {
      try {
        if (this.options.vrfBinding !== undefined) await awaitBoundVrfs(this.options.frr, vrfsNamed(desired.frr), this.options.vrfBinding);
        frr = await this.options.frr.apply(desired.frr);
      } catch (e) {
        if (e instanceof DeviceError) throw new DeviceError(e.message, e.retryable, e.details, [...configDb, ...e.applied]);
        throw e;
      }
    }
    return { changes: [...configDb, ...frr] };
  }

  private async applyConfigDb(desired: DesiredState, entries: Entries): Promise<DeviceChange[]> {
    const { plan, previous } = await this.configDbPlan(desired, entries);
    const changes = plan.changes.map(toDeviceChange);
    if (plan.groups.length > 0) {
      await this.options.record.write({ entries: recordIntent(previous, entries) });
      try {
        await this.options.configDb.write(plan.groups, (written) => this.between(desired, plan, written));
      } catch (e) {
        if (!(e instanceof WriteStopped)) throw e;
        const landed = new Set(plan.groups.slice(0, e.written).flatMap((g) => g.writes.map((w) => w.key)));
        throw new DeviceError(`${e.message}; ${e.written} of ${plan.groups.length} CONFIG_DB groups had been written`, true, [], changes.filter((c) => landed.has(c.key)));
      }
      const { plan: check } = await this.configDbPlan(desired, entries);
      if (check.changes.length > 0) {
        throw new DeviceError(`CONFIG_DB changed while the agent wrote it: ${check.changes.length} keys differ again (${check.changes.slice(0, 5).map((c) => c.key).join(', ')})`, true, [], changes);
      }
    }
    if (previous === undefined || !sameEntries(previous, entries)) await this.options.record.write({ entries });
    return changes;
  }

  private async between(desired: DesiredState, plan: ConfigDbPlan, written: number): Promise<void> {
    this.log('debug', 'configdb', `generation ${desired.generation}: CONFIG_DB group ${written}/${plan.groups.length} written (${plan.groups[written - 1]?.label ?? ''})`, { generation: desired.generation, written, groups: plan.groups.length });
    const pause = this.options.pauseBetweenGroupsMs ?? 0;
    if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
  }

  async observe(): Promise<DeviceObservation> {
    const portKeys = this.ports.map((p) => `PORT|${p}`);
    const [configured, counters] = await Promise.all([this.options.configDb.readKeys(portKeys), this.options.counters?.read(this.ports) ?? Promise.resolve([])]);
    const counted = counters.length === 0 ? {} : { counters };
    const frr = this.options.frr;
    if (frr === undefined) return { ports: this.ports.map((name) => ({ name, admin: configured[`PORT|${name}`]?.admin_status ?? 'unknown', oper: 'unknown' })), ...counted };
    const { observation, interfaces } = await observeFrr(frr, 'show interface vrf all json');
    const kernel = new Map(interfacesFrom(interfaces, this.ports).map((i) => [i.name, i.oper]));
    return {
      ...observation,
      ports: this.ports.map((name) => ({ name, admin: configured[`PORT|${name}`]?.admin_status ?? 'unknown', oper: kernel.get(name) ?? 'unknown' })),
      ...counted,
    };
  }

  changed(signal: AbortSignal): AsyncIterable<void> {
    return this.options.configDb.events(signal);
  }

  close(): Promise<void> {
    this.options.counters?.close();
    return this.options.configDb.close();
  }
}
