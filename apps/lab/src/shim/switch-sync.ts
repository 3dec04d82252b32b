/**
 * One round of the shim for one switch: read its CONFIG_DB, look at its devices, plan, apply, and
 * look again until nothing is left to do (three rounds at most; the next event or period resumes).
 * Tagged links are shared by two nodes, so their pairs are decided across the whole lab.
 */
import type { Redis } from 'ioredis';
import { boundVrfs, describeOp, desiredState, planDhcpRelays, inactiveVrfs, macsZebraMissed, planShim, stuckVnis, vtepsWithoutRouterMac, type DesiredLink, type DesiredState, type RedisHash, type ShimOp, type ShimSwitch, type SubLinkPair } from '#lab';
import { vtysh } from '../frr.js';
import { ipCommand, run } from '../system.js';
import { listNamespaces } from '../topology.js';
import { syncDhcpRelays } from './dhcp-relays.js';
import { restartFrr, superviseFrr } from './frr-supervisor.js';
import { applyOp, observeSwitch, switchVrfs, type SwitchHandle } from './linux.js';

/** A device is flapped for zebra at most this often. */
const FLAP_INTERVAL_MS = 10_000;

/** A VNI flapped this many times and still stuck gets its switch's FRR started again. */
const FLAPS_BEFORE_RESTART = 3;

/** A VRF whose namespace exists and which zebra has not bound this long after it was first seen so is stuck. */
const VRF_STUCK_MS = 10_000;

/** A switch's FRR is started again for stuck VRFs at most this often. */
const VRF_RESTART_INTERVAL_MS = 30_000;

/** A switch's EVPN sessions are reset for missing router MACs at most this often. */
const RESET_INTERVAL_MS = 30_000;

/** Router MACs zebra is missing on the L3VNI SVIs (libs/lab/evpn-health.ts): a hard EVPN reset. */
async function repairRouterMacs(handle: SwitchHandle, desired: DesiredState): Promise<string[]> {
  const svis = desired.links.filter((l) => l.kind === 'vxlan' && l.master !== undefined && desired.links.some((b) => b.kind === 'bridge' && b.name === l.master && b.netns === l.netns && b.addresses.length === 0));
  const missing: string[] = [];
  for (const l3 of svis) {
    const svi = l3.master ?? '';
    const routes = (await run(ipCommand(l3.netns, '-json', 'route', 'show'))).stdout;
    const neighbours = (await run(ipCommand(l3.netns, '-json', 'neigh', 'show', 'dev', svi))).stdout;
    missing.push(...vtepsWithoutRouterMac(routes, neighbours, svi).map((v) => `${v} on ${l3.netns}/${svi}`));
  }
  if (missing.length === 0 || Date.now() - (handle.flapped.get('evpn-reset') ?? 0) < RESET_INTERVAL_MS) return [];
  handle.flapped.set('evpn-reset', Date.now());
  await vtysh(handle.frr, ['clear bgp l2vpn evpn *']).catch(() => '');
  return [`reset the EVPN sessions: zebra has no router MAC for ${missing.join(', ')}`];
}

/**
 * VRFs whose namespaces exist but which zebra has not bound (inactive, or not shown at all): FRR
 * is started again with the namespaces bound before zebra starts (frr-supervisor.ts). This happens
 * to a VRF name that comes back to a switch after it left (zebra 8.4 will not bind the same
 * namespace again once frr-reload took the VRF away). Showing a running zebra the namespace again
 * (a new file in its watched directory) crashed it in `ns_socket` when the VRF was inactive
 * (docs/adr/0096), so the restart is the only repair. A new VRF takes zebra's watch a second or
 * two, longer on a loaded machine: only one unbound for VRF_STUCK_MS is stuck.
 */
async function repairVrfs(handle: SwitchHandle, desired: DesiredState): Promise<string[]> {
  if (desired.vrfs.length === 0) return [];
  const wanted = desired.vrfs.map((v) => v.vrf);
  const shown = await vtysh(handle.frr, ['show vrf']).catch(() => undefined);
  if (shown === undefined) return [];
  const bound = new Set(boundVrfs(shown, wanted));
  const now = Date.now();
  const stuck: string[] = [];
  for (const vrf of wanted) {
    const key = `vrf-unbound|${vrf}`;
    if (bound.has(vrf)) {
      handle.flapped.delete(key);
      continue;
    }
    const since = handle.flapped.get(key);
    if (since === undefined) handle.flapped.set(key, now);
    else if (now - since >= VRF_STUCK_MS) stuck.push(vrf);
  }
  if (stuck.length === 0 || now - (handle.flapped.get('vrf-restart') ?? 0) < VRF_RESTART_INTERVAL_MS) return [];
  handle.flapped.set('vrf-restart', now);
  for (const vrf of wanted) handle.flapped.delete(`vrf-unbound|${vrf}`);
  await restartFrr(handle);
  return [`started FRR again: zebra had not bound ${stuck.join(', ')} (${inactiveVrfs(shown, stuck).length > 0 ? 'inactive' : 'not shown'})`];
}

