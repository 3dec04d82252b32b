// The sample fabrics, example intents and generated fabrics are documentation people copy from,
// and fixtures other suites build on: they must compile clean (no error, no warning) with the
// compiler `weft validate` runs, and the deliberately broken examples must give exactly the
// diagnostics they document. The default large fabric is compiled in large-fabric.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAll } from 'js-yaml';
import { compile } from '#compiler';
import { groupResources, parseDocuments, type AnyResource, type Diagnostic, type ParseResult, type RawDocument } from '#domain';
import { main } from '../apps/cli/main.js';
import {
  checkFabricOptions,
  generateFabric,
  generateIntents,
  generateWiring,
  type FabricOptions,
} from '../wiring/generate.js';

/** dist/test/samples.test.js -> the repository root */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function yamlFiles(path: string): string[] {
  const absolute = join(ROOT, path);
  if (!statSync(absolute).isDirectory()) return [absolute];
  return readdirSync(absolute)
    .sort()
    .flatMap((entry) => (/\.ya?ml$/.test(entry) || statSync(join(absolute, entry)).isDirectory() ? yamlFiles(join(path, entry)) : []));
}

function documentsOf(text: string, name: string): RawDocument[] {
  return loadAll(text).map((value, index) => ({ value, source: `${name}#${index + 1}` }));
}

function load(...paths: string[]): ParseResult {
  const documents = paths.flatMap(yamlFiles).flatMap((file) => documentsOf(readFileSync(file, 'utf8'), relative(ROOT, file)));
  return parseDocuments(documents);
}

function parseText(text: string): ParseResult {
  return parseDocuments(documentsOf(text, 'generated'));
}

function countKinds(resources: readonly AnyResource[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of resources) counts[r.kind] = (counts[r.kind] ?? 0) + 1;
  return counts;
}

/** What the compiler says about these resources, as `code path: message`. */
function compiledDiagnostics(resources: readonly AnyResource[]): string[] {
  return compile(groupResources(resources)).diagnostics.map((d) => `${d.code} ${d.path}: ${d.message}`);
}

/** The resources, once they parse and compile without an error or a warning. */
function parsedClean(...paths: string[]): AnyResource[] {
  const { resources, diagnostics } = load(...paths);
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(compiledDiagnostics(resources), []);
  return resources;
}

function named(resources: readonly AnyResource[], kind: string, name: string): AnyResource {
  const found = resources.find((r) => r.kind === kind && r.metadata.name === name);
  assert.ok(found, `${kind} ${name} is missing`);
  return found;
}

// The lab fabric.

test('wiring/lab.yaml: 2 spines, 4 leaves, a VyOS border and 7 servers, every port listed and used once', () => {
  const resources = parsedClean('wiring/lab.yaml');
  const { switches, servers, connections } = groupResources(resources);
  const byRole = (role: string): string[] => switches.filter((s) => s.spec.role === role).map((s) => s.metadata.name);
  assert.deepEqual(byRole('spine'), ['spine1', 'spine2']);
  assert.deepEqual(byRole('leaf'), ['leaf1', 'leaf2', 'leaf3', 'leaf4']);
  assert.deepEqual(byRole('border'), ['border1']);
  assert.ok(switches.every((s) => s.spec.ports !== undefined && s.spec.ports.length > 0), 'every switch lists its ports');
  assert.equal(switches.find((s) => s.metadata.name === 'border1')?.spec.os, 'vyos');
  assert.deepEqual(servers.map((s) => s.metadata.name), ['server1', 'server2', 'server3', 'server4', 'server5', 'server6', 'server7']);
  const ofType = (type: string): string[] =>
    connections.filter((c) => Object.keys(c.spec).includes(type)).map((c) => c.metadata.name).sort();
  assert.equal(ofType('fabric').length, 10);
  assert.ok(ofType('fabric').includes('spine1--leaf1') && ofType('fabric').includes('spine2--border1'));
  assert.deepEqual(ofType('unbundled'), ['server1--leaf1', 'server2--leaf1', 'server3--leaf2', 'server4--leaf3', 'server5--leaf3', 'server6--leaf4']);
  assert.deepEqual(ofType('bundled'), ['server7--leaf2']);
  assert.deepEqual(ofType('external'), ['border1--external']);
});

