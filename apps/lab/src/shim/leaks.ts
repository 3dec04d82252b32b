/**
 * The shim's route leaking between VRF namespaces (libs/lab/leaks.ts says why): per switch with
 * two or more VRFs, the routes FRR leaked (`show ip route vrf all json`) become routes on veth
 * pairs between the VRF namespaces. It works through the switch's FRR mount namespace, where each
 * VRF's namespace is `/var/run/netns/<vrf>`, so it serves SONiC switches (VRFs made by the shim)
 * and FRR nodes (VRFs made by their agent) alike.
 */
import { readdir } from 'node:fs/promises';
import { LEAK_ROUTE_METRIC, LEAK_ROUTE_PROTOCOL, leakLinkAddress, leakedRoutes, planLeaks, routePrefix, type LabPlan, type LeakOp, type LeakRoutePresent } from '#lab';
import { daemonPid, frrPaths, vtysh, type FrrPaths } from '../frr.js';
import { switchDir } from '../lab-state.js';
import { run, runOk } from '../system.js';
import type { ShimLog } from './switch-sync.js';

async function vrfNames(paths: FrrPaths): Promise<string[]> {
  return (await readdir(paths.vrfns).catch(() => [])).sort();
}

/** `ip` inside the FRR mount namespace, so `-n <vrf>` names the VRF's namespace. */
function ipInFrr(zebra: number, ...args: string[]): string[] {
  return ['nsenter', `--mount=/proc/${zebra}/ns/mnt`, '--', 'ip', ...args];
}

async function observe(zebra: number, vrfs: readonly string[]): Promise<{ links: Map<string, string[]>; routes: LeakRoutePresent[] }> {
  const links = new Map<string, string[]>();
  const routes: LeakRoutePresent[] = [];
  for (const vrf of vrfs) {
    const linkJson = (await run(ipInFrr(zebra, '-n', vrf, '-json', 'link', 'show'))).stdout;
    const names = (JSON.parse(linkJson === '' ? '[]' : linkJson) as { ifname?: string }[]).map((l) => l.ifname ?? '').filter((n) => n.startsWith('lk-'));
    links.set(vrf, names);
    const routeJson = (await run(ipInFrr(zebra, '-n', vrf, '-json', 'route', 'show', 'proto', String(LEAK_ROUTE_PROTOCOL)))).stdout;
    for (const r of JSON.parse(routeJson === '' ? '[]' : routeJson) as { dst?: string; dev?: string }[]) {
      routes.push({ vrf, prefix: routePrefix(r.dst ?? ''), device: r.dev ?? '' });
    }
  }
  return { links, routes };
}

async function apply(zebra: number, op: LeakOp): Promise<void> {
  switch (op.op) {
    case 'leak-link-add': {
      const [a, b] = [op.a, op.b];
      await run(ipInFrr(zebra, '-n', a, 'link', 'del', `lk-${b}`));
      await runOk(ipInFrr(zebra, 'link', 'add', 'name', `lk-${b}`, 'netns', a, 'type', 'veth', 'peer', 'name', `lk-${a}`, 'netns', b));
      for (const [vrf, device, other] of [
        [a, `lk-${b}`, b],
        [b, `lk-${a}`, a],
      ] as const) {
        await runOk(['nsenter', `--mount=/proc/${zebra}/ns/mnt`, '--', 'ip', 'netns', 'exec', vrf, 'sysctl', '-q', '-w', `net.ipv4.conf.${device}.rp_filter=0`]);
        await runOk(ipInFrr(zebra, '-n', vrf, 'address', 'add', `${leakLinkAddress(vrf, other)}/64`, 'dev', device, 'nodad'));
        await runOk(ipInFrr(zebra, '-n', vrf, 'link', 'set', 'dev', device, 'up'));
      }
      return;
    }
    case 'leak-route-set':
      await runOk(
        ipInFrr(zebra, '-n', op.vrf, 'route', 'replace', op.prefix, 'via', 'inet6', leakLinkAddress(op.device.slice(3), op.vrf), 'dev', op.device, 'proto', String(LEAK_ROUTE_PROTOCOL), 'metric', String(LEAK_ROUTE_METRIC)),
      );
      return;
    case 'leak-route-del':
      await run(ipInFrr(zebra, '-n', op.vrf, 'route', 'del', op.prefix, 'dev', op.device, 'proto', String(LEAK_ROUTE_PROTOCOL), 'metric', String(LEAK_ROUTE_METRIC)));
      return;
    case 'leak-link-del':
      await run(ipInFrr(zebra, '-n', op.vrf, 'link', 'del', 'dev', op.device));
      return;
  }
}

export async function syncLeaks(dir: string, plan: LabPlan, log: ShimLog): Promise<void> {
  for (const sw of plan.switches) {
    const paths = frrPaths(switchDir(dir, sw.name));
    const vrfs = await vrfNames(paths);
    const zebra = await daemonPid(paths, 'zebra');
    if (vrfs.length === 0 || zebra === undefined) continue;
    try {
      const wanted = vrfs.length < 2 ? [] : leakedRoutes(await vtysh(paths, ['show ip route vrf all json'])).filter((r) => vrfs.includes(r.vrf) && vrfs.includes(r.via));
      const observed = await observe(zebra, vrfs);
      const ops = planLeaks(wanted, observed.links, observed.routes);
      const done: string[] = [];
      for (const op of ops) {
        await apply(zebra, op);
        done.push(`${op.op} ${JSON.stringify(op)}`);
      }
      if (done.length > 0) log({ switch: sw.name, component: 'leaks', changes: done });
    } catch (e) {
      log({ switch: sw.name, component: 'leaks', error: e instanceof Error ? e.message : String(e) });
    }
  }
}