/** Local MACs zebra missed (libs/lab/evpn-health.ts): their bridge entries go, so the next frame teaches zebra. */
async function repairLocalMacs(handle: SwitchHandle, desired: DesiredState): Promise<string[]> {
  const l2 = desired.links.filter((l) => l.kind === 'vxlan' && l.vxlan !== undefined && l.master !== undefined);
  if (l2.length === 0) return [];
  const zebra = await vtysh(handle.frr, ['show evpn mac vni all json']).catch(() => undefined);
  if (zebra === undefined) return [];
  const done: string[] = [];
  for (const link of l2) {
    const bridge = link.master ?? '';
    const fdb = (await run(['bridge', '-n', link.netns, '-json', 'fdb', 'show', 'br', bridge])).stdout;
    for (const missed of macsZebraMissed(fdb, zebra, bridge, link.vxlan?.vni ?? 0)) {
      const key = `mac|${link.netns}|${missed.mac}`;
      if (Date.now() - (handle.flapped.get(key) ?? 0) < FLAP_INTERVAL_MS) continue;
      handle.flapped.set(key, Date.now());
      await run(['bridge', '-n', link.netns, 'fdb', 'del', missed.mac, 'dev', missed.port, 'master']);
      done.push(`zebra never heard of ${missed.mac} on ${missed.port} (${bridge}): learning it again`);
    }
  }
  return done;
}

/** Flaps the VXLAN devices zebra has not taken up (libs/lab/evpn-health.ts). */
async function repairVnis(handle: SwitchHandle, desired: DesiredState): Promise<string[]> {
  const vxlans = desired.links.filter((l) => l.kind === 'vxlan');
  if (vxlans.length === 0) return [];
  const stuck = stuckVnis(vxlans, await vtysh(handle.frr, ['show evpn vni detail json']).catch(() => '[]'));
  const stuckKeys = new Set(stuck.map((s) => `flaps|${s.netns}|${s.device}`));
  for (const key of handle.flapped.keys()) if (key.startsWith('flaps|') && !stuckKeys.has(key)) handle.flapped.delete(key);
  const done: string[] = [];
  for (const s of stuck) {
    const key = `${s.netns}|${s.device}`;
    if (Date.now() - (handle.flapped.get(key) ?? 0) < FLAP_INTERVAL_MS) continue;
    const flaps = handle.flapped.get(`flaps|${key}`) ?? 0;
    // a flap that did not help three times will not: zebra lost the device, a new zebra reads it again
    // twice at most for one VNI: a VNI a restart does not bring up is not zebra's lost device
    const restarts = handle.flapped.get(`vni-restarts|${key}`) ?? 0;
    if (flaps >= FLAPS_BEFORE_RESTART && restarts < 2 && Date.now() - (handle.flapped.get('vni-restart') ?? 0) >= VRF_RESTART_INTERVAL_MS) {
      handle.flapped.set('vni-restart', Date.now());
      handle.flapped.set(`vni-restarts|${key}`, restarts + 1);
      for (const k of stuckKeys) handle.flapped.delete(k);
      await restartFrr(handle);
      return [...done, `started FRR again: VNI ${s.vni} stayed ${s.reason} after ${flaps} flaps of ${s.device}`];
    }
    handle.flapped.set(key, Date.now());
    handle.flapped.set(`flaps|${key}`, flaps + 1);
    await run(ipCommand(s.netns, 'link', 'set', 'dev', s.device, 'down'));
    await run(ipCommand(s.netns, 'link', 'set', 'dev', s.device, 'up'));
    done.push(`flapped ${s.device} for zebra (VNI ${s.vni}: ${s.reason})`);
  }
  return done;
}

export interface ShimLog {
  (event: Record<string, unknown>): void;
}

/** CONFIG_DB as hashes (the string keys, such as CONFIG_DB_INITIALIZED, are left out). */
export async function readConfigDb(redis: Redis): Promise<Map<string, RedisHash>> {
  const keys = (await redis.keys('*')).filter((k) => k.includes('|')).sort();
  const pipeline = redis.pipeline();
  for (const key of keys) pipeline.hgetall(key);
  const results = (await pipeline.exec()) ?? [];
  const out = new Map<string, RedisHash>();
  keys.forEach((key, i) => {
    const [error, value] = results[i] ?? [];
    if (error === null && value !== null && typeof value === 'object') {
      const fields = Object.fromEntries(Object.entries(value as Record<string, string>).filter(([f]) => f !== 'NULL'));
      out.set(key, fields);
    }
  });
  return out;
}

const SUBLINK = /\.[0-9]+$/;
const endKey = (node: string, name: string): string => `${node}|${name}`;

/** Every tagged link some switch wants, by both of its ends. */
export function subLinkUnion(all: Iterable<DesiredState>): Map<string, SubLinkPair> {
  const out = new Map<string, SubLinkPair>();
  for (const state of all) {
    for (const pair of state.subLinks) {
      out.set(endKey(pair.a.node, pair.a.name), pair);
      if (!out.has(endKey(pair.b.node, pair.b.name))) out.set(endKey(pair.b.node, pair.b.name), { a: pair.b, b: pair.a, mtu: pair.mtu });
    }
  }
  return out;
}