test('wiring/lab.yaml: server7 is a LAG of two links to leaf2; the border peers with AS 64496 on eth3', () => {
  const resources = parsedClean('wiring/lab.yaml');
  const lag = named(resources, 'Connection', 'server7--leaf2');
  assert.equal(lag.kind, 'Connection');
  assert.deepEqual(lag.spec.bundled, {
    server: 'server7',
    links: [
      { server: 'eth0', switch: 'leaf2/Ethernet4' },
      { server: 'eth1', switch: 'leaf2/Ethernet8' },
    ],
    fallback: true,
  });
  const external = named(resources, 'Connection', 'border1--external');
  assert.equal(external.kind, 'Connection');
  assert.deepEqual(external.spec.external, { switch: 'border1/eth3', address: '192.0.2.2/30', peer: { ip: '192.0.2.1', asn: 64496 } });
  const uplinks = groupResources(resources).connections.filter((c) => c.spec.fabric?.leaf.startsWith('border1/') === true);
  assert.deepEqual(uplinks.map((c) => c.spec.fabric), [
    { spine: 'spine1/Ethernet60', leaf: 'border1/eth0' },
    { spine: 'spine2/Ethernet60', leaf: 'border1/eth1' },
  ]);
});

test('wiring/lab.yaml + examples/lab: the whole lab case parses clean and every reference resolves', () => {
  const resources = parsedClean('wiring/lab.yaml', 'examples/lab');
  assert.deepEqual(countKinds(resources), {
    Switch: 7,
    Server: 7,
    Connection: 18,
    FabricPolicy: 1,
    VPC: 3,
    VPCAttachment: 7,
    VPCPeering: 1,
    External: 1,
    ExternalAttachment: 1,
    ExternalPeering: 1,
    ConfigTemplate: 3,
  });
});

test('examples/lab/policy.yaml: evpn-l3vni by default, vlan for tenant legacy, evpn-l2vni for the l2 label', () => {
  const policy = named(parsedClean('examples/lab/policy.yaml'), 'FabricPolicy', 'default');
  assert.equal(policy.kind, 'FabricPolicy');
  assert.equal(policy.spec.isolation?.default, 'evpn-l3vni');
  assert.deepEqual(policy.spec.isolation.rules, [
    { name: 'legacy-vlan', match: { tenants: ['legacy'] }, method: 'vlan' },
    { name: 'l2-only', match: { labels: { 'weft.dev/isolation': 'l2' } }, method: 'evpn-l2vni' },
  ]);
  assert.deepEqual(policy.spec.pools, { vlan: { start: 1000, end: 2999 }, vni: { start: 10000, end: 99999 } });
  assert.deepEqual(policy.spec.underlay, { asn: { spine: 65100, leafStart: 65101 }, loopbacks: '10.0.0.0/24', links: 'unnumbered', mtu: 9100 });
  assert.equal(policy.spec.anycastGatewayMac, '00:00:5e:00:01:01');
});

test('examples/lab/vpcs.yaml: globex/shop reuses the CIDR of acme blue/web in another namespace, unpeered', () => {
  const resources = parsedClean('wiring/lab.yaml', 'examples/lab');
  const blue = named(resources, 'VPC', 'blue');
  const shop = named(resources, 'VPC', 'shop');
  assert.ok(blue.kind === 'VPC' && shop.kind === 'VPC');
  assert.deepEqual([blue.metadata.namespace, blue.spec.tenant, shop.metadata.namespace, shop.spec.tenant], ['default', 'acme', 'globex', 'globex']);
  assert.equal(shop.spec.subnets.front?.cidr, blue.spec.subnets.web?.cidr);
  assert.deepEqual(shop.metadata.labels, { 'weft.dev/isolation': 'l2' });
  assert.deepEqual(blue.spec.subnets.web?.dhcp?.range, { start: '10.10.1.100', end: '10.10.1.199' });
  assert.deepEqual(shop.spec.subnets.front?.dhcp?.range, { start: '10.10.1.200', end: '10.10.1.249' });
  assert.deepEqual([blue.spec.subnets.web.dhcp.enable, shop.spec.subnets.front.dhcp.enable], [true, true]);
  const peered = groupResources(resources).peerings.flatMap((p) => p.spec.vpcs);
  assert.ok(!peered.includes('shop'), 'shop is not peered with anything');
});

