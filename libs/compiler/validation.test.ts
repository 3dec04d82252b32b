// Bad input, many kinds of it: every case must give a diagnostic with a stable code, the path of
// the object and field, and a message a person can act on, and compile must never throw. The
// documents go through parseDocuments first, as a file would, so wrong types reach the checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from '#domain';
import { compile, type CompileResult } from '#compiler';
import {
  attach,
  conn,
  external,
  externalAttach,
  externalPeering,
  parseSet,
  peering,
  policy,
  server,
  smallFabric,
  sw,
  vpc,
} from '../../test/support/builders.js';

/** 2 spines, 2 leaves (server1..server4), a VyOS border with an external link. */
function baseFabric(): unknown[] {
  return [
    ...smallFabric({ spines: 2, leaves: 2, serversPerLeaf: 2 }),
    sw('border1', 'border', 'vyos'),
    conn.fabric('spine1--border1', 'spine1/Ethernet60', 'border1/eth0'),
    conn.external('border1--internet', 'border1/eth3', '192.0.2.2/30', '192.0.2.1', 64496),
  ];
}

const blue = (): ReturnType<typeof vpc> => vpc('default', 'blue', 'acme', { web: '10.1.1.0/24', db: '10.1.3.0/24' });
const green = (): ReturnType<typeof vpc> => vpc('default', 'green', 'acme', { api: '10.2.1.0/24' });
const internet = (): unknown[] => [external('default', 'internet', ['0.0.0.0/0']), externalAttach('default', 'internet--border1', 'internet', 'border1--internet')];

/** A document with one field replaced, to reach type errors the builders' types forbid. */
function withField(doc: object, field: 'metadata' | 'spec' | 'kind' | 'apiVersion', value: unknown): unknown {
  return { ...doc, [field]: value };
}

interface Outcome {
  readonly diagnostics: readonly Diagnostic[];
  readonly result: CompileResult;
}

/** Parses then compiles, as `weft validate` does; the diagnostics of both stages together. */
function run(documents: readonly unknown[]): Outcome {
  const { set, diagnostics } = parseSet(documents);
  let result: CompileResult | undefined;
  assert.doesNotThrow(() => {
    result = compile(set);
  });
  assert.ok(result !== undefined);
  return { diagnostics: [...diagnostics, ...result.diagnostics], result };
}

function describe(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => `  ${d.severity} ${d.code} ${d.path}: ${d.message}`).join('\n') || '  (none)';
}

interface Expected {
  readonly code: string;
  readonly path: string;
  /** a phrase the message must contain */
  readonly message: string;
  readonly severity?: 'error' | 'warning';
}

function expectDiagnostic(diagnostics: readonly Diagnostic[], expected: Expected): void {
  const found = diagnostics.find((d) => d.code === expected.code && d.path === expected.path);
  assert.ok(found, `expected ${expected.code} at "${expected.path}", got:\n${describe(diagnostics)}`);
  assert.ok(found.message.includes(expected.message), `message of ${expected.code} "${found.message}" lacks "${expected.message}"`);
  assert.equal(found.severity, expected.severity ?? 'error');
}

interface Case extends Expected {
  readonly name: string;
  readonly documents: () => readonly unknown[];
}

const tinyPoolVpcs = (): unknown[] =>
  [1, 2, 3].flatMap((i) => [vpc('default', `v${i}`, 'acme', { s: `10.${i}.0.0/24` }), attach('default', `a${i}`, `v${i}/s`, 'server1--leaf1')]);

