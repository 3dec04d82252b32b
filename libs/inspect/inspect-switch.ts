/**
 * `weft inspect switch/NAME`: the switch's generation against its agent's report, every VPC it
 * carries with the state of its VNIs, every BGP session, its ports and how many MACs it knows.
 */
import { indexFabric, presenceOf, presenceProblem, type InspectInput } from './fabric-index.js';
import { expectedVnis } from './inspect-vpc.js';
import { observedProblems, sessionViews, vniView } from './observed.js';
import type { PortView, SwitchInspection } from './types.js';

/** The switch `name` as its agent sees it; undefined when no such switch is compiled. */
export function inspectSwitch(input: InspectInput, name: string): SwitchInspection | undefined {
  const device = input.devices.get(name);
  if (device === undefined) return undefined;
  const index = indexFabric(input);
  const report = input.agents.get(name);
  const status = report?.status;
  const presence = presenceOf(index, device);
  const owners = [...new Set([...device.vrfs.flatMap((v) => (v.owner.vpc === undefined ? [] : [v.owner.vpc])), ...device.vlans.map((v) => v.owner.vpc)])].sort();
  const vpcs = owners.map((vpc) => {
    const vrf = device.vrfs.find((v) => v.owner.vpc === vpc)?.name;
    return { vpc, ...(vrf === undefined ? {} : { vrf }), vnis: expectedVnis(device, vpc).map((e) => vniView(index, status, e)) };
  });
  const sessions = sessionViews(device, status, 'all');
  // Stryker disable next-line ArrayDeclaration: equivalent, whatever the fallback holds is keyed by no port name
  const reported = new Map((status?.ports ?? []).map((p) => [p.name, p]));
  const ports: PortView[] = device.ports.map((p) => ({
    name: p.name,
    kind: p.kind,
    ...(p.peer === undefined ? {} : { peer: p.peer }),
    ...(p.portChannel === undefined ? {} : { portChannel: p.portChannel }),
    admin: reported.get(p.name)?.admin ?? 'unknown',
    oper: reported.get(p.name)?.oper ?? 'unknown',
  }));
  const macs = status?.evpnMacs ?? [];
  const problem = presenceProblem(presence);
  const downPorts = ports.filter((p) => p.oper !== 'up' && p.oper !== 'unknown').map((p) => `${name}: port ${p.name} (${p.kind} to ${p.peer ?? '?'}) is ${p.oper}`);
  return {
    kind: 'switch',
    ...presence,
    os: device.os,
    vpcs,
    sessions,
    ports,
    macsLocal: macs.filter((m) => m.type === 'local').length,
    macsRemote: macs.filter((m) => m.type !== 'local').length,
    ...(status?.driftCount === undefined ? {} : { driftCount: status.driftCount }),
    problems: [...(problem === undefined ? [] : [problem]), ...observedProblems(name, vpcs.flatMap((v) => v.vnis), sessions, new Map()), ...downPorts],
  };
}