export interface SyncContext {
  readonly sw: ShimSwitch;
  readonly handle: SwitchHandle;
  readonly redis: Redis;
  /** the latest desired state of every switch, for the tagged links they share */
  readonly desired: Map<string, DesiredState>;
  readonly log: ShimLog;
  /** whether a device exists at the far end of a tagged link */
  readonly farEndExists: (pair: SubLinkPair) => Promise<boolean>;
}

/** The switch's desired state with the tagged links it shares but does not want itself, parked. */
function withParkedSubLinks(sw: ShimSwitch, desired: DesiredState, union: ReadonlyMap<string, SubLinkPair>): DesiredState {
  const own = new Set(desired.links.filter((l) => l.kind === 'sublink').map((l) => l.name));
  const parked: DesiredLink[] = [];
  for (const [key, pair] of union) {
    if (!key.startsWith(`${sw.name}|`) || own.has(pair.a.name)) continue;
    parked.push({ name: pair.a.name, netns: sw.netns, kind: 'sublink', up: false, addresses: [] });
  }
  return { ...desired, links: [...desired.links, ...parked] };
}

export interface SyncResult {
  readonly changes: readonly string[];
  readonly problems: readonly string[];
  readonly errors: readonly string[];
}

export async function syncSwitch(ctx: SyncContext): Promise<SyncResult> {
  const hashes = await readConfigDb(ctx.redis);
  const changes: string[] = await superviseFrr(ctx.handle);
  const errors: string[] = [];
  let problems: readonly string[] = [];
  let last: DesiredState | undefined;
  for (let round = 0; round < 3; round++) {
    const observed = await observeSwitch(ctx.handle);
    const carrier = new Set(observed.links.filter((l) => l.carrier).map((l) => l.name));
    const desired = desiredState(ctx.sw, hashes, carrier);
    problems = desired.problems;
    last = desired;
    ctx.desired.set(ctx.sw.name, desired);
    const union = subLinkUnion(ctx.desired.values());
    const ops: ShimOp[] = [];
    // tagged links: make the pairs this switch wants that are missing, drop the ones nobody wants
    const present = new Set(observed.links.filter((l) => l.kind === 'veth' && SUBLINK.test(l.name)).map((l) => l.name));
    for (const pair of desired.subLinks) {
      if (!present.has(pair.a.name) && !(await ctx.farEndExists(pair))) ops.push({ op: 'veth-add', pair: { ...pair, a: { ...pair.a, netns: ctx.sw.netns } } });
    }
    for (const link of observed.links) {
      if (link.kind === 'veth' && SUBLINK.test(link.name) && !union.has(endKey(ctx.sw.name, link.name))) ops.push({ op: 'link-del', netns: link.netns, name: link.name });
    }
    ops.push(...planShim(withParkedSubLinks(ctx.sw, desired, union), observed, ctx.sw.netns));
    if (ops.length === 0) break;
    for (const op of ops) {
      try {
        await applyOp(ctx.handle, op);
        changes.push(describeOp(op));
      } catch (e) {
        errors.push(`${describeOp(op)}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
  if (last !== undefined && errors.length === 0) {
    // DHCPV4_RELAY: once the VRF namespaces and SVI bridges are there
    const relays = planDhcpRelays(ctx.sw.prefix, hashes, last);
    problems = [...problems, ...relays.problems];
    try {
      changes.push(...(await syncDhcpRelays(ctx.sw.name, relays.relays, ctx.log)));
    } catch (e) {
      errors.push(`DHCP relays: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (last !== undefined) changes.push(...(await repairVrfs(ctx.handle, last)), ...(await repairVnis(ctx.handle, last)), ...(await repairLocalMacs(ctx.handle, last)), ...(await repairRouterMacs(ctx.handle, last)));
  if (changes.length > 0 || errors.length > 0) ctx.log({ switch: ctx.sw.name, changes, errors, problems });
  return { changes, problems, errors };
}

/**
 * The VRFs first, at once: a VRF's namespace should exist before the agent hands zebra the FRR
 * side of the VRF (`vrf X / vni N`), as vrfmgrd makes the VRF device before FRR hears of it. The
 * rest of the round waits its turn; this does not.
 */
export async function syncVrfsFirst(ctx: SyncContext): Promise<string[]> {
  const hashes = new Map<string, RedisHash>();
  for (const key of await ctx.redis.keys('VRF|*')) hashes.set(key, await ctx.redis.hgetall(key));
  if (hashes.size === 0) return [];
  const desired = desiredState(ctx.sw, hashes, new Set());
  const have = new Set(switchVrfs(ctx.handle, await listNamespaces()).map((v) => v.netns));
  const done: string[] = [];
  for (const vrf of desired.vrfs) {
    if (have.has(vrf.netns)) continue;
    const op: ShimOp = { op: 'vrf-add', vrf: vrf.vrf, netns: vrf.netns };
    await applyOp(ctx.handle, op);
    done.push(describeOp(op));
  }
  if (done.length > 0) ctx.log({ switch: ctx.sw.name, changes: done, fast: true });
  return done;
}
