// ESI-LAG connections and host BGP subnets: the diagnostics (object and field), what every leaf of
// an Ethernet segment gets, and what a host BGP subnet makes of a server port.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from '#domain';
import { compile, explainConnection, explainSwitch, explainVpc, type CompileResult } from '#compiler';
import { attach, conn, parseSet, policy, server, smallFabric, vpc } from '../../test/support/builders.js';

function run(documents: readonly unknown[]): { diagnostics: readonly Diagnostic[]; result: CompileResult } {
  const { set, diagnostics } = parseSet(documents);
  const result = compile(set);
  return { diagnostics: [...diagnostics, ...result.diagnostics], result };
}

const lines = (diagnostics: readonly Diagnostic[]): string[] => diagnostics.map((d) => `${d.severity} ${d.code} ${d.path}: ${d.message}`);

function fabric(): unknown[] {
  return [...smallFabric({ spines: 2, leaves: 4, serversPerLeaf: 1 }), server('server9')];
}

const twoLeaves = (): unknown => conn.eslag('server9--eslag', 'server9', [['eth0', 'leaf1/Ethernet40'], ['eth1', 'leaf2/Ethernet40']], { preferredForwarder: 'leaf2' });
const blue = (subnets: Parameters<typeof vpc>[3] = { web: '10.1.1.0/24' }): unknown => vpc('default', 'blue', 'acme', subnets);

function json(result: CompileResult, file: string): Record<string, Record<string, Record<string, unknown>>> {
  const text = result.files.get(file);
  assert.ok(text !== undefined, `no ${file}`);
  return JSON.parse(text) as Record<string, Record<string, Record<string, unknown>>>;
}

test('an ESI-LAG gives each of its leaves a PortChannel with one ESI and one LACP system MAC', () => {
  const { diagnostics, result } = run([...fabric(), twoLeaves(), blue(), attach('default', 'a1', 'blue/web', 'server9--eslag')]);
  assert.deepEqual(lines(diagnostics), []);
  const l1 = json(result, 'leaf1/config_db.json');
  const l2 = json(result, 'leaf2/config_db.json');
  const segment1 = l1.EVPN_ETHERNET_SEGMENT?.PortChannel1;
  const segment2 = l2.EVPN_ETHERNET_SEGMENT?.PortChannel1;
  assert.ok(segment1 !== undefined && segment2 !== undefined);
  assert.match(String(segment1.esi), /^00(:[0-9a-f]{2}){9}$/);
  assert.equal(segment1.esi, segment2.esi);
  assert.equal(segment1.type, 'TYPE_0_OPERATOR_CONFIGURED');
  // the preferred forwarder is leaf2: only it has a DF preference above the default
  assert.equal(segment1.df_pref, undefined);
  assert.equal(segment2.df_pref, '65535');
  assert.equal(l1.PORTCHANNEL?.PortChannel1?.system_mac, l2.PORTCHANNEL?.PortChannel1?.system_mac);
  assert.match(String(l1.PORTCHANNEL?.PortChannel1?.system_mac), /^02(:[0-9a-f]{2}){5}$/);
  assert.deepEqual(Object.keys(l1.PORTCHANNEL_MEMBER ?? {}), ['PortChannel1|Ethernet40']);
  assert.deepEqual(l1.EVPN_MH_GLOBAL, { default: { startup_delay: '300', mac_holdtime: '1080', neigh_holdtime: '1080' } });
  // the subnet's VLAN has the PortChannel as a member on both leaves
  for (const db of [l1, l2]) assert.ok(Object.keys(db.VLAN_MEMBER ?? {}).some((k) => k.endsWith('|PortChannel1')), JSON.stringify(db.VLAN_MEMBER));
  const frr1 = result.files.get('leaf1/frr.conf') ?? '';
  const frr2 = result.files.get('leaf2/frr.conf') ?? '';
  const esi = String(segment1.esi);
  const mac = String(l1.PORTCHANNEL?.PortChannel1?.system_mac);
  assert.match(frr1, new RegExp(`interface PortChannel1\\n description server9\\n evpn mh es-id ${esi}\\n evpn mh es-sys-mac ${mac}\\nexit`));
  assert.match(frr2, new RegExp(`interface PortChannel1\\n description server9\\n evpn mh es-id ${esi}\\n evpn mh es-sys-mac ${mac}\\n evpn mh es-df-pref 65535\\nexit`));
  // fabric ports are uplinks: the segment goes down with them; FRR's 180 s startup delay becomes SONiC's 300
  assert.match(frr1, /interface Ethernet48\n description spine1\/Ethernet0\n evpn mh uplink\n/);
  assert.match(frr1, /^evpn mh startup-delay 300$/m);
  assert.doesNotMatch(frr1, /mac-holdtime/);
  // a leaf without a segment has none of it
  assert.doesNotMatch(result.files.get('leaf3/frr.conf') ?? '', /evpn mh/);
  assert.equal(json(result, 'leaf3/config_db.json').EVPN_MH_GLOBAL, undefined);
});

