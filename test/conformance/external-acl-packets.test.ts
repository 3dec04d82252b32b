/**
 * An external attachment's inbound ACL with packets (ADR 104). The SONiC border's rendered
 * ACL_TABLE / ACL_RULE go through the lab's nftables emulation of SONiC ingress ACLs (libs/lab
 * shim-acl, a stand-in for the ASIC: bridge prerouting on the bound port, highest PRIORITY first)
 * in network namespaces: outside router -> border port (a bridge port, as the lab's) -> server.
 * Rules with L4 ports or a VLAN_ID are not emulated there (802.1Q sub-interfaces do not work on
 * this kernel), so the attachment here is untagged and its rules match prefixes and protocols.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { compile } from '#compiler';
import type { AnyResource, ExternalAttachment } from '#domain';
import { aclRuleset, type AclTable } from '#lab';
import { renderConfigDb } from '#render-sonic';
import { attach, conn, external, externalAttach, externalPeering, resourceSet, smallFabric, sw, vpc } from '../support/builders.js';

const PORT = 8080;

function unavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (network namespaces and nftables)';
  for (const tool of ['ip', 'nft', 'ping']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `${tool} is not installed (scripts/test.sh installs it)`;
  }
  return undefined;
}

function run(args: readonly string[], input?: string): void {
  const r = spawnSync(args[0] ?? '', args.slice(1), { encoding: 'utf8', ...(input === undefined ? {} : { input }) });
  if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
}

/** The border's inbound ACL for transit--border1, as rendered for SONiC. */
function renderedAcl(): { table: string; rules: AclTable['rules'] } {
  const attachment: ExternalAttachment = externalAttach('default', 'transit--border1', 'transit', 'border1--transit');
  Object.assign(attachment.spec, {
    inboundACL: {
      rules: [
        { action: 'permit', protocol: 'icmp', destination: '10.1.1.0/24' },
        { action: 'deny', protocol: 'tcp', destination: '10.1.1.10/32' },
        { action: 'permit', protocol: 'tcp', destination: '10.1.1.11/32' },
        { action: 'deny', destination: '10.1.1.12/32' },
      ],
      defaultAction: 'deny',
    },
  });
  const resources: AnyResource[] = [
    ...smallFabric({ leaves: 1 }),
    vpc('default', 'blue', 'acme', { web: '10.1.1.0/24' }),
    attach('default', 'b1', 'blue/web', 'server1--leaf1'),
    sw('border1', 'border', 'sonic'),
    conn.fabric('spine1--border1', 'spine1/Ethernet60', 'border1/Ethernet0'),
    conn.external('border1--transit', 'border1/Ethernet12', '198.51.100.2/30', '198.51.100.1', 64500),
    external('default', 'transit', ['0.0.0.0/0']),
    attachment,
    externalPeering('default', 'blue--transit', 'blue', 'transit'),
  ];
  const result = compile(resourceSet(resources));
  assert.deepEqual(result.diagnostics.filter((d) => d.severity === 'error'), []);
  const db = renderConfigDb(result.devices.get('border1')!);
  const table = 'WEFT_IN_BORDER1__TRANSIT';
  assert.deepEqual(db.ACL_TABLE?.[table]?.ports, ['Ethernet12']);
  const rules = Object.entries(db.ACL_RULE ?? {})
    .filter(([key]) => key.startsWith(`${table}|`))
    .map(([key, fields]) => ({ name: key.slice(table.length + 1), fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)])) }));
  return { table, rules };
}