test('examples/lab: the LAG is attached untagged, the peering permits one pair, blue/web reaches the internet', () => {
  const resources = parsedClean('wiring/lab.yaml', 'examples/lab');
  const set = groupResources(resources);
  const lag = set.attachments.filter((a) => a.spec.connection === 'server7--leaf2');
  assert.deepEqual(lag.map((a) => a.spec), [{ subnet: 'green/api', connection: 'server7--leaf2', nativeVLAN: true }]);
  assert.deepEqual(set.peerings.map((p) => p.spec), [{ vpcs: ['blue', 'green'], permit: [['blue/db', 'green/api']] }]);
  assert.deepEqual(set.externals.map((e) => e.spec.prefixes), [['0.0.0.0/0']]);
  assert.deepEqual(set.externalAttachments.map((a) => a.spec), [{ external: 'internet', connection: 'border1--external' }]);
  assert.deepEqual(set.externalPeerings.map((p) => p.spec), [
    { vpc: 'blue', external: 'internet', permit: { subnets: ['web'], prefixes: ['0.0.0.0/0'] } },
  ]);
});

test('examples/lab/templates.yaml: NTP and syslog as CONFIG_DB tables, an FRR line for spines, VyOS NTP for the border', () => {
  const { templates } = groupResources(parsedClean('examples/lab/templates.yaml'));
  const byName = new Map(templates.map((t) => [t.metadata.name, t.spec]));
  const sonic = byName.get('sonic-ntp-syslog');
  assert.equal(sonic?.target, 'configdb');
  assert.deepEqual(sonic.selector, { os: ['sonic'] });
  // once the variables are filled in, the configdb template is JSON with exactly these tables
  const filled = sonic.template.replace('{{vars.ntp}}', '192.0.2.123').replace('{{vars.syslog}}', '192.0.2.50');
  assert.deepEqual(JSON.parse(filled), {
    NTP_SERVER: { '192.0.2.123': { association_type: 'server', iburst: 'on' } },
    SYSLOG_SERVER: { '192.0.2.50': { port: '514' } },
  });
  assert.equal(byName.get('spine-frr-syslog')?.target, 'frr');
  assert.deepEqual(byName.get('spine-frr-syslog')?.selector, { roles: ['spine'] });
  assert.match(byName.get('spine-frr-syslog')?.template ?? '', /^log syslog informational$/m);
  assert.match(byName.get('spine-frr-syslog')?.template ?? '', /\{\{switch\.name\}\}/);
  assert.equal(byName.get('border-ntp')?.target, 'vyos');
  assert.equal(byName.get('border-ntp')?.template, 'set service ntp server {{vars.ntp}}\n');
});

// The trunk fabric.

test('wiring/trunk-lab.yaml: 2 spines, 4 leaves, 6 servers and one trunk between leaf3 and leaf4', () => {
  const resources = parsedClean('wiring/trunk-lab.yaml');
  assert.deepEqual(countKinds(resources), { Switch: 6, Server: 6, Connection: 15 });
  const trunks = groupResources(resources).connections.filter((c) => c.spec.trunk !== undefined);
  assert.deepEqual(trunks.map((c) => [c.metadata.name, c.spec.trunk?.links]), [['leaf3--leaf4', ['leaf3/Ethernet60', 'leaf4/Ethernet60']]]);
});

test('wiring/trunk-lab.yaml + examples/trunk: the legacy VLAN VPC attaches only servers on leaf3 and leaf4', () => {
  const resources = parsedClean('wiring/trunk-lab.yaml', 'examples/trunk');
  assert.deepEqual(countKinds(resources), { Switch: 6, Server: 6, Connection: 15, FabricPolicy: 1, VPC: 2, VPCAttachment: 6 });
  const set = groupResources(resources);
  const leafOf = new Map(set.connections.map((c) => [c.metadata.name, c.spec.unbundled?.switch.split('/')[0]]));
  const legacyVpcs = set.vpcs.filter((v) => v.spec.tenant === 'legacy').map((v) => `${v.metadata.namespace ?? ''}/${v.metadata.name}`);
  assert.deepEqual(legacyVpcs, ['legacy/billing']);
  const legacyLeaves = set.attachments
    .filter((a) => a.metadata.namespace === 'legacy')
    .map((a) => leafOf.get(a.spec.connection))
    .sort();
  assert.deepEqual(legacyLeaves, ['leaf3', 'leaf3', 'leaf4', 'leaf4']);
  const rules = set.policies[0]?.spec.isolation?.rules ?? [];
  assert.deepEqual(rules[0], { name: 'legacy-vlan', match: { tenants: ['legacy'] }, method: 'vlan' });
});