const CASES: readonly Case[] = [
  // documents and schema, through parseDocuments
  { name: 'metadata.name null', documents: () => [withField(blue(), 'metadata', { name: null, namespace: 'default' })], code: 'WF103', path: 'VPC default/<unnamed> metadata.name', message: 'expected a string, got null' },
  { name: 'metadata.name a number', documents: () => [withField(blue(), 'metadata', { name: 42 })], code: 'WF103', path: 'VPC default/<unnamed> metadata.name', message: 'expected a string, got 42' },
  { name: 'metadata.name a list', documents: () => [withField(blue(), 'metadata', { name: ['blue'] })], code: 'WF103', path: 'VPC default/<unnamed> metadata.name', message: 'expected a string, got a list' },
  { name: 'metadata.name with unicode', documents: () => [withField(blue(), 'metadata', { name: 'bläu' })], code: 'WF103', path: 'VPC default/bläu metadata.name', message: '"bläu" is not a valid name' },
  { name: 'metadata.name an emoji', documents: () => [withField(blue(), 'metadata', { name: '🦄' })], code: 'WF103', path: 'VPC default/🦄 metadata.name', message: 'is not a valid name' },
  { name: 'metadata.name like a path', documents: () => [withField(blue(), 'metadata', { name: '../../etc/passwd' })], code: 'WF103', path: 'VPC default/../../etc/passwd metadata.name', message: '"../../etc/passwd" is not a valid name' },
  { name: 'metadata.name in capitals', documents: () => [withField(sw('leaf9', 'leaf'), 'metadata', { name: 'Leaf9' })], code: 'WF103', path: 'Switch Leaf9 metadata.name', message: 'lower-case letters, digits and "-"' },
  { name: 'metadata.namespace with a space', documents: () => [withField(blue(), 'metadata', { name: 'blue', namespace: 'a b' })], code: 'WF103', path: 'VPC a b/blue metadata.namespace', message: '"a b" is not a valid name' },
  { name: 'metadata null', documents: () => [withField(blue(), 'metadata', null)], code: 'WF103', path: 'VPC default/<unnamed> metadata', message: 'required field is missing' },
  { name: 'a namespace on a cluster-wide kind', documents: () => [withField(sw('leaf9', 'leaf'), 'metadata', { name: 'leaf9', namespace: 'default' })], code: 'WF106', path: 'Switch leaf9 metadata.namespace', message: 'cluster-wide and takes no namespace' },
  { name: 'labels with a number value', documents: () => [withField(blue(), 'metadata', { name: 'blue', labels: { tier: 1 } })], code: 'WF103', path: 'VPC default/blue metadata.labels.tier', message: 'expected a string, got 1' },
  { name: 'spec null', documents: () => [withField(blue(), 'spec', null)], code: 'WF103', path: 'VPC default/blue spec', message: 'expected an object, got null' },
  { name: 'spec a list', documents: () => [withField(blue(), 'spec', [1, 2])], code: 'WF103', path: 'VPC default/blue spec', message: 'expected an object, got a list' },
  { name: 'subnets a list', documents: () => [withField(blue(), 'spec', { tenant: 'acme', subnets: ['10.1.1.0/24'] })], code: 'WF103', path: 'VPC default/blue spec.subnets', message: 'expected an object (subnet name -> subnet), got a list' },
  { name: 'no subnets', documents: () => [withField(blue(), 'spec', { tenant: 'acme', subnets: {} })], code: 'WF103', path: 'VPC default/blue spec.subnets', message: 'needs at least 1 entry' },
  { name: 'a cidr that is a number', documents: () => [withField(blue(), 'spec', { tenant: 'acme', subnets: { web: { cidr: 10 } } })], code: 'WF103', path: 'VPC default/blue spec.subnets.web.cidr', message: 'expected a string (an IPv4 prefix such as 10.1.0.0/24), got a number' },
  { name: 'a cidr of a million characters', documents: () => [withField(blue(), 'spec', { tenant: 'acme', subnets: { web: { cidr: '1'.repeat(1_000_000) } } })], code: 'WF103', path: 'VPC default/blue spec.subnets.web.cidr', message: 'is 1000000 characters long; at most 18 are allowed' },
  { name: 'a prefix length of 33', documents: () => [vpc('default', 'blue', 'acme', { web: '10.1.1.0/33' })], code: 'WF103', path: 'VPC default/blue spec.subnets.web.cidr', message: '"10.1.1.0/33" is not valid: expected an IPv4 prefix' },
  { name: 'an octet of 256 in a gateway', documents: () => [vpc('default', 'blue', 'acme', { web: { cidr: '10.1.1.0/24', gateway: '10.1.1.256' } })], code: 'WF103', path: 'VPC default/blue spec.subnets.web.gateway', message: 'expected an IPv4 address' },
  { name: 'a tenant with unicode', documents: () => [withField(blue(), 'spec', { tenant: 'ácme', subnets: { web: { cidr: '10.1.1.0/24' } } })], code: 'WF103', path: 'VPC default/blue spec.tenant', message: '"ácme" is not valid' },
  { name: 'a subnet name like a path', documents: () => [withField(blue(), 'spec', { tenant: 'acme', subnets: { '../web': { cidr: '10.1.1.0/24' } } })], code: 'WF103', path: 'VPC default/blue spec.subnets."../web"', message: '"../web" is not a valid name' },
  { name: 'a VLAN asked for by a VPC', documents: () => [withField(blue(), 'spec', { tenant: 'acme', vlan: 100, subnets: { web: { cidr: '10.1.1.0/24' } } })], code: 'WF103', path: 'VPC default/blue spec.vlan', message: 'unknown field "vlan"' },
  { name: 'a description of 10000 characters', documents: () => [withField(blue(), 'spec', { tenant: 'acme', description: 'x'.repeat(10_000), subnets: { web: { cidr: '10.1.1.0/24' } } })], code: 'WF103', path: 'VPC default/blue spec.description', message: 'at most 256 are allowed' },
  { name: 'a document that is a string', documents: () => ['hello'], code: 'WF101', path: 'test.yaml:1', message: 'expected a resource object (apiVersion, kind, metadata, spec), got "hello"' },
  { name: 'a document that is a list', documents: () => [[1, 2]], code: 'WF101', path: 'test.yaml:1', message: 'got a list' },
  { name: 'an unknown kind', documents: () => [withField(blue(), 'kind', 'Vpc')], code: 'WF102', path: 'Vpc blue', message: 'unknown apiVersion/kind' },
  { name: 'a kind that is a number', documents: () => [withField(blue(), 'kind', 7)], code: 'WF102', path: 'document blue', message: 'kind is missing or not a string' },
  { name: 'a wrong apiVersion', documents: () => [withField(blue(), 'apiVersion', 'vpc.weft.dev/v1')], code: 'WF102', path: 'VPC blue', message: 'unknown apiVersion/kind "vpc.weft.dev/v1"/"VPC"' },
  { name: 'an unknown role', documents: () => [withField(sw('leaf9', 'leaf'), 'spec', { role: 'superspine', os: 'sonic' })], code: 'WF103', path: 'Switch leaf9 spec.role', message: '"superspine" is not one of: spine, leaf, border' },
  { name: 'an unknown OS', documents: () => [withField(sw('leaf9', 'leaf'), 'spec', { role: 'leaf', os: 'junos' })], code: 'WF103', path: 'Switch leaf9 spec.os', message: '"junos" is not one of: sonic, vyos, frr' },
  { name: 'an ASN given as a string', documents: () => [withField(sw('leaf9', 'leaf'), 'spec', { role: 'leaf', os: 'sonic', asn: '65001' })], code: 'WF103', path: 'Switch leaf9 spec.asn', message: 'expected a whole number (a BGP AS number), got a string' },
  { name: 'an ASN of 0', documents: () => [withField(sw('leaf9', 'leaf'), 'spec', { role: 'leaf', os: 'sonic', asn: 0 })], code: 'WF103', path: 'Switch leaf9 spec.asn', message: '0 is below the minimum of 1' },
  { name: 'ports that are not a list', documents: () => [withField(sw('leaf9', 'leaf'), 'spec', { role: 'leaf', os: 'sonic', ports: 'Ethernet0' })], code: 'WF103', path: 'Switch leaf9 spec.ports', message: 'expected a list, got a string' },
  { name: 'an unknown isolation method as the default', documents: () => [policy({ isolation: { default: 'vxlan' as 'vlan' } })], code: 'WF103', path: 'FabricPolicy default spec.isolation.default', message: '"vxlan" is not one of: vlan, evpn-l2vni, evpn-l3vni' },
  { name: 'an unknown isolation method in a rule', documents: () => [policy({ isolation: { rules: [{ match: { tenants: ['acme'] }, method: 'mpls' as 'vlan' }] } })], code: 'WF103', path: 'FabricPolicy default spec.isolation.rules[0].method', message: '"mpls" is not one of' },
  { name: 'nativeVLAN as a string', documents: () => [blue(), withField(attach('default', 'a1', 'blue/web', 'server1--leaf1'), 'spec', { subnet: 'blue/web', connection: 'server1--leaf1', nativeVLAN: 'yes' })], code: 'WF103', path: 'VPCAttachment default/a1 spec.nativeVLAN', message: 'expected true or false' },
  { name: 'a subnet reference with two slashes', documents: () => [blue(), attach('default', 'a1', 'blue/web/x', 'server1--leaf1')], code: 'WF103', path: 'VPCAttachment default/a1 spec.subnet', message: 'expected <vpc>/<subnet>' },
  { name: 'a port reference without a port', documents: () => [conn.unbundled('c1', 'server1', 'leaf1')], code: 'WF103', path: 'Connection c1 spec.unbundled.switch', message: 'expected <device>/<port>' },
  { name: 'a peering of one VPC', documents: () => [blue(), withField(peering('default', 'p1', ['blue', 'green']), 'spec', { vpcs: ['blue'] })], code: 'WF103', path: 'VPCPeering default/p1 spec.vpcs', message: 'at least 2 are needed' },
  { name: 'a VPC defined twice', documents: () => [blue(), blue()], code: 'WF104', path: 'VPC default/blue', message: 'defined twice; first at test.yaml:' },
  { name: 'a Server named like a Switch', documents: () => [server('leaf1')], code: 'WF104', path: 'Server leaf1', message: 'a Switch has the same name' },

  // addresses inside a VPC
  { name: 'a CIDR with host bits', documents: () => [vpc('default', 'blue', 'acme', { web: '10.1.1.5/24' })], code: 'WF300', path: 'VPC default/blue spec.subnets.web.cidr', message: '10.1.1.5/24 has host bits set' },
  { name: 'a /30 subnet', documents: () => [vpc('default', 'blue', 'acme', { web: '10.1.1.0/30' })], code: 'WF300', path: 'VPC default/blue spec.subnets.web.cidr', message: 'too small for a gateway and hosts' },
  { name: 'a gateway outside the subnet', documents: () => [vpc('default', 'blue', 'acme', { web: { cidr: '10.1.1.0/24', gateway: '10.1.2.1' } })], code: 'WF301', path: 'VPC default/blue spec.subnets.web.gateway', message: '10.1.2.1 is not a host address of 10.1.1.0/24' },
  { name: 'a gateway on the network address', documents: () => [vpc('default', 'blue', 'acme', { web: { cidr: '10.1.1.0/24', gateway: '10.1.1.0' } })], code: 'WF301', path: 'VPC default/blue spec.subnets.web.gateway', message: '10.1.1.0 is not a host address' },
  { name: 'a gateway on the broadcast address', documents: () => [vpc('default', 'blue', 'acme', { web: { cidr: '10.1.1.0/24', gateway: '10.1.1.255' } })], code: 'WF301', path: 'VPC default/blue spec.subnets.web.gateway', message: '10.1.1.255 is not a host address' },
  { name: 'a DHCP range ending outside the subnet', documents: () => [vpc('default', 'blue', 'acme', { web: { cidr: '10.1.1.0/24', dhcp: { start: '10.1.1.10', end: '10.1.2.10' } } })], code: 'WF302', path: 'VPC default/blue spec.subnets.web.dhcp.end', message: '10.1.2.10 is not a host address of 10.1.1.0/24' },
  { name: 'a DHCP range starting outside the subnet', documents: () => [vpc('default', 'blue', 'acme', { web: { cidr: '10.1.1.0/24', dhcp: { start: '10.1.0.10', end: '10.1.1.10' } } })], code: 'WF302', path: 'VPC default/blue spec.subnets.web.dhcp.start', message: '10.1.0.10 is not a host address' },
  { name: 'a DHCP range backwards', documents: () => [vpc('default', 'blue', 'acme', { web: { cidr: '10.1.1.0/24', dhcp: { start: '10.1.1.100', end: '10.1.1.10' } } })], code: 'WF302', path: 'VPC default/blue spec.subnets.web.dhcp', message: 'start 10.1.1.100 is after end 10.1.1.10' },
  { name: 'a DHCP range holding the gateway', documents: () => [vpc('default', 'blue', 'acme', { web: { cidr: '10.1.1.0/24', dhcp: { start: '10.1.1.1', end: '10.1.1.10' } } })], code: 'WF302', path: 'VPC default/blue spec.subnets.web.dhcp', message: 'contains the gateway 10.1.1.1' },
  { name: 'a DHCP pool (range) ending outside the subnet', documents: () => [vpc('default', 'blue', 'acme', { web: { cidr: '10.1.1.0/24', dhcp: { enable: true, range: { start: '10.1.1.10', end: '10.1.2.10' } } } })], code: 'WF302', path: 'VPC default/blue spec.subnets.web.dhcp.range.end', message: '10.1.2.10 is not a host address of 10.1.1.0/24' },
  { name: 'a DHCP pool (range) covering the gateway', documents: () => [vpc('default', 'blue', 'acme', { web: { cidr: '10.1.1.0/24', gateway: '10.1.1.254', dhcp: { enable: true, range: { start: '10.1.1.100', end: '10.1.1.254' } } } })], code: 'WF302', path: 'VPC default/blue spec.subnets.web.dhcp.range', message: 'contains the gateway 10.1.1.254' },
  { name: 'DHCP served and relayed at once', documents: () => [vpc('default', 'blue', 'acme', { web: { cidr: '10.1.1.0/24', dhcp: { enable: true, relay: ['192.0.2.67'] } } })], code: 'WF340', path: 'VPC default/blue spec.subnets.web.dhcp.relay', message: 'dhcp.enable and dhcp.relay exclude each other' },
  { name: 'a DHCP option without the server', documents: () => [vpc('default', 'blue', 'acme', { web: { cidr: '10.1.1.0/24', dhcp: { relay: ['192.0.2.67'], dnsServers: ['192.0.2.53'] } } })], code: 'WF340', path: 'VPC default/blue spec.subnets.web.dhcp.dnsServers', message: "is an option of Weft's DHCP server" },
  { name: 'a DHCP pool given twice', documents: () => [vpc('default', 'blue', 'acme', { web: { cidr: '10.1.1.0/24', dhcp: { enable: true, start: '10.1.1.10', end: '10.1.1.20', range: { start: '10.1.1.10', end: '10.1.1.20' } } } })], code: 'WF340', path: 'VPC default/blue spec.subnets.web.dhcp.range', message: 'give the pool once' },
  { name: 'a served subnet over the DHCP service prefix', documents: () => [vpc('default', 'blue', 'acme', { web: { cidr: '100.127.1.0/24', dhcp: { enable: true } } })], code: 'WF340', path: 'VPC default/blue spec.subnets.web.cidr', message: "overlaps 100.127.0.0/16, where Weft's DHCP service listens" },
  { name: 'a static DHCP address outside the subnet', documents: () => [vpc('default', 'blue', 'acme', { web: { cidr: '10.1.1.0/24', dhcp: { enable: true, static: [{ mac: '02:00:00:00:00:0a', ip: '10.1.9.9' }] } } })], code: 'WF341', path: 'VPC default/blue spec.subnets.web.dhcp.static[0].ip', message: '10.1.9.9 is not a host address of 10.1.1.0/24' },
  { name: 'a static DHCP address on the gateway', documents: () => [vpc('default', 'blue', 'acme', { web: { cidr: '10.1.1.0/24', dhcp: { enable: true, static: [{ mac: '02:00:00:00:00:0a', ip: '10.1.1.1' }] } } })], code: 'WF341', path: 'VPC default/blue spec.subnets.web.dhcp.static[0].ip', message: '10.1.1.1 is the gateway' },
  { name: 'two static DHCP entries with one address', documents: () => [vpc('default', 'blue', 'acme', { web: { cidr: '10.1.1.0/24', dhcp: { enable: true, static: [{ mac: '02:00:00:00:00:0a', ip: '10.1.1.9' }, { mac: '02:00:00:00:00:0b', ip: '10.1.1.9' }] } } })], code: 'WF341', path: 'VPC default/blue spec.subnets.web.dhcp.static[1].ip', message: '10.1.1.9 is already dhcp.static[0].ip' },
  { name: 'two static DHCP entries with one MAC, in two spellings', documents: () => [vpc('default', 'blue', 'acme', { web: { cidr: '10.1.1.0/24', dhcp: { enable: true, static: [{ mac: '02:00:00:00:00:0A', ip: '10.1.1.9' }, { mac: '02:00:00:00:00:0a', ip: '10.1.1.10' }] } } })], code: 'WF341', path: 'VPC default/blue spec.subnets.web.dhcp.static[1].mac', message: '02:00:00:00:00:0a is already dhcp.static[0].mac' },
  { name: 'a static DHCP MAC that is not one', documents: () => [vpc('default', 'blue', 'acme', { web: { cidr: '10.1.1.0/24', dhcp: { enable: true, static: [{ mac: '02-00-00-00-00-0a', ip: '10.1.1.9' }] } } })], code: 'WF103', path: 'VPC default/blue spec.subnets.web.dhcp.static[0].mac', message: 'expected the client MAC' },
  { name: 'overlapping subnets in one VPC', documents: () => [vpc('default', 'blue', 'acme', { web: '10.1.1.0/24', app: '10.1.0.0/16' })], code: 'WF303', path: 'VPC default/blue spec.subnets.web.cidr', message: '10.1.1.0/24 overlaps subnet app (10.1.0.0/16) of the same VPC' },

  // references between intents
  { name: 'an attachment to a missing VPC', documents: () => [attach('default', 'a1', 'nope/web', 'server1--leaf1')], code: 'WF305', path: 'VPCAttachment default/a1 spec.subnet', message: 'no valid VPC default/nope' },
  { name: 'an attachment to a VPC of another namespace', documents: () => [vpc('other', 'blue', 'acme', { web: '10.1.1.0/24' }), attach('default', 'a1', 'blue/web', 'server1--leaf1')], code: 'WF305', path: 'VPCAttachment default/a1 spec.subnet', message: 'refers to a VPC of its own namespace' },
  { name: 'an attachment to a missing subnet', documents: () => [blue(), attach('default', 'a1', 'blue/nope', 'server1--leaf1')], code: 'WF306', path: 'VPCAttachment default/a1 spec.subnet', message: 'VPC default/blue has no subnet "nope"; it has: db, web' },
  { name: 'an attachment to a missing connection', documents: () => [blue(), attach('default', 'a1', 'blue/web', 'server9--leaf1')], code: 'WF307', path: 'VPCAttachment default/a1 spec.connection', message: 'no Connection named "server9--leaf1"' },
  { name: 'an attachment to a fabric link', documents: () => [blue(), attach('default', 'a1', 'blue/web', 'spine1--leaf1')], code: 'WF308', path: 'VPCAttachment default/a1 spec.connection', message: 'is not a server connection (unbundled, bundled or eslag)' },
  { name: 'two untagged subnets on one connection', documents: () => [blue(), attach('default', 'a1', 'blue/web', 'server1--leaf1', true), attach('default', 'a2', 'blue/db', 'server1--leaf1', true)], code: 'WF309', path: 'VPCAttachment default/a2 spec.nativeVLAN', message: 'already carries an untagged subnet (VPCAttachment default/a1)' },
  { name: 'the same subnet attached twice to a connection', documents: () => [blue(), attach('default', 'a1', 'blue/web', 'server1--leaf1'), attach('default', 'a2', 'blue/web', 'server1--leaf1')], code: 'WF310', path: 'VPCAttachment default/a2 spec', message: 'attaches default/blue/web to server1--leaf1 again' },
  { name: 'a peering of a VPC with itself', documents: () => [blue(), peering('default', 'p1', ['blue', 'blue'])], code: 'WF311', path: 'VPCPeering default/p1 spec.vpcs', message: 'peers blue with itself' },
  { name: 'a peering with an unknown VPC', documents: () => [blue(), peering('default', 'p1', ['blue', 'nope'])], code: 'WF305', path: 'VPCPeering default/p1 spec.vpcs[1]', message: 'no valid VPC default/nope' },
  { name: 'a peering of overlapping VPCs', documents: () => [blue(), vpc('default', 'green', 'acme', { api: '10.1.1.128/25' }), peering('default', 'p1', ['blue', 'green'])], code: 'WF304', path: 'VPCPeering default/p1 spec.vpcs', message: 'default/blue subnet web (10.1.1.0/24) overlaps default/green subnet api (10.1.1.128/25)' },
  { name: 'a permit pair naming one VPC twice', documents: () => [blue(), green(), peering('default', 'p1', ['blue', 'green'], [['blue/web', 'blue/db']])], code: 'WF306', path: 'VPCPeering default/p1 spec.permit[0]', message: 'each pair names one subnet of blue and one of green' },
  { name: 'a permit pair with a missing subnet', documents: () => [blue(), green(), peering('default', 'p1', ['blue', 'green'], [['blue/nope', 'green/api']])], code: 'WF306', path: 'VPCPeering default/p1 spec.permit[0]', message: 'VPC default/blue has no subnet "nope"' },
  { name: 'two peerings of the same VPCs', documents: () => [blue(), green(), peering('default', 'p1', ['blue', 'green']), peering('default', 'p2', ['green', 'blue'])], code: 'WF312', path: 'VPCPeering default/p2 spec.vpcs', message: 'VPCPeering default/p1 already peers these VPCs' },
  { name: 'an External prefix with host bits', documents: () => [external('default', 'internet', ['10.0.0.1/8'])], code: 'WF300', path: 'External default/internet spec.prefixes[0]', message: 'did you mean 10.0.0.0/8?' },
  { name: 'an ExternalAttachment to a server connection', documents: () => [external('default', 'internet'), externalAttach('default', 'x1', 'internet', 'server1--leaf1')], code: 'WF308', path: 'ExternalAttachment default/x1 spec.connection', message: 'is not an external connection' },
  { name: 'an ExternalAttachment to a missing External', documents: () => [externalAttach('default', 'x1', 'nope', 'border1--internet')], code: 'WF313', path: 'ExternalAttachment default/x1 spec.external', message: 'no External default/nope' },
  { name: 'an external connection attached twice', documents: () => [...internet(), externalAttach('default', 'x2', 'internet', 'border1--internet')], code: 'WF310', path: 'ExternalAttachment default/x2 spec.connection', message: 'already attached by ExternalAttachment default/internet--border1' },
  { name: 'an ExternalPeering of an evpn-l2vni VPC', documents: () => [policy({ isolation: { default: 'evpn-l2vni' } }), blue(), ...internet(), externalPeering('default', 'ep', 'blue', 'internet')], code: 'WF314', path: 'ExternalPeering default/ep spec.vpc', message: 'uses evpn-l2vni' },
  { name: 'an ExternalPeering of a vlan VPC', documents: () => [policy({ isolation: { rules: [{ name: 'old', match: { tenants: ['acme'] }, method: 'vlan' }] } }), blue(), ...internet(), externalPeering('default', 'ep', 'blue', 'internet')], code: 'WF314', path: 'ExternalPeering default/ep spec.vpc', message: 'uses vlan (chosen by policy rule old)' },
  { name: 'an ExternalPeering with an unknown VPC', documents: () => [...internet(), externalPeering('default', 'ep', 'nope', 'internet')], code: 'WF305', path: 'ExternalPeering default/ep spec.vpc', message: 'no valid VPC default/nope' },
  { name: 'an ExternalPeering with an unknown External', documents: () => [blue(), externalPeering('default', 'ep', 'blue', 'nowhere')], code: 'WF313', path: 'ExternalPeering default/ep spec.external', message: 'no valid External default/nowhere' },
  { name: 'an ExternalPeering permitting a missing subnet', documents: () => [blue(), ...internet(), externalPeering('default', 'ep', 'blue', 'internet', { subnets: ['nope'] })], code: 'WF306', path: 'ExternalPeering default/ep spec.permit.subnets', message: 'VPC default/blue has no subnet "nope"' },
  { name: 'an ExternalPeering with a host prefix', documents: () => [blue(), ...internet(), externalPeering('default', 'ep', 'blue', 'internet', { prefixes: ['10.0.0.1/8'] })], code: 'WF300', path: 'ExternalPeering default/ep spec.permit.prefixes[0]', message: 'is not a network prefix' },

  // wiring
  { name: 'a connection to a missing switch', documents: () => [conn.unbundled('c1', 'server1/eth1', 'leaf9/Ethernet0')], code: 'WF201', path: 'Connection c1 spec.unbundled.switch', message: 'no Switch named "leaf9"' },
  { name: 'a connection to a missing server', documents: () => [conn.unbundled('c1', 'server9/eth0', 'leaf1/Ethernet40')], code: 'WF201', path: 'Connection c1 spec.unbundled.server', message: 'no Server named "server9"' },
  { name: 'a server where a switch belongs', documents: () => [conn.unbundled('c1', 'server1/eth1', 'server2/eth1')], code: 'WF201', path: 'Connection c1 spec.unbundled.switch', message: 'server2 is a Server; a Switch is needed here' },
  { name: 'a port the switch does not list', documents: () => [sw('leaf9', 'leaf', 'sonic', ['Ethernet0']), conn.unbundled('c1', 'server1/eth1', 'leaf9/Ethernet4')], code: 'WF202', path: 'Connection c1 spec.unbundled.switch', message: 'leaf9 has no port "Ethernet4"' },
  { name: 'a port used by two connections', documents: () => [conn.unbundled('a-first', 'server1/eth1', 'leaf1/Ethernet0')], code: 'WF203', path: 'Connection server1--leaf1 spec.unbundled.switch', message: 'port leaf1/Ethernet0 is already used by Connection a-first' },
  { name: 'a connection of two types', documents: () => [withField(conn.trunk('c1', 'leaf1/Ethernet40', 'leaf2/Ethernet40'), 'spec', { trunk: { links: ['leaf1/Ethernet40', 'leaf2/Ethernet40'] }, unbundled: { server: 'server1/eth1', switch: 'leaf1/Ethernet44' } })], code: 'WF204', path: 'Connection c1 spec', message: 'sets unbundled and trunk; exactly one is allowed' },
  { name: 'a connection of no type', documents: () => [withField(conn.trunk('c1', 'leaf1/Ethernet40', 'leaf2/Ethernet40'), 'spec', { description: 'a cable' })], code: 'WF204', path: 'Connection c1 spec', message: 'needs one of fabric, unbundled, bundled, external, trunk' },
  { name: 'a fabric link whose spine side is a leaf', documents: () => [conn.fabric('c1', 'leaf1/Ethernet40', 'leaf2/Ethernet40')], code: 'WF205', path: 'Connection c1 spec.fabric.spine', message: 'leaf1 is a leaf; this end must be a spine' },
  { name: 'a server port on a spine', documents: () => [conn.unbundled('c1', 'server1/eth1', 'spine1/Ethernet40')], code: 'WF205', path: 'Connection c1 spec.unbundled.switch', message: 'spine1 is a spine; this end must be a leaf' },
  { name: 'a bundle across two switches', documents: () => [conn.bundled('c1', 'server1', [['eth1', 'leaf1/Ethernet40'], ['eth2', 'leaf2/Ethernet40']])], code: 'WF205', path: 'Connection c1 spec.bundled.links', message: 'a bundle goes to one switch; these links go to leaf1 and leaf2' },
  { name: 'a trunk with both ends on one switch', documents: () => [conn.trunk('t1', 'leaf1/Ethernet40', 'leaf1/Ethernet44')], code: 'WF205', path: 'Connection t1 spec.trunk.links', message: 'both ends are on leaf1; a trunk joins two switches' },
  { name: 'a trunk to a spine', documents: () => [conn.trunk('t1', 'leaf1/Ethernet40', 'spine1/Ethernet40')], code: 'WF205', path: 'Connection t1 spec.trunk.links[1]', message: 'spine1 is a spine; this end must be a leaf' },
  { name: 'an external link on a leaf', documents: () => [conn.external('e1', 'leaf1/Ethernet40', '192.0.2.6/30', '192.0.2.5', 64496)], code: 'WF205', path: 'Connection e1 spec.external.switch', message: 'leaf1 is a leaf; this end must be a border' },
  { name: 'an external peer outside the link prefix', documents: () => [conn.external('e1', 'border1/eth4', '192.0.2.6/30', '192.0.3.5', 64496)], code: 'WF208', path: 'Connection e1 spec.external.peer.ip', message: '192.0.3.5 is outside 192.0.2.6/30' },
  { name: 'an external peer on the border address', documents: () => [conn.external('e1', 'border1/eth4', '192.0.2.6/30', '192.0.2.6', 64496)], code: 'WF208', path: 'Connection e1 spec.external.peer.ip', message: "192.0.2.6 is the border's own address" },
  { name: 'an external address on the network address', documents: () => [conn.external('e1', 'border1/eth4', '192.0.2.4/30', '192.0.2.5', 64496)], code: 'WF208', path: 'Connection e1 spec.external.address', message: '192.0.2.4/30 is not a host address of its prefix' },
  { name: 'two leaves with one ASN', documents: () => [sw('leaf8', 'leaf', 'sonic', undefined, { asn: 65001 }), sw('leaf9', 'leaf', 'sonic', undefined, { asn: 65001 })], code: 'WF206', path: 'Switch leaf9 spec.asn', message: 'AS 65001 is already used by leaf8' },
  { name: 'two switches with one router id', documents: () => [sw('leaf8', 'leaf', 'sonic', undefined, { routerId: '10.9.0.1' }), sw('leaf9', 'leaf', 'sonic', undefined, { routerId: '10.9.0.1' })], code: 'WF207', path: 'Switch leaf9 spec.routerId', message: '10.9.0.1 is already the router id of leaf8' },
  { name: 'a VyOS leaf', documents: () => [sw('leaf9', 'leaf', 'vyos')], code: 'WF209', path: 'Switch leaf9 spec.os', message: 'vyos runs border nodes only; leaf9 is a leaf' },
  { name: 'an FRR leaf', documents: () => [sw('leaf9', 'leaf', 'frr')], code: 'WF209', path: 'Switch leaf9 spec.os', message: 'a leaf needs sonic' },

  // policy and limits
  { name: 'a VLAN pool that ends before it starts', documents: () => [policy({ pools: { vlan: { start: 3000, end: 1000 } } })], code: 'WF400', path: 'FabricPolicy default spec.pools.vlan', message: 'start 3000 is after end 1000' },
  { name: 'a VNI pool beyond 24 bits', documents: () => [policy({ pools: { vni: { start: 10000, end: 20_000_000 } } })], code: 'WF400', path: 'FabricPolicy default spec.pools.vni', message: 'VNIs must lie within 1-16777215, got 10000-20000000' },
  { name: 'a VRF pool too large for route distinguishers', documents: () => [policy({ pools: { vrf: { start: 1, end: 60000 } } })], code: 'WF400', path: 'FabricPolicy default spec.pools.vrf', message: 'VRF ids must lie within 1-55535' },
  { name: 'a reserved VLAN range beyond 4094', documents: () => [policy({ pools: { reserved: { vlan: [{ start: 4000, end: 4095 }] } } })], code: 'WF400', path: 'FabricPolicy default spec.pools.reserved.vlan[0]', message: 'reserved VLAN ids must lie within 2-4094' },
  { name: 'fabric links that are neither unnumbered nor a prefix', documents: () => [policy({ underlay: { links: 'numbered' } })], code: 'WF404', path: 'FabricPolicy default spec.underlay.links', message: '"numbered" is neither "unnumbered" nor an IPv4 prefix' },
  { name: 'a 4-byte route target ASN', documents: () => [policy({ routeTargetAsn: 4_200_000_000 })], code: 'WF400', path: 'FabricPolicy default spec.routeTargetAsn', message: 'does not fit a route target ASN:VNI' },
  { name: 'two policies and none named default', documents: () => [policy({}, 'first'), policy({}, 'second')], code: 'WF401', path: 'FabricPolicy first, second', message: '2 FabricPolicies and none is named "default"' },
  { name: 'more VPCs than a tenant may have', documents: () => [policy({ limits: { vpcsPerTenant: 1 } }), blue(), green()], code: 'WF402', path: 'VPC default/green spec.tenant', message: 'tenant acme has 2 VPCs; FabricPolicy default allows 1 (spec.limits.vpcsPerTenant)' },
  { name: 'more subnets than a VPC may have', documents: () => [policy({ limits: { subnetsPerVpc: 1 } }), blue()], code: 'WF403', path: 'VPC default/blue spec.subnets', message: 'has 2 subnets; FabricPolicy default allows 1 per VPC (spec.limits.subnetsPerVpc)' },

  // pools
  { name: 'a VNI pool too small', documents: () => [policy({ pools: { vni: { start: 10000, end: 10003 } } }), ...tinyPoolVpcs()], code: 'WF500', path: 'FabricPolicy default spec.pools.vni', message: 'the VNI pool 10000-10003 (FabricPolicy default spec.pools.vni) is exhausted: 6 numbers are needed and 4 could be given' },
  { name: 'a VLAN pool too small', documents: () => [policy({ pools: { vlan: { start: 1000, end: 1002 } } }), ...tinyPoolVpcs()], code: 'WF500', path: 'Switch leaf1', message: 'the VLAN pool 1000-1002 of switch leaf1 (FabricPolicy default spec.pools.vlan) is exhausted' },
  { name: 'a VRF pool too small', documents: () => [policy({ pools: { vrf: { start: 1, end: 2 } } }), ...tinyPoolVpcs()], code: 'WF500', path: 'FabricPolicy default spec.pools.vrf', message: 'the VRF id pool 1-2 (FabricPolicy default spec.pools.vrf) is exhausted: 3 numbers are needed and 2 could be given' },
  { name: 'a loopback pool too small', documents: () => [policy({ underlay: { loopbacks: '10.0.0.0/30' } })], code: 'WF500', path: 'FabricPolicy default spec.underlay.loopbacks', message: 'the loopback pool 10.0.0.0/30' },
  { name: 'a fabric link pool too small', documents: () => [policy({ underlay: { links: '10.9.0.0/30' } })], code: 'WF500', path: 'FabricPolicy default spec.underlay.links', message: 'the fabric link pool 10.9.0.0/30' },
  { name: 'an AS number pool at its end', documents: () => [policy({ underlay: { asn: { leafStart: 4294967294 } } })], code: 'WF500', path: 'FabricPolicy default spec.underlay.asn', message: 'the AS number pool from 4294967294' },

  // the vlan method
  {
    name: 'a vlan VPC on two switches without a trunk',
    documents: () => [policy({ isolation: { rules: [{ name: 'legacy', match: { tenants: ['acme'] }, method: 'vlan' }] } }), blue(), attach('default', 'a1', 'blue/web', 'server1--leaf1'), attach('default', 'a2', 'blue/web', 'server3--leaf2')],
    code: 'WF600',
    path: 'VPC default/blue spec.subnets',
    message: 'isolation vlan (chosen by policy rule legacy) needs every attachment in one trunk domain',
  },
];