test('the ESI comes from the connection name alone: the same across compiles and orders, different per connection', () => {
  const docs = [...fabric(), server('server10'), twoLeaves(), conn.eslag('server10--eslag', 'server10', [['eth0', 'leaf3/Ethernet40'], ['eth1', 'leaf4/Ethernet40']])];
  const a = run(docs).result;
  const b = run([...docs].reverse()).result;
  const esi = (r: CompileResult, leaf: string): unknown => json(r, `${leaf}/config_db.json`).EVPN_ETHERNET_SEGMENT?.PortChannel1?.esi;
  assert.equal(esi(a, 'leaf1'), esi(b, 'leaf1'));
  assert.equal(esi(a, 'leaf3'), esi(b, 'leaf4'));
  assert.notEqual(esi(a, 'leaf1'), esi(a, 'leaf3'));
});

test('an ESI-LAG across four leaves, with two links on one of them', () => {
  const c = conn.eslag('server9--eslag', 'server9', [['eth0', 'leaf1/Ethernet40'], ['eth1', 'leaf2/Ethernet40'], ['eth2', 'leaf3/Ethernet40'], ['eth3', 'leaf4/Ethernet40'], ['eth4', 'leaf4/Ethernet44']]);
  const { diagnostics, result } = run([...fabric(), c, blue(), attach('default', 'a1', 'blue/web', 'server9--eslag')]);
  assert.deepEqual(lines(diagnostics), []);
  assert.deepEqual(Object.keys(json(result, 'leaf4/config_db.json').PORTCHANNEL_MEMBER ?? {}), ['PortChannel1|Ethernet40', 'PortChannel1|Ethernet44']);
  const esis = ['leaf1', 'leaf2', 'leaf3', 'leaf4'].map((l) => json(result, `${l}/config_db.json`).EVPN_ETHERNET_SEGMENT?.PortChannel1?.esi);
  assert.equal(new Set(esis).size, 1);
});