test('wiring/lab.yaml + examples/externals: two Externals share border1/eth3 on VLANs 10 and 20, one static, both filtered inbound', () => {
  const resources = parsedClean('wiring/lab.yaml', 'examples/externals');
  const result = compile(groupResources(resources));
  assert.deepEqual(result.diagnostics.filter((d: Diagnostic) => d.severity === 'error'), []);
  const border = result.devices.get('border1');
  assert.deepEqual(border?.subInterfaces?.map((s) => `${s.port}.${s.vlan} ${s.addresses.join(' ')}`), ['eth3.10 192.0.2.2/30', 'eth3.20 192.0.2.6/30']);
  assert.deepEqual(border.acls?.map((a) => `${a.name} ${a.inbound?.port ?? ''}.${a.inbound?.vlan ?? ''}`), ['WEFT_IN_BORDER1__EXTERNAL_10 eth3.10', 'WEFT_IN_BORDER1__EXTERNAL_20 eth3.20']);
  assert.deepEqual(border.vrfs.flatMap((v) => (v.staticRoutes ?? []).map((r) => `${r.prefix} via ${r.nextHops.join(',')}`)), ['198.18.0.0/15 via 192.0.2.5']);
});

// Deliberately broken examples: `weft validate -f wiring/lab.yaml -f examples/invalid/<file>`.

/** Each file's diagnostics, in full; the README's table names each file's code. */
const INVALID_EXAMPLES: Readonly<Record<string, readonly Pick<Diagnostic, 'code' | 'path' | 'message' | 'source'>[]>> = {
  'bad-cidr.yaml': [
    { code: 'WF103', path: 'VPC default/bad-cidr spec.subnets.web.cidr', message: '"10.60.1.0/33" is not valid: expected an IPv4 prefix such as 10.1.0.0/24', source: 'examples/invalid/bad-cidr.yaml:12' },
  ],
  'gateway-outside.yaml': [
    { code: 'WF301', path: 'VPC default/gateway-outside spec.subnets.web.gateway', message: '10.61.2.1 is not a host address of 10.61.1.0/24', source: 'examples/invalid/gateway-outside.yaml:13' },
  ],
  'missing-connection.yaml': [
    {
      code: 'WF307',
      path: 'VPCAttachment default/server9-missing-connection-web spec.connection',
      message: 'no Connection named "server9--leaf1"',
      source: 'examples/invalid/missing-connection.yaml:21',
    },
  ],
  'port-used-twice.yaml': [
    {
      code: 'WF203',
      path: 'Connection server8--leaf1 spec.unbundled.switch',
      message: 'port leaf1/Ethernet0 is already used by Connection server1--leaf1',
      source: 'examples/invalid/port-used-twice.yaml:16',
    },
  ],
  'vlan-in-vpc.yaml': [{ code: 'WF103', path: 'VPC default/vlan-in-vpc spec.subnets.web.vlan', message: 'unknown field "vlan"', source: 'examples/invalid/vlan-in-vpc.yaml:13' }],
};

/** `weft validate --json -f wiring/lab.yaml -f <path>`, run in this process; exit 1 with diagnostics. */
async function validateWithLab(path: string): Promise<Diagnostic[]> {
  const out: string[] = [];
  const code = await main(['validate', '--json', '-f', join(ROOT, 'wiring/lab.yaml'), '-f', join(ROOT, path)], { out: (text) => out.push(text), err: () => undefined });
  assert.equal(code, 1, path);
  const { valid, diagnostics } = JSON.parse(out.join('')) as { valid: boolean; diagnostics: Diagnostic[] };
  assert.equal(valid, false);
  // sources are shown relative to the working directory: name them from the repository root
  return diagnostics.map((d) => ({ ...d, ...(d.source === undefined ? {} : { source: d.source.replace(/^(.*)(:\d+)$/, (_, file: string, line: string) => `${relative(ROOT, resolve(file))}${line}`) }) }));
}