test('the base fabric of these cases compiles without a diagnostic', () => {
  const { diagnostics, result } = run(baseFabric());
  assert.deepEqual(diagnostics, []);
  assert.equal(result.ok, true);
  assert.deepEqual([...result.devices.keys()], ['border1', 'leaf1', 'leaf2', 'spine1', 'spine2']);
});

for (const c of CASES) {
  test(`bad input: ${c.name} -> ${c.code} ${c.path}`, () => {
    // the case's documents come first, so a document's position (test.yaml:1) is known
    const { diagnostics, result } = run([...c.documents(), ...baseFabric()]);
    expectDiagnostic(diagnostics, c);
    if ((c.severity ?? 'error') === 'error') assert.equal(result.ok && !diagnostics.some((d) => d.severity === 'error'), false);
  });
}

test('the cases use distinct inputs and cover every family of codes', () => {
  const codes = new Set(CASES.map((c) => c.code));
  for (const code of ['WF101', 'WF102', 'WF103', 'WF104', 'WF106', 'WF201', 'WF202', 'WF203', 'WF204', 'WF205', 'WF206', 'WF207', 'WF208', 'WF209']) assert.ok(codes.has(code), code);
  for (const code of ['WF300', 'WF301', 'WF302', 'WF303', 'WF304', 'WF305', 'WF306', 'WF307', 'WF308', 'WF309', 'WF310', 'WF311', 'WF312', 'WF313', 'WF314']) assert.ok(codes.has(code), code);
  for (const code of ['WF400', 'WF401', 'WF402', 'WF403', 'WF404', 'WF500', 'WF600']) assert.ok(codes.has(code), code);
  assert.ok(CASES.length >= 40, `${CASES.length} cases`);
});

