/**
 * `npm run bench:vyos`: the VyOS agent's planning on a large border (WEFT_BENCH_VRFS VRFs, default
 * 1,000, each with its L3VNI devices, BGP instance, an external peer and its prefix lists), beside
 * a foreign configuration: parse of `show configuration commands`, the first-apply plan, the
 * no-op plan a drift check makes every period, and a plan with drift. Prints numbers; asserts
 * nothing (timings are not tests).
 */
import { performance } from 'node:perf_hooks';
import { parseDesired, parseRunning, planChange, planCommands, weftOwnership } from '#vyos-config';

const VRFS = Number(process.env.WEFT_BENCH_VRFS ?? 1000);
const RUNS = Number(process.env.WEFT_BENCH_RUNS ?? 5);

function border(vrfs: number): string[] {
  const lines = ["set system host-name 'border1'", "set interfaces loopback lo address '10.0.0.1/32'", "set protocols bgp system-as '65105'", "set protocols bgp parameters router-id '10.0.0.1'"];
  for (let i = 1; i <= vrfs; i++) {
    const vni = 10000 + i;
    const port = `eth${i}`;
    lines.push(
      `set interfaces ethernet ${port} address '192.0.${Math.floor(i / 64) % 256}.${(i % 64) * 4 + 2}/30'`,
      `set interfaces ethernet ${port} mtu '1500'`,
      `set interfaces ethernet ${port} vrf 'Vrf${i}'`,
      `set vrf name Vrf${i} table '${1000 + i}'`,
      `set vrf name Vrf${i} vni '${vni}'`,
      `set interfaces vxlan vxlan${vni} vni '${vni}'`,
      `set interfaces vxlan vxlan${vni} source-address '10.0.0.1'`,
      `set interfaces vxlan vxlan${vni} parameters nolearning`,
      `set interfaces bridge br${vni} member interface vxlan${vni}`,
      `set interfaces bridge br${vni} vrf 'Vrf${i}'`,
      `set vrf name Vrf${i} protocols bgp system-as '65105'`,
      `set vrf name Vrf${i} protocols bgp address-family ipv4-unicast redistribute connected`,
      `set vrf name Vrf${i} protocols bgp address-family l2vpn-evpn advertise ipv4 unicast`,
      `set vrf name Vrf${i} protocols bgp address-family l2vpn-evpn route-target import '65000:${vni}'`,
      `set vrf name Vrf${i} protocols bgp neighbor 198.18.${i % 256}.1 remote-as '64496'`,
      `set vrf name Vrf${i} protocols bgp neighbor 198.18.${i % 256}.1 address-family ipv4-unicast prefix-list import 'weft-vrf${i}-in'`,
      `set policy prefix-list weft-vrf${i}-in rule 10 action 'permit'`,
      `set policy prefix-list weft-vrf${i}-in rule 10 prefix '0.0.0.0/0'`,
    );
  }
  return lines;
}

function foreign(vrfs: number): string[] {
  const lines = ["set service ssh port '22'", "set vrf name mgmt table '900'", "set interfaces ethernet eth0 address '169.254.100.7/24'"];
  for (let i = 0; i <= vrfs; i++) lines.push(`set interfaces ethernet eth${i} hw-id '52:54:00:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}:01'`);
  return lines;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function measure(label: string, run: () => number): void {
  const times: number[] = [];
  let size = 0;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    size = run();
    times.push(performance.now() - started);
  }
  console.log(`${label.padEnd(58)} median ${median(times).toFixed(1).padStart(8)} ms  (${size} commands)`);
}

const weft = border(VRFS);
const desiredText = `${weft.join('\n')}\n`;
const fresh = foreign(VRFS);
const current = [...fresh, ...weft].join('\n');
const drifted = [...fresh, ...weft.filter((_, index) => index % 50 !== 0), "set policy prefix-list weft-rogue rule 10 action 'permit'"].join('\n');
console.log(`VyOS border: ${VRFS} VRFs, ${weft.length} Weft lines, ${fresh.length} foreign lines; ${RUNS} runs each; node ${process.version}`);

const desired = parseDesired(desiredText).desired;
const ownership = weftOwnership(desired.tree);
measure('parse the desired vyos.set', () => parseDesired(desiredText).desired.tree.terminals().length);
measure('parse show configuration commands (Weft + foreign)', () => parseRunning(current).tree.terminals().length);
measure('plan: first apply (router has only foreign config)', () => planCommands(planChange(parseRunning(fresh.join('\n')).tree, desired, ownership)).length);
measure('plan: no-op (the drift check of every period)', () => planCommands(planChange(parseRunning(current).tree, desired, ownership)).length);
measure('plan: 2% of Weft lines gone, one rogue list', () => planCommands(planChange(parseRunning(drifted).tree, desired, ownership)).length);
console.log(`memory: ${Math.round(process.memoryUsage().rss / 1024 / 1024)} MiB RSS`);