const cases: { name: string; documents: () => unknown[]; expected: string }[] = [
  {
    name: 'one leaf only',
    documents: () => [...fabric(), conn.eslag('c1', 'server9', [['eth0', 'leaf1/Ethernet40'], ['eth1', 'leaf1/Ethernet44']])],
    expected: 'error WF220 Connection c1 spec.eslag.links: an ESI-LAG spans 2 to 4 leaves; these links reach 1: leaf1',
  },
  {
    name: 'five leaves',
    documents: () => [...smallFabric({ spines: 1, leaves: 5, serversPerLeaf: 0 }), server('server9'), conn.eslag('c1', 'server9', [1, 2, 3, 4, 5].map((l) => [`eth${l}`, `leaf${l}/Ethernet40`] as const))],
    expected: 'error WF220 Connection c1 spec.eslag.links: an ESI-LAG spans 2 to 4 leaves; these links reach 5: leaf1, leaf2, leaf3, leaf4, leaf5',
  },
  {
    name: 'a spine among the switches',
    documents: () => [...fabric(), conn.eslag('c1', 'server9', [['eth0', 'leaf1/Ethernet40'], ['eth1', 'spine1/Ethernet40']])],
    expected: 'error WF205 Connection c1 spec.eslag.links[1].switch: spine1 is a spine; this end must be a leaf',
  },
  {
    name: 'a preferred forwarder that is not one of its leaves',
    documents: () => [...fabric(), conn.eslag('c1', 'server9', [['eth0', 'leaf1/Ethernet40'], ['eth1', 'leaf2/Ethernet40']], { preferredForwarder: 'leaf3' })],
    expected: "error WF221 Connection c1 spec.eslag.preferredForwarder: leaf3 is not one of the connection's leaves (leaf1, leaf2)",
  },
  {
    name: 'an unknown server',
    documents: () => [...fabric(), conn.eslag('c1', 'nobody', [['eth0', 'leaf1/Ethernet40'], ['eth1', 'leaf2/Ethernet40']])],
    expected: 'error WF201 Connection c1 spec.eslag.server: no Server named "nobody"',
  },
  {
    name: 'a leaf port another connection has',
    documents: () => [...fabric(), conn.eslag('x1', 'server9', [['eth0', 'leaf1/Ethernet0'], ['eth1', 'leaf2/Ethernet40']])],
    expected: 'error WF203 Connection x1 spec.eslag.links[0].switch: port leaf1/Ethernet0 is already used by Connection server1--leaf1',
  },
  {
    name: 'an ESI-LAG attached to a vlan-isolated VPC',
    documents: () => [...fabric(), twoLeaves(), policy({ isolation: { default: 'vlan' } }), blue(), attach('default', 'a1', 'blue/web', 'server9--eslag')],
    expected: 'error WF223 VPCAttachment default/a1 spec.connection: Connection server9--eslag is an ESI-LAG, which needs EVPN; VPC default/blue uses vlan (chosen by the policy default)',
  },
  {
    name: 'a host BGP subnet on an ESI-LAG',
    documents: () => [...fabric(), twoLeaves(), blue({ vips: { cidr: '10.9.0.0/24', hostBGP: true } }), attach('default', 'a1', 'blue/vips', 'server9--eslag')],
    expected: 'error WF351 VPCAttachment default/a1 spec.connection: subnet blue/vips is a hostBGP subnet and Connection server9--eslag is a LAG; a server peers over one unbundled link per session',
  },
  {
    name: 'a host BGP subnet in an evpn-l2vni VPC',
    documents: () => [...fabric(), policy({ isolation: { default: 'evpn-l2vni' } }), blue({ vips: { cidr: '10.9.0.0/24', hostBGP: true } })],
    expected: 'error WF350 VPC default/blue spec.subnets.vips.hostBGP: the VPC uses evpn-l2vni (chosen by the policy default); routes a server announces reach the other leaves as EVPN type-5 routes, which need evpn-l3vni',
  },
  {
    name: 'a host BGP prefix length shorter than the subnet',
    documents: () => [...fabric(), blue({ vips: { cidr: '10.9.0.0/24', hostBGP: true, hostBGPMinPrefixLen: 16 } })],
    expected: "error WF350 VPC default/blue spec.subnets.vips.hostBGPMinPrefixLen: /16 is shorter than the subnet's own /24; servers announce prefixes inside the cidr",
  },
  {
    name: 'DHCP on a host BGP subnet',
    documents: () => [...fabric(), blue({ vips: { cidr: '10.9.0.0/24', hostBGP: true, dhcp: { start: '10.9.0.10', end: '10.9.0.20' } } })],
    expected: 'error WF350 VPC default/blue spec.subnets.vips.dhcp: a hostBGP subnet has no VLAN to serve DHCP on',
  },
  {
    name: 'a host BGP limit on an ordinary subnet',
    documents: () => [...fabric(), blue({ web: { cidr: '10.1.1.0/24', hostBGPMaxPrefixes: 3 } })],
    expected: 'warning WF350 VPC default/blue spec.subnets.web.hostBGPMaxPrefixes: has no effect: the subnet is not a hostBGP subnet',
  },
  {
    name: 'another subnet on the routed port of a host BGP subnet',
    documents: () => [...fabric(), blue({ web: '10.1.1.0/24', vips: { cidr: '10.9.0.0/24', hostBGP: true } }), attach('default', 'a1', 'blue/vips', 'server1--leaf1'), attach('default', 'a2', 'blue/web', 'server1--leaf1')],
    expected: 'error WF351 VPCAttachment default/a2 spec.connection: Connection server1--leaf1 is a routed port of hostBGP subnet default/blue/vips (VPCAttachment default/a1); it carries no other subnet',
  },
];

