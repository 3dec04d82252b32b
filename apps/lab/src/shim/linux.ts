/**
 * The shim's hands: reading a switch's devices (`ip -json`), and running the operations the
 * planner asks for with ip, nft and (to show a VRF namespace to zebra) nsenter into the switch's
 * FRR mount namespace.
 */
import { NFT_TABLE, boundVrfs, parseIpLinks, parseVrfNetns, type ObservedLink, type ObservedState, type ShimOp, type DesiredVrf } from '#lab';
import { daemonPid, vtysh, type FrrPaths } from '../frr.js';
import { ROUTER_SYSCTLS, listNamespaces, sysctls } from '../topology.js';
import { inNetns, ipCommand, run, runOk } from '../system.js';

export interface SwitchHandle {
  readonly name: string;
  readonly prefix: string;
  readonly netns: string;
  readonly frr: FrrPaths;
  /** what the shim last wrote into each namespace's nft table (nft prints rules back differently) */
  readonly acls: Map<string, string>;
  /** when each VXLAN device was last flapped for zebra (see evpn-health) */
  readonly flapped: Map<string, number>;
}

export async function observeLinks(netns: string): Promise<{ links: ObservedLink[]; loopback: string[] }> {
  return parseIpLinks(await runOk(ipCommand(netns, '-json', '-details', 'address', 'show')), netns);
}

async function hasAclTable(netns: string): Promise<boolean> {
  const result = await run(inNetns(netns, ['nft', 'list', 'tables', 'bridge']));
  return result.code === 0 && result.stdout.includes(`table bridge ${NFT_TABLE}`);
}

/** This switch's VRF namespaces that exist, from `ip netns list`. */
/** How long making a VRF waits for zebra to bind its namespace. */
const VRF_BIND_WAIT_MS = 10_000;

export function switchVrfs(sw: SwitchHandle, namespaces: readonly string[]): DesiredVrf[] {
  return namespaces.flatMap((netns) => {
    const parsed = parseVrfNetns(sw.prefix, netns);
    return parsed?.switch === sw.name ? [{ vrf: parsed.vrf, netns }] : [];
  });
}

export async function observeSwitch(sw: SwitchHandle): Promise<ObservedState> {
  const vrfs = switchVrfs(sw, await listNamespaces());
  const own = await observeLinks(sw.netns);
  const inVrfs = await Promise.all(vrfs.map((v) => observeLinks(v.netns)));
  const acls = new Map<string, string>();
  for (const netns of [sw.netns, ...vrfs.map((v) => v.netns)]) {
    if (await hasAclTable(netns)) acls.set(netns, sw.acls.get(netns) ?? '(applied by an earlier shim)');
    else sw.acls.delete(netns);
  }
  return { vrfs, links: [...own.links, ...inVrfs.flatMap((v) => v.links)], loopback: own.loopback, acls };
}

function ip(netns: string, ...args: string[]): Promise<string> {
  return runOk(ipCommand(netns, ...args));
}

/** Makes a VRF namespace and shows it to this switch's zebra as /var/run/netns/<vrf>. */
async function addVrf(sw: SwitchHandle, vrf: string, netns: string): Promise<void> {
  // idempotent: the VRF fast path and a full round may both get here
  if (!(await listNamespaces()).includes(netns)) await runOk(['ip', 'netns', 'add', netns]);
  await ip(netns, 'link', 'set', 'lo', 'up');
  await sysctls(netns, ROUTER_SYSCTLS);
  const target = `/var/run/netns/${vrf}`;
  // one nsenter opens /run/netns/<netns> before it enters the FRR mount namespace (where that
  // name is not visible); inside, /proc/self/ns/net is the namespace and can be bound
  const zebra = await daemonPid(sw.frr, 'zebra');
  if (zebra === undefined) throw new Error(`FRR of ${sw.name} is not running`);
  await runOk(['nsenter', `--mount=/proc/${zebra}/ns/mnt`, `--net=/run/netns/${netns}`, '--', 'sh', '-c', `mountpoint -q ${target} || { touch ${target} && mount --bind /proc/self/ns/net ${target}; }`]);
  await zebraBound(sw, vrf);
}

