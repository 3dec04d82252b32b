// Real packets: Weft's DHCP service (one kea-dhcp4 per VRF, configured by the pure renderer) behind
// Debian's dhcrelay doing what SONiC's DHCPV4_RELAY entry asks (giaddr from the leaf's loopback,
// the SVI's subnet in the link-selection sub-option), and busybox udhcpc on the hosts. Two VRFs
// of one leaf carry the same 10.10.1.0/24 with the same gateway; each host gets an address from
// its own tenant's pool, and the static mapping gives its MAC the fixed address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dhcpScopes } from '#dhcp-config';
import { parseCidr, type Vpc } from '#domain';
import { KeaInstances } from '../src/index.js';

const PREFIX = `wd-dt${process.pid % 10000}-`;
const LOOPBACK = '10.0.0.5';
const STATIC_MAC = '02:aa:00:00:00:33';

function missing(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (network namespaces)';
  for (const tool of ['kea-dhcp4', 'dhcrelay', 'udhcpc', 'ip']) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      return `${tool} is not installed (scripts/test.sh installs kea-dhcp4-server, isc-dhcp-relay, udhcpc)`;
    }
  }
  return undefined;
}

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

function vpc(namespace: string, name: string, tenant: string, vrf: string, dhcp: NonNullable<Vpc['spec']['subnets'][string]['dhcp']>): Vpc {
  return { apiVersion: 'vpc.weft.dev/v1alpha1', kind: 'VPC', metadata: { name, namespace }, spec: { tenant, subnets: { web: { cidr: '10.10.1.0/24', dhcp } } }, status: { vrf } };
}

/**
 * One VRF of the leaf: a namespace with the SVI bridge (anycast gateway) and its relay leg, which
 * carries the leaf's Loopback0 address, to that VRF's service namespace (bridge `svc` with the
 * service address of the VRF).
 */
function makeVrf(n: number, server: string): { vrf: string; service: string } {
  const ns = `${PREFIX}v${n}`;
  const service = `${PREFIX}s${n}`;
  for (const name of [ns, service]) {
    ip('netns', 'add', name);
    ip('-n', name, 'link', 'set', 'lo', 'up');
  }
  ip('-n', ns, 'link', 'add', 'Vlan10', 'type', 'bridge');
  ip('-n', ns, 'address', 'add', '10.10.1.1/24', 'dev', 'Vlan10');
  ip('-n', ns, 'link', 'set', 'Vlan10', 'up');
  ip('-n', service, 'link', 'add', 'svc', 'type', 'bridge');
  ip('-n', service, 'link', 'set', 'svc', 'up');
  ip('link', 'add', `${PREFIX}u${n}`, 'netns', ns, 'type', 'veth', 'peer', 'name', `${PREFIX}d${n}`, 'netns', service);
  ip('-n', ns, 'link', 'set', `${PREFIX}u${n}`, 'name', 'up0');
  ip('-n', ns, 'address', 'add', `${LOOPBACK}/32`, 'dev', 'up0');
  ip('-n', ns, 'link', 'set', 'up0', 'up');
  ip('-n', ns, 'route', 'add', `${server}/32`, 'dev', 'up0');
  ip('-n', service, 'link', 'set', `${PREFIX}d${n}`, 'master', 'svc', 'up');
  ip('-n', service, 'route', 'add', `${LOOPBACK}/32`, 'dev', 'svc');
  return { vrf: ns, service };
}

function makeHost(name: string, vrfNs: string, mac?: string): string {
  const ns = `${PREFIX}${name}`;
  ip('netns', 'add', ns);
  ip('link', 'add', `${PREFIX}${name}p`, 'netns', vrfNs, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns);
  ip('-n', vrfNs, 'link', 'set', `${PREFIX}${name}p`, 'master', 'Vlan10', 'up');
  if (mac !== undefined) ip('-n', ns, 'link', 'set', 'eth0', 'address', mac);
  ip('-n', ns, 'link', 'set', 'eth0', 'up');
  return ns;
}

/** udhcpc once (-q), with a script that only reports what it was offered. */
function lease(ns: string, script: string): Promise<{ ip?: string; router?: string; dns?: string; code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('ip', ['netns', 'exec', ns, 'udhcpc', '-i', 'eth0', '-f', '-q', '-n', '-t', '15', '-T', '3', '-s', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('exit', (code) => {
      const line = /^LEASE (\S+) (\S*) (\S*)$/m.exec(output);
      resolve({ ...(line === null ? {} : { ip: line[1], router: line[2], dns: line[3] }), code, output });
    });
  });
}