test('a name of 100,000 characters is rejected with a clipped message', () => {
  const huge = 'a'.repeat(100_000);
  const { diagnostics } = run([...baseFabric(), withField(blue(), 'metadata', { name: huge, namespace: 'default' })]);
  const found = diagnostics.find((d) => d.code === 'WF103' && d.path.endsWith(' metadata.name'));
  assert.ok(found, describe(diagnostics));
  assert.ok(found.message.length < 200, `message of ${found.message.length} characters`);
  assert.match(found.message, /^"a{57}\.\.\." is not a valid name/);
});

test('a fabric with many problems reports every one of them at once', () => {
  const documents = [
    ...baseFabric(),
    vpc('default', 'blue', 'acme', { web: '10.1.1.5/24', app: { cidr: '10.1.2.0/24', gateway: '10.1.9.1' } }),
    vpc('default', 'green', 'acme', { api: '10.2.1.0/24', worker: '10.2.0.0/16' }),
    vpc('default', 'red', 'acme', { front: '10.3.1.0/24' }),
    attach('default', 'missing-connection', 'red/front', 'server9--leaf1'),
    attach('default', 'missing-subnet', 'red/back', 'server1--leaf1'),
    peering('default', 'self', ['red', 'red']),
    conn.unbundled('port-taken', 'server1/eth1', 'leaf1/Ethernet4'),
    conn.fabric('upside-down', 'leaf1/Ethernet40', 'leaf2/Ethernet40'),
    sw('leaf8', 'leaf', 'vyos'),
    withField(sw('leaf9', 'leaf'), 'spec', { role: 'leaf', os: 'junos' }),
    policy({ pools: { vlan: { start: 3000, end: 1000 } } }),
  ];
  const { diagnostics } = run(documents);
  const expected: Expected[] = [
    { code: 'WF300', path: 'VPC default/blue spec.subnets.web.cidr', message: 'host bits' },
    { code: 'WF301', path: 'VPC default/blue spec.subnets.app.gateway', message: '10.1.9.1' },
    { code: 'WF303', path: 'VPC default/green spec.subnets.worker.cidr', message: 'overlaps subnet api' },
    { code: 'WF307', path: 'VPCAttachment default/missing-connection spec.connection', message: 'server9--leaf1' },
    { code: 'WF306', path: 'VPCAttachment default/missing-subnet spec.subnet', message: '"back"' },
    { code: 'WF311', path: 'VPCPeering default/self spec.vpcs', message: 'itself' },
    { code: 'WF203', path: 'Connection server2--leaf1 spec.unbundled.switch', message: 'Connection port-taken' },
    { code: 'WF205', path: 'Connection upside-down spec.fabric.spine', message: 'must be a spine' },
    { code: 'WF209', path: 'Switch leaf8 spec.os', message: 'vyos runs border nodes only' },
    { code: 'WF103', path: 'Switch leaf9 spec.os', message: '"junos"' },
    { code: 'WF400', path: 'FabricPolicy default spec.pools.vlan', message: 'start 3000 is after end 1000' },
  ];
  for (const e of expected) expectDiagnostic(diagnostics, e);
  assert.equal(diagnostics.filter((d) => d.severity === 'error').length, expected.length, describe(diagnostics));
});