/** outside (198.51.100.1) -- [bridge port p0 of the border, 198.51.100.2] border -- server 10.1.1.10-12 */
function build(t: TestContext): { outside: string; border: string; server: string } {
  const base = `wx${process.pid}`;
  const names = { outside: `${base}o`, border: `${base}b`, server: `${base}s` };
  t.after(() => {
    for (const ns of Object.values(names)) spawnSync('ip', ['netns', 'delete', ns]);
  });
  for (const ns of Object.values(names)) run(['ip', 'netns', 'add', ns]);
  const inNs = (ns: string, ...args: string[]): void => {
    run(['ip', 'netns', 'exec', ns, ...args]);
  };
  run(['ip', 'link', 'add', 'o0', 'netns', names.outside, 'type', 'veth', 'peer', 'name', 'p0', 'netns', names.border]);
  run(['ip', 'link', 'add', 'p1', 'netns', names.border, 'type', 'veth', 'peer', 'name', 's0', 'netns', names.server]);
  inNs(names.outside, 'ip', 'addr', 'add', '198.51.100.1/30', 'dev', 'o0');
  inNs(names.outside, 'ip', 'link', 'set', 'o0', 'up');
  inNs(names.outside, 'ip', 'route', 'add', '10.1.1.0/24', 'via', '198.51.100.2');
  inNs(names.border, 'ip', 'link', 'add', 'br0', 'type', 'bridge');
  inNs(names.border, 'ip', 'link', 'set', 'p0', 'master', 'br0');
  inNs(names.border, 'ip', 'addr', 'add', '198.51.100.2/30', 'dev', 'br0');
  inNs(names.border, 'ip', 'addr', 'add', '10.1.1.1/24', 'dev', 'p1');
  for (const link of ['p0', 'p1', 'br0', 'lo']) inNs(names.border, 'ip', 'link', 'set', link, 'up');
  inNs(names.border, 'sysctl', '-qw', 'net.ipv4.ip_forward=1');
  for (const host of ['10.1.1.10/24', '10.1.1.11/24', '10.1.1.12/24']) inNs(names.server, 'ip', 'addr', 'add', host, 'dev', 's0');
  inNs(names.server, 'ip', 'link', 'set', 's0', 'up');
  inNs(names.server, 'ip', 'link', 'set', 'lo', 'up');
  inNs(names.server, 'ip', 'route', 'add', 'default', 'via', '10.1.1.1');
  return names;
}

/** A TCP listener on every address of the namespace, stopped (by its PID) when the test ends. */
function listen(t: TestContext, ns: string, port: number): void {
  const child = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', `require("node:net").createServer((c) => c.destroy()).listen(${port}, "0.0.0.0")`], { stdio: 'ignore' });
  t.after(() => {
    child.kill();
  });
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && !connects(ns, '127.0.0.1', port)) spawnSync('sleep', ['0.1']);
}

/** Exit 0 when a TCP connection is accepted within 2 s. */
function connects(ns: string, address: string, port: number): boolean {
  const script = `const s = require("node:net").connect(${port}, "${address}", () => process.exit(0)); s.on("error", () => process.exit(1)); setTimeout(() => process.exit(1), 2000);`;
  return spawnSync('ip', ['netns', 'exec', ns, process.execPath, '-e', script]).status === 0;
}

function pings(ns: string, address: string): boolean {
  return spawnSync('ip', ['netns', 'exec', ns, 'ping', '-c', '1', '-W', '2', address]).status === 0;
}

test('inbound ACL with packets: first match wins, the peer still reaches the border, the default drops the rest', (t) => {
  const why = unavailable();
  if (why !== undefined) {
    if (process.env.CI === 'true') throw new Error(`the ACL packet test must run in CI: ${why}`);
    t.skip(why);
    return;
  }
  const acl = renderedAcl();
  const names = build(t);
  listen(t, names.server, PORT);
  listen(t, names.border, 179);
  const observe = (): Record<string, boolean> => ({
    'ping 10.1.1.10': pings(names.outside, '10.1.1.10'),
    'tcp 10.1.1.10': connects(names.outside, '10.1.1.10', PORT),
    'tcp 10.1.1.11': connects(names.outside, '10.1.1.11', PORT),
    'ping 10.1.1.12': pings(names.outside, '10.1.1.12'),
    'tcp 10.1.1.12': connects(names.outside, '10.1.1.12', PORT),
    'tcp 198.51.100.2:179 (BGP to the border)': connects(names.outside, '198.51.100.2', 179),
    'tcp 10.1.1.1:179': connects(names.outside, '10.1.1.1', 179),
  });
  const open = observe();
  assert.deepEqual(Object.values(open), Object.values(open).map(() => true), `without the ACL everything passes: ${JSON.stringify(open)}`);

  const { ruleset, problems } = aclRuleset([{ name: acl.table, ports: ['p0'], rules: acl.rules }]);
  assert.deepEqual(problems, [], 'every rule of the attachment is emulated');
  run(['ip', 'netns', 'exec', names.border, 'nft', '-f', '-'], ruleset);
  assert.deepEqual(observe(), {
    'ping 10.1.1.10': true, // RULE_10 permits icmp to the subnet
    'tcp 10.1.1.10': false, // RULE_20 denies tcp to .10
    'tcp 10.1.1.11': true, // RULE_30
    'ping 10.1.1.12': true, // RULE_10 matches first, although RULE_40 denies .12
    'tcp 10.1.1.12': false, // RULE_40
    'tcp 198.51.100.2:179 (BGP to the border)': true, // the built-in PEER rule
    'tcp 10.1.1.1:179': false, // no rule: DEFAULT drops it
  });
});