const brief = (diagnostics: readonly Diagnostic[]): Pick<Diagnostic, 'code' | 'path' | 'message' | 'source'>[] =>
  diagnostics.map(({ code, path, message, source }) => ({ code, path, message, source }));

test('examples/invalid: each file gives exactly its one diagnostic, from the compiler weft validate runs', async () => {
  const files = readdirSync(join(ROOT, 'examples/invalid')).filter((f) => f.endsWith('.yaml'));
  assert.deepEqual(files.sort(), Object.keys(INVALID_EXAMPLES).sort(), 'every example has its expected diagnostics here');
  for (const [file, expected] of Object.entries(INVALID_EXAMPLES)) {
    const diagnostics = await validateWithLab(`examples/invalid/${file}`);
    assert.deepEqual(brief(diagnostics), expected, file);
    assert.ok(diagnostics.every((d) => d.severity === 'error'), file);
  }
  // a VLAN is the policy's to choose, and the hint says so
  const [vlan] = await validateWithLab('examples/invalid/vlan-in-vpc.yaml');
  assert.match(vlan?.hint ?? '', /VLANs are chosen by the fabric policy/);
});

test('examples/invalid: the directory at once gives every mistake, each once', async () => {
  const all = brief(await validateWithLab('examples/invalid'));
  const expected = Object.values(INVALID_EXAMPLES).flat();
  assert.equal(all.length, expected.length);
  assert.deepEqual(new Set(all.map((d) => JSON.stringify(d))), new Set(expected.map((d) => JSON.stringify(d))));
});

test('examples/invalid/README.md: its table names the code each file gives', () => {
  const readme = readFileSync(join(ROOT, 'examples/invalid/README.md'), 'utf8');
  const rows = [...readme.matchAll(/^\| `([\w-]+\.yaml)` \|[^|]*\| `(WF\d+)`/gm)].map(([, file, code]) => [file, code]);
  assert.deepEqual(
    rows.sort(),
    Object.entries(INVALID_EXAMPLES)
      .map(([file, [first]]) => [file, first?.code])
      .sort(),
  );
});

// The generator.

const SMALL: FabricOptions = { spines: 2, leaves: 4, servers: 16, vpcs: 10, subnets: 2, attachments: 20 };

test('generateFabric: a small fabric has the requested counts and parses clean', () => {
  const { resources, diagnostics } = parseText(generateFabric(SMALL));
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(countKinds(resources), {
    Switch: 6,
    Server: 16,
    Connection: 2 * 4 + 16,
    FabricPolicy: 1,
    VPC: 10,
    VPCAttachment: 20,
  });
  const set = groupResources(resources);
  assert.ok(set.vpcs.every((v) => Object.keys(v.spec.subnets).length === 2));
  assert.deepEqual([...new Set(set.vpcs.map((v) => v.metadata.namespace))].sort(), ['default', 'dev', 'prod', 'staging']);
  assert.equal(new Set(set.vpcs.map((v) => v.spec.tenant)).size, 10);
});

test('generateFabric: the small fabric compiles clean; ports are listed and used once, one native VLAN per connection', () => {
  const { resources } = parseText(generateFabric(SMALL));
  assert.deepEqual(compiledDiagnostics(resources), []);
  const set = groupResources(resources);
  const leaf1 = set.switches.find((s) => s.metadata.name === 'leaf1');
  // 12 server ports like the lab's leaves (Ethernet0..Ethernet44), then one uplink per spine
  assert.deepEqual(leaf1?.spec.ports, [...Array.from({ length: 12 }, (_, i) => `Ethernet${i * 4}`), 'Ethernet48', 'Ethernet52']);
  const spine2leaf3 = set.connections.find((c) => c.metadata.name === 'spine2--leaf3');
  assert.deepEqual(spine2leaf3?.spec.fabric, { spine: 'spine2/Ethernet8', leaf: 'leaf3/Ethernet52' });
  // servers go round robin over the leaves
  const server6 = set.connections.find((c) => c.metadata.name === 'server6--leaf2');
  assert.deepEqual(server6?.spec.unbundled, { server: 'server6/eth0', switch: 'leaf2/Ethernet4' });
  const tagged = set.attachments.filter((a) => a.spec.nativeVLAN !== true);
  const native = set.attachments.filter((a) => a.spec.nativeVLAN === true);
  assert.equal(native.length, 16, 'every server connection got one native VLAN');
  assert.equal(tagged.length, 4, 'the remaining attachments are tagged on connections that already have a native one');
});