for (const c of cases) {
  test(`bad multihoming input: ${c.name}`, () => {
    const { diagnostics } = run(c.documents());
    const found = lines(diagnostics);
    assert.ok(found.some((l) => l.startsWith(c.expected)), `expected "${c.expected}", got:\n${found.join('\n')}`);
  });
}

test('a host BGP subnet makes the server port routed in the VPC VRF, with an unnumbered session limited to the subnet', () => {
  const docs = [...fabric(), blue({ web: '10.1.1.0/24', vips: { cidr: '10.9.0.0/24', hostBGP: true, hostBGPMaxPrefixes: 3 } }), attach('default', 'a1', 'blue/vips', 'server1--leaf1'), attach('default', 'a2', 'blue/web', 'server2--leaf2')];
  const { diagnostics, result } = run(docs);
  assert.deepEqual(lines(diagnostics), []);
  const db = json(result, 'leaf1/config_db.json');
  const vrf = Object.keys(db.VRF ?? {})[0];
  assert.ok(vrf !== undefined);
  assert.deepEqual(db.INTERFACE?.Ethernet0, { vrf_name: vrf, ipv6_use_link_local_only: 'enable' });
  // no VLAN of the host BGP subnet, and the port is in no VLAN
  assert.ok(!Object.keys(db.VLAN_MEMBER ?? {}).some((k) => k.endsWith('|Ethernet0')));
  // nor a VNI or gateway: its routes travel over the L3VNI
  assert.deepEqual(result.vpcStatus.get('default/blue')?.subnets?.vips, {});
  assert.equal(result.allocations.vpcs['default/blue']?.subnets.vips?.vni, undefined);
  const frr = result.files.get('leaf1/frr.conf') ?? '';
  assert.match(frr, /^ip prefix-list weft-host-ethernet0-in seq 5 permit 10\.9\.0\.0\/24 ge 32$/m);
  assert.match(frr, /^ip prefix-list weft-host-ethernet0-in seq 10 deny any$/m);
  assert.match(frr, /^ip prefix-list weft-host-ethernet0-out seq 5 permit 0\.0\.0\.0\/0$/m);
  const block = frr.slice(frr.indexOf(`router bgp 65101 vrf ${vrf}`));
  assert.match(block, /^ neighbor Ethernet0 interface remote-as external$/m);
  assert.match(block, /^ {2}neighbor Ethernet0 prefix-list weft-host-ethernet0-in in$/m);
  assert.match(block, /^ {2}neighbor Ethernet0 maximum-prefix 3 restart 5$/m);
  assert.match(block, /^ {2}neighbor Ethernet0 default-originate$/m);
  // the other leaf of the VPC learns the server's routes over the L3VNI: it has no session of its own
  assert.doesNotMatch(result.files.get('leaf2/frr.conf') ?? '', /interface remote-as external/);
});

test('host BGP: a minimum prefix length equal to the subnet\'s accepts the whole subnet and its parts', () => {
  const { result } = run([...fabric(), blue({ vips: { cidr: '10.9.0.0/24', hostBGP: true, hostBGPMinPrefixLen: 24 } }), attach('default', 'a1', 'blue/vips', 'server1--leaf1')]);
  assert.match(result.files.get('leaf1/frr.conf') ?? '', /^ip prefix-list weft-host-ethernet0-in seq 5 permit 10\.9\.0\.0\/24 le 32$/m);
});