test('every diagnostic of a compile is reported once, in a stable order', () => {
  const documents = [...baseFabric(), vpc('default', 'blue', 'acme', { web: '10.1.1.5/24', app: '10.1.2.5/24' }), attach('default', 'a1', 'blue/web', 'nope')];
  // the file positions differ when the documents are reversed; everything else must not
  const withoutSource = (list: readonly Diagnostic[]): string[] => list.map((d) => `${d.severity} ${d.code} ${d.path}: ${d.message}`);
  const first = withoutSource(run(documents).result.diagnostics);
  const second = withoutSource(run([...documents].reverse()).result.diagnostics);
  assert.deepEqual(second, first);
  assert.equal(new Set(first).size, first.length);
  assert.equal(first.length, 4);
  const paths = run(documents).result.diagnostics.map((d) => d.path);
  assert.deepEqual(paths, [...paths].sort(), 'sorted by path');
});

test('overlapping CIDRs in different VPCs that are not peered are allowed', () => {
  const documents = [
    ...baseFabric(),
    vpc('default', 'blue', 'acme', { web: '10.1.1.0/24' }),
    vpc('default', 'green', 'acme', { web: '10.1.1.0/24' }),
    vpc('globex', 'shop', 'globex', { front: '10.1.0.0/16' }),
    attach('default', 'a1', 'blue/web', 'server1--leaf1'),
    attach('default', 'a2', 'green/web', 'server2--leaf1'),
    attach('globex', 'a3', 'shop/front', 'server3--leaf2'),
  ];
  const { diagnostics, result } = run(documents);
  assert.deepEqual(diagnostics, [], describe(diagnostics));
  assert.equal(result.ok, true);
  const leaf1 = result.devices.get('leaf1');
  assert.ok(leaf1);
  const gateways = leaf1.vlans.filter((v) => v.svi?.address === '10.1.1.1/24').map((v) => v.svi?.vrf);
  assert.equal(gateways.length, 2);
  assert.notEqual(gateways[0], gateways[1], 'the two 10.1.1.0/24 gateways live in different VRFs');
});