test('generateFabric: deterministic, and the same as wiring followed by intents', () => {
  const first = generateFabric(SMALL);
  assert.equal(generateFabric({ ...SMALL }), first);
  assert.equal(generateWiring(SMALL) + generateIntents(SMALL), first);
  assert.notEqual(generateFabric({ ...SMALL, attachments: 21 }), first);
});

test('generateFabric: impossible options are refused with every reason', () => {
  assert.deepEqual(checkFabricOptions({ ...SMALL, subnets: 0, spines: -1 }), [
    'spines must be a whole number of at least 1, got -1',
    'subnets must be a whole number of at least 1, got 0',
  ]);
  assert.deepEqual(checkFabricOptions({ ...SMALL, servers: 1, vpcs: 1, subnets: 2, attachments: 3 }), [
    'attachments must be at most servers x vpcs x subnets = 2, got 3',
  ]);
  assert.throws(() => generateFabric({ leaves: 1, servers: 2000 }), {
    name: 'RangeError',
    message: /a leaf would need 2004 ports \(at most 1024\)/,
  });
});

test('generate.js command line: writes wiring.yaml and intents.yaml, exit 2 on a bad number', () => {
  const script = join(ROOT, 'dist/wiring/generate.js');
  const directory = mkdtempSync(join(tmpdir(), 'weft-generate-'));
  try {
    const flags = ['--spines', '2', '--leaves', '4', '--servers', '16', '--vpcs', '10', '--subnets', '2', '--attachments', '20'];
    const run = spawnSync(process.execPath, [script, ...flags, '-o', directory], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /wiring\.yaml \(46 documents\) and .*intents\.yaml \(31 documents\)/);
    assert.equal(readFileSync(join(directory, 'wiring.yaml'), 'utf8'), generateWiring(SMALL));
    assert.equal(readFileSync(join(directory, 'intents.yaml'), 'utf8'), generateIntents(SMALL));
    const bad = spawnSync(process.execPath, [script, '--leaves', 'many', '-o', directory], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--leaves takes a whole number, got "many"/);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});

test('generateFabric: borders are VyOS switches on every spine, each with a transit External that VPCs of its namespace peer with', () => {
  const withBorders: FabricOptions = { ...SMALL, vpcs: 20, borders: 3 };
  assert.equal(generateFabric(SMALL), generateFabric({ ...SMALL, borders: 0 }), 'no borders: the same bytes as before borders existed');
  const { resources, diagnostics } = parseText(generateFabric(withBorders));
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(compiledDiagnostics(resources), [], 'the compiler finds no error or warning');
  const set = groupResources(resources);
  const borders = set.switches.filter((s) => s.spec.role === 'border');
  assert.deepEqual(
    borders.map((s) => [s.metadata.name, s.spec.os, s.spec.ports]),
    [1, 2, 3].map((n) => [`border${n}`, 'vyos', ['eth0', 'eth1', 'eth2']]),
  );
  assert.deepEqual(set.connections.find((c) => c.metadata.name === 'spine2--border3')?.spec.fabric, { spine: 'spine2/Ethernet24', leaf: 'border3/eth1' });
  assert.deepEqual(set.connections.find((c) => c.metadata.name === 'border2--external')?.spec.external, { switch: 'border2/eth2', address: '198.18.0.6/30', peer: { ip: '198.18.0.5', asn: 64497 } });
  assert.deepEqual(
    set.externals.map((e) => `${e.metadata.namespace ?? ''}/${e.metadata.name}`),
    ['default/internet1', 'prod/internet2', 'staging/internet3'],
  );
  for (const peering of set.externalPeerings) {
    const vpc = set.vpcs.find((v) => v.metadata.name === peering.spec.vpc && v.metadata.namespace === peering.metadata.namespace);
    assert.ok(vpc !== undefined, `${peering.metadata.name} peers a VPC of its own namespace`);
  }
  assert.equal(set.externalPeerings.length, 3 * 4);
  assert.deepEqual(checkFabricOptions({ ...SMALL, borders: -1 }), ['borders must be a whole number of at least 0, got -1']);
});