test('a recompile after a host BGP attachment is removed gives the port back to VLANs', async () => {
  const { recompile } = await import('#compiler');
  const docs = [...fabric(), blue({ web: '10.1.1.0/24', vips: { cidr: '10.9.0.0/24', hostBGP: true } }), attach('default', 'a1', 'blue/vips', 'server1--leaf1')];
  const first = run(docs).result;
  const again = recompile(first, { deletes: [{ kind: 'VPCAttachment', namespace: 'default', name: 'a1' }], upserts: [attach('default', 'a2', 'blue/web', 'server1--leaf1')] });
  const db = json(again, 'leaf1/config_db.json');
  assert.equal(db.INTERFACE?.Ethernet0, undefined);
  assert.ok(Object.keys(db.VLAN_MEMBER ?? {}).some((k) => k.endsWith('|Ethernet0')));
  assert.doesNotMatch(again.files.get('leaf1/frr.conf') ?? '', /weft-host-/);
  // the same files as a full compile of the end state
  const full = run([...fabric(), blue({ web: '10.1.1.0/24', vips: { cidr: '10.9.0.0/24', hostBGP: true } }), attach('default', 'a2', 'blue/web', 'server1--leaf1')]).result;
  assert.equal(again.files.get('leaf1/frr.conf'), full.files.get('leaf1/frr.conf'));
  assert.equal(again.files.get('leaf1/config_db.json'), full.files.get('leaf1/config_db.json'));
});

test('explain says how an ESI-LAG and a host BGP subnet are built', () => {
  const docs = [
    ...fabric(),
    twoLeaves(),
    blue({ web: '10.1.1.0/24', vips: { cidr: '10.9.0.0/24', hostBGP: true, hostBGPMaxPrefixes: 5 } }),
    attach('default', 'a1', 'blue/web', 'server9--eslag'),
    attach('default', 'a2', 'blue/vips', 'server3--leaf3'),
  ];
  const { result } = run(docs);
  const esi = String(json(result, 'leaf1/config_db.json').EVPN_ETHERNET_SEGMENT?.PortChannel1?.esi);
  const c = explainConnection(result, 'server9--eslag');
  assert.ok(c !== undefined);
  assert.deepEqual(c.switches, ['leaf1', 'leaf2']);
  assert.equal(c.lines[0], 'ESI-LAG of server server9 on 2 leaves: leaf1 Ethernet40 in PortChannel1, leaf2 Ethernet40 in PortChannel1');
  assert.match(c.lines[1] ?? '', new RegExp(`^Ethernet segment ${esi} \\(type 0, from the connection name\\), LACP system MAC 02:`));
  assert.equal(c.lines[2], 'designated forwarder: leaf2 while it is up (DF preference 65535; the others 32767)');
  assert.match(c.lines[3] ?? '', /^uplinks tracked \(evpn mh uplink\): leaf1 Ethernet48\+Ethernet52; leaf2 Ethernet48\+Ethernet52;/);
  assert.deepEqual(c.attachments, ['default/a1: default/blue/web (tagged)']);
  const v = explainVpc(result, 'default/blue');
  assert.ok(v !== undefined);
  assert.ok(v.multihoming.includes('host BGP default/blue/vips: leaf3/Ethernet0 is routed in Vrf1 (no VLAN), unnumbered BGP over IPv6 link-local with server server3 (any AS but the leaf\'s)'), v.multihoming.join('\n'));
  assert.ok(v.multihoming.some((l) => l.includes('at most 5')));
  assert.deepEqual(v.attachments.find((a) => a.key === 'default/a1')?.ports, ['leaf1/Ethernet40', 'leaf2/Ethernet40']);
  const s = explainSwitch(result, 'leaf2');
  assert.ok(s?.portChannels.some((p) => p.startsWith('PortChannel1 Ethernet40 (server9) ESI ') && p.endsWith(', DF preference 65535')));
  assert.ok(explainSwitch(result, 'leaf3')?.neighbors.includes('Ethernet0 in Vrf1 remote-as external (host BGP server3/eth0 default/blue/vips; 10.9.0.0/24 ge 32, at most 5)'));
});