/**
 * Waits (10 s at most) until zebra has bound the VRF's namespace, so that the devices the round
 * makes next in it reach zebra as netlink events: made while zebra reads the namespace's
 * interfaces as it binds it, some were lost ("data remnant" in its log) and the VRF's L3VNI stayed
 * Down for good (docs/adr/0096).
 */
async function zebraBound(sw: SwitchHandle, vrf: string): Promise<void> {
  const deadline = Date.now() + VRF_BIND_WAIT_MS;
  while (Date.now() < deadline) {
    const shown = await vtysh(sw.frr, ['show vrf']).catch(() => '');
    if (boundVrfs(shown, [vrf]).length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Takes a VRF away without taking zebra down: FRR 8.4's zebra aborts (`if_delete_update`, from its
 * namespace watch) when a netns VRF it used disappears, whatever was deleted first. So what is
 * left inside is deleted (the ports were moved out before) and the namespace stays, empty and
 * still bound for zebra, as a real switch keeps a VRF device until vrfmgrd removes it; `weft lab
 * down` deletes it with the rest. The VRF coming back finds it there.
 */
async function deleteVrf(_sw: SwitchHandle, _vrf: string, netns: string): Promise<void> {
  const { links } = await observeLinks(netns);
  for (const link of links) if (!link.name.startsWith('lk-')) await run(ipCommand(netns, 'link', 'del', 'dev', link.name));
}

async function linkSet(op: Extract<ShimOp, { op: 'link-set' }>): Promise<void> {
  const attributes = [
    ...(op.mtu === undefined ? [] : ['mtu', String(op.mtu)]),
    ...(op.mac === undefined ? [] : ['address', op.mac]),
    ...(op.master === undefined ? [] : op.master === null ? ['nomaster'] : ['master', op.master]),
  ];
  if (attributes.length > 0) await ip(op.netns, 'link', 'set', 'dev', op.name, ...attributes);
  if (op.learning !== undefined) await ip(op.netns, 'link', 'set', 'dev', op.name, 'type', 'bridge_slave', 'learning', op.learning ? 'on' : 'off');
  if (op.up !== undefined) await ip(op.netns, 'link', 'set', 'dev', op.name, op.up ? 'up' : 'down');
}

export async function applyOp(sw: SwitchHandle, op: ShimOp): Promise<void> {
  switch (op.op) {
    case 'vrf-add':
      return addVrf(sw, op.vrf, op.netns);
    case 'vrf-del':
      return deleteVrf(sw, op.vrf, op.netns);
    case 'bridge-add':
      await ip(op.netns, 'link', 'add', 'name', op.name, 'type', 'bridge', 'mcast_snooping', '0');
      return;
    case 'vxlan-add':
      await ip(op.underlay, 'link', 'add', 'name', op.name, 'type', 'vxlan', 'id', String(op.vni), 'local', op.local, 'dstport', '4789', 'nolearning');
      if (op.netns !== op.underlay) await ip(op.underlay, 'link', 'set', 'dev', op.name, 'netns', op.netns);
      await ip(op.netns, 'link', 'set', 'dev', op.name, 'addrgenmode', 'none');
      return;
    case 'veth-add': {
      const { a, b, mtu } = op.pair;
      await runOk(['ip', 'link', 'add', 'name', a.name, 'mtu', String(mtu), 'netns', a.netns, 'type', 'veth', 'peer', 'name', b.name, 'mtu', String(mtu), 'netns', b.netns]);
      return;
    }
    case 'link-move':
      await ip(op.from, 'link', 'set', 'dev', op.name, 'netns', op.to);
      return;
    case 'link-del':
      await ip(op.netns, 'link', 'del', 'dev', op.name);
      return;
    case 'link-set':
      return linkSet(op);
    case 'addr-add':
    case 'addr-del':
      await ip(op.netns, 'address', op.op === 'addr-add' ? 'add' : 'del', op.address, 'dev', op.name);
      return;
    case 'acl-set':
      await runOk(inNetns(op.netns, ['nft', '-f', '-']), { input: `table bridge ${NFT_TABLE}\ndelete table bridge ${NFT_TABLE}\n${op.ruleset}` });
      sw.acls.set(op.netns, op.ruleset);
      return;
    case 'acl-del':
      await run(inNetns(op.netns, ['nft', 'delete', 'table', 'bridge', NFT_TABLE]));
      sw.acls.delete(op.netns);
      return;
  }
}