test('peering two VPCs that overlap only outside the permitted subnets is still refused', () => {
  const documents = [...baseFabric(), blue(), vpc('default', 'green', 'acme', { api: '10.2.1.0/24', copy: '10.1.3.0/24' }), peering('default', 'p1', ['blue', 'green'], [['blue/web', 'green/api']])];
  expectDiagnostic(run(documents).diagnostics, { code: 'WF304', path: 'VPCPeering default/p1 spec.vpcs', message: 'default/blue subnet db (10.1.3.0/24) overlaps default/green subnet copy (10.1.3.0/24)' });
});

test('a bundle listing a port twice gets one diagnostic per problem, in plain words', () => {
  const { diagnostics } = run([...baseFabric(), conn.bundled('c1', 'server1', [['eth1', 'leaf1/Ethernet40'], ['eth1', 'leaf1/Ethernet40']])]);
  const mine = diagnostics.filter((d) => d.path.startsWith('Connection c1 '));
  assert.deepEqual(
    mine.map((d) => `${d.code} ${d.path}: ${d.message}`),
    [
      'WF203 Connection c1 spec.bundled.links[1].server: server port eth1 is listed twice',
      'WF203 Connection c1 spec.bundled.links[1].switch: port leaf1/Ethernet40 is listed twice in this connection',
    ],
  );
});