test('two tenants with one CIDR behind one leaf: each host leases from its own VRF instance, the static MAC gets its address', { timeout: 180_000 }, async (t) => {
  const why = missing();
  if (why !== undefined) {
    t.skip(why);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), PREFIX));
  const children: ChildProcess[] = [];
  const namespaces: string[] = [];
  const servers = parseCidr('100.127.0.0/16')?.prefix;
  assert.ok(servers !== undefined);
  const scopes = dhcpScopes(
    [
      vpc('default', 'blue', 'acme', 'Vrf1', { enable: true, range: { start: '10.10.1.100', end: '10.10.1.199' }, leaseTime: 600, dnsServers: ['10.10.1.53'], static: [{ mac: STATIC_MAC, ip: '10.10.1.50' }] }),
      vpc('globex', 'shop', 'globex', 'Vrf2', { enable: true, range: { start: '10.10.1.200', end: '10.10.1.249' } }),
    ],
    servers,
  );
  assert.deepEqual(scopes.map((s) => `${s.vrf} ${s.address}`), ['Vrf1 100.127.0.1', 'Vrf2 100.127.0.2']);
  const log: string[] = [];
  const kea = new KeaInstances({ dir, netnsOf: (vrf) => `${PREFIX}s${vrf.slice(3)}`, interface: 'svc', log: (line) => log.push(JSON.stringify(line)) });
  t.after(async () => {
    await kea.stop();
    for (const child of children) child.kill('SIGTERM');
    for (const ns of namespaces.reverse()) {
      try {
        ip('netns', 'del', ns);
      } catch {
        // already gone
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });
  const { vrf: v1, service: s1 } = makeVrf(1, '100.127.0.1');
  const { vrf: v2, service: s2 } = makeVrf(2, '100.127.0.2');
  namespaces.push(v1, s1, v2, s2);
  const hosts = { a: makeHost('ha', v1), s: makeHost('hs', v1, STATIC_MAC), b: makeHost('hb', v2) };
  namespaces.push(...Object.values(hosts));
  await kea.apply(scopes);
  // the relay of each VRF: what SONiC's dhcp4relay does for the DHCPV4_RELAY entry Weft renders
  for (const [ns, server] of [
    [v1, '100.127.0.1'],
    [v2, '100.127.0.2'],
  ] as const) {
    const relay = spawn('ip', ['netns', 'exec', ns, 'dhcrelay', '-4', '-d', '--no-pid', '-id', 'Vlan10', '-iu', 'up0', '-U', 'up0', server], { stdio: ['ignore', 'pipe', 'pipe'] });
    relay.stderr.on('data', (c: Buffer) => log.push(`dhcrelay ${ns}: ${c.toString().trimEnd()}`));
    children.push(relay);
  }
  // on a loaded machine Kea and the relays take seconds to bind: wait until both said so
  const ready = (): boolean => log.filter((l) => l.includes('DHCP4_STARTED')).length >= 2 && log.filter((l) => /dhcrelay .*Sending on +Socket|dhcrelay .*Listening on LPF\/up0/.test(l)).length >= 2;
  for (let i = 0; i < 600 && !ready(); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  const script = join(dir, 'report.sh');
  writeFileSync(script, '#!/bin/sh\n[ "$1" = bound ] && echo "LEASE $ip $router $dns"\nexit 0\n');
  chmodSync(script, 0o755);
  // udhcpc retries (-t 15 -T 3) while a loaded machine catches up
  const [a, s, b] = await Promise.all([lease(hosts.a, script), lease(hosts.s, script), lease(hosts.b, script)]);
  t.diagnostic(`blue host ${a.ip ?? '-'}, static host ${s.ip ?? '-'}, shop host ${b.ip ?? '-'}`);
  assert.ok(a.ip !== undefined, `blue host got no lease:\n${a.output}\n${log.join('\n')}`);
  assert.ok(b.ip !== undefined, `shop host got no lease:\n${b.output}`);
  const last = (text: string): number => Number(text.split('.')[3]);
  assert.ok(last(a.ip) >= 100 && last(a.ip) <= 199, `blue's host got ${a.ip}, outside blue's pool 100-199`);
  assert.equal(a.router, '10.10.1.1');
  assert.equal(a.dns, '10.10.1.53');
  assert.equal(s.ip, '10.10.1.50', `the static MAC got ${s.ip ?? 'nothing'}:\n${s.output}`);
  assert.ok(last(b.ip) >= 200 && last(b.ip) <= 249, `shop's host got ${b.ip}, outside shop's pool 200-249`);
  // what the service reports: each lease under its own VPC and subnet
  const reported = (await kea.leases()).map((l) => [l.scope.vpc, l.leases.map((x) => `${x.subnet} ${x.ip} ${x.mac}`).sort()]);
  const macOf = (ns: string): string => execFileSync('ip', ['-n', ns, '-j', 'link', 'show', 'eth0'], { encoding: 'utf8' }).match(/"address":"([^"]+)"/)?.[1] ?? '';
  assert.deepEqual(reported, [
    ['default/blue', [`web ${a.ip} ${macOf(hosts.a)}`, `web 10.10.1.50 ${STATIC_MAC}`].sort()],
    ['globex/shop', [`web ${b.ip} ${macOf(hosts.b)}`]],
  ]);
});
