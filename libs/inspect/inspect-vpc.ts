/**
 * `weft inspect vpc/NAME`: on which switches the VPC is programmed and whether each runs its
 * current generation, whether its VNIs are up there with tunnels to the other switches carrying
 * them, which BGP sessions carry its routes, and which MACs were learnt where.
 */
import type { DeviceIntent } from '#domain';
import { indexFabric, presenceOf, presenceProblem, type FabricIndex, type InspectInput } from './fabric-index.js';
import { macViews, observedProblems, sessionViews, vniView } from './observed.js';
import type { VniView, VpcInspection, VpcOnSwitch } from './types.js';

interface ExpectedVni {
  readonly vni: number;
  readonly type: 'L2' | 'L3';
  readonly subnet?: string;
  readonly vlan?: number;
}

/** The VNIs the device should terminate for the VPC `key` (`namespace/name`). */
export function expectedVnis(device: DeviceIntent, key: string): ExpectedVni[] {
  const out: ExpectedVni[] = [];
  for (const vlan of device.vlans) {
    if (vlan.owner.vpc !== key || vlan.vni === undefined) continue;
    const subnet = vlan.owner.subnet;
    out.push(subnet === undefined ? { vni: vlan.vni, type: 'L3', vlan: vlan.id } : { vni: vlan.vni, type: 'L2', subnet: `${key}/${subnet}`, vlan: vlan.id });
  }
  const vrf = device.vrfs.find((v) => v.owner.vpc === key);
  if (vrf?.l3vni !== undefined && !out.some((v) => v.vni === vrf.l3vni)) out.push({ vni: vrf.l3vni, type: 'L3' });
  return out.sort((a, b) => a.vni - b.vni);
}

/** Devices carrying the VPC: a VRF or a VLAN of it. */
export function devicesOf(input: InspectInput, key: string): DeviceIntent[] {
  return [...input.devices.values()].filter((d) => d.vrfs.some((v) => v.owner.vpc === key) || d.vlans.some((v) => v.owner.vpc === key));
}

function onSwitch(index: FabricIndex, device: DeviceIntent, key: string, tunnels: ReadonlyMap<number, readonly string[]>): { view: VpcOnSwitch; problems: string[] } {
  const status = index.input.agents.get(device.name)?.status;
  const presence = presenceOf(index, device);
  const vrf = device.vrfs.find((v) => v.owner.vpc === key)?.name;
  const expected = expectedVnis(device, key);
  const vnis: VniView[] = expected.map((e) => vniView(index, status, e));
  const sessions = sessionViews(device, status, { vrf, evpn: expected.length > 0 });
  // every VNI with its subnet: macViews keeps the MACs of the L2VNIs, the ones with a subnet
  const l2 = new Map(expected.map((e) => [e.vni, e.subnet]));
  const macs = macViews(index, device, status, l2);
  const others = new Map([...tunnels].map(([vni, sws]) => [vni, sws.filter((s) => s !== device.name)]));
  const problem = presenceProblem(presence);
  return {
    view: { ...presence, ...(vrf === undefined ? {} : { vrf }), vnis, sessions, macs, ...(status?.evpnMacsOmitted === undefined ? {} : { macsOmitted: status.evpnMacsOmitted }) },
    problems: [...(problem === undefined ? [] : [problem]), ...observedProblems(device.name, vnis, sessions, others)],
  };
}

/** The VPC `key` (`namespace/name`) as the agents see it; undefined when no switch carries it. */
export function inspectVpc(input: InspectInput, key: string): VpcInspection {
  const index = indexFabric(input);
  const devices = devicesOf(input, key);
  // which switches terminate each L2VNI (each has a VTEP): each should have a tunnel to the others
  const tunnels = new Map<number, string[]>();
  for (const d of devices) for (const e of expectedVnis(d, key)) if (e.type === 'L2') tunnels.set(e.vni, [...(tunnels.get(e.vni) ?? []), d.name]);
  const results = devices.map((d) => onSwitch(index, d, key, tunnels));
  const vrf = devices.flatMap((d) => d.vrfs.filter((v) => v.owner.vpc === key))[0];
  return {
    kind: 'vpc',
    vpc: key,
    ...(vrf === undefined ? {} : { vrf: vrf.name }),
    ...(vrf?.l3vni === undefined ? {} : { l3vni: vrf.l3vni }),
    switches: results.map((r) => r.view),
    problems: results.flatMap((r) => r.problems),
  };
}