test('a port name the switch OS cannot have is reported at the connection, not at render time', () => {
  const { diagnostics, result } = run([
    ...baseFabric(),
    conn.unbundled('c1', 'server1/eth1', 'leaf1/eth1'),
    conn.unbundled('c2', 'server2/eth1', 'leaf1/E/../../etc'),
    conn.external('e1', 'border1/Ethernet4', '192.0.2.6/30', '192.0.2.5', 64496),
  ]);
  expectDiagnostic(diagnostics, { code: 'WF200', path: 'Connection c1 spec.unbundled.switch', message: 'leaf1 runs sonic, whose ports are named Ethernet<N>; got "eth1"' });
  expectDiagnostic(diagnostics, { code: 'WF200', path: 'Connection c2 spec.unbundled.switch', message: 'got "E/../../etc"' });
  expectDiagnostic(diagnostics, { code: 'WF200', path: 'Connection e1 spec.external.switch', message: 'border1 runs vyos, whose ports are named' });
  assert.ok(!diagnostics.some((d) => d.message.includes('cannot render')), describe(diagnostics));
  assert.equal(result.ok, false);
});

test('a leaf or border with the spines\' AS number is refused: it could not peer with them over eBGP', () => {
  const { diagnostics, result } = run([
    ...smallFabric({ spines: 2, leaves: 1, serversPerLeaf: 1 }).map((r) => (r.kind === 'Switch' && r.metadata.name === 'leaf1' ? sw('leaf1', 'leaf', 'sonic', undefined, { asn: 65100 }) : r)),
    sw('border1', 'border', 'frr', undefined, { asn: 65200 }),
    sw('spine3', 'spine', 'sonic', undefined, { asn: 65200 }),
  ]);
  expectDiagnostic(diagnostics, { code: 'WF206', path: 'Switch leaf1 spec.asn', message: 'AS 65100 is the AS number of spine1' });
  expectDiagnostic(diagnostics, { code: 'WF206', path: 'Switch border1 spec.asn', message: 'AS 65200 is the AS number of spine3' });
  assert.equal(result.ok, false);
});
