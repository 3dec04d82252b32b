// `weft explain connection/NAME` for every kind of connection: what it is, where it lands, how it
// is built, which attachments use it (tagged, untagged, host BGP) and the problems of it alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Connection } from '#domain';
import { compile, explainConnection, type CompileResult } from '#compiler';
import { attach, conn, resourceSet, server, smallFabric, sw, vpc } from '../../test/support/builders.js';

/** spine1, leaf1 and leaf2 (one server each), leaf3 with no uplink, and server9 with a LAG and an ESI-LAG */
function fabric(extra: readonly Connection[] = []): CompileResult {
  return compile(
    resourceSet(
      smallFabric({ spines: 1, leaves: 2, serversPerLeaf: 1 }),
      server('server9'),
      sw('leaf3', 'leaf'),
      conn.bundled('server9--bundle', 'server9', [['eth0', 'leaf1/Ethernet40'], ['eth1', 'leaf1/Ethernet44']]),
      conn.eslag('server9--eslag', 'server9', [['eth2', 'leaf1/Ethernet20'], ['eth3', 'leaf3/Ethernet20']]),
      extra,
      vpc('default', 'blue', 'acme', { web: '10.1.1.0/24', vips: { cidr: '10.9.0.0/24', hostBGP: true, hostBGPMinPrefixLen: 24 } }),
      attach('default', 'a1', 'blue/web', 'server1--leaf1', true),
      attach('default', 'a2', 'blue/vips', 'server2--leaf2'),
      attach('default', 'a3', 'blue/web', 'server9--bundle'),
    ),
  );
}

test('explain connection of a fabric link names its spine and leaf and has no server lines', () => {
  const c = explainConnection(fabric(), 'spine1--leaf1');
  assert.deepEqual(c, { connection: 'spine1--leaf1', type: 'fabric', switches: ['leaf1', 'spine1'], lines: [], attachments: [], diagnostics: [] });
  assert.equal(explainConnection(fabric(), 'nowhere'), undefined);
});

test('explain connection of an unbundled link shows the link and its untagged attachment', () => {
  const c = explainConnection(fabric(), 'server1--leaf1');
  assert.ok(c !== undefined);
  assert.deepEqual(c, {
    connection: 'server1--leaf1',
    type: 'unbundled',
    server: 'server1',
    switches: ['leaf1'],
    lines: ['link of server server1 on leaf1 Ethernet0'],
    attachments: ['default/a1: default/blue/web (untagged)'],
    diagnostics: [],
  });
});

test('explain connection of a host BGP link shows its routed port, what it accepts and the attachment as host BGP', () => {
  const c = explainConnection(fabric(), 'server2--leaf2');
  assert.ok(c !== undefined);
  assert.deepEqual(c.attachments, ['default/a2: default/blue/vips (host BGP)']);
  assert.deepEqual(c.lines, [
    'link of server server2 on leaf2 Ethernet0',
    "host BGP default/blue/vips: leaf2/Ethernet0 is routed in Vrf1 (no VLAN), unnumbered BGP over IPv6 link-local with server server2 (any AS but the leaf's)",
    '  accepts any prefix inside 10.9.0.0/24, at most 16 (FRR cuts the session when a prefix arrives while more are held, and retries it after 5 minutes); sends the default route only',
    '  the other leaves learn its prefixes as EVPN type-5 routes over the L3VNI',
  ]);
});

test('explain connection of a LAG on one leaf names its PortChannel and the tagged attachment', () => {
  const c = explainConnection(fabric(), 'server9--bundle');
  assert.ok(c !== undefined);
  assert.equal(c.type, 'bundled');
  assert.deepEqual(c.lines, ['LAG of server server9 on leaf1 Ethernet40+Ethernet44 in PortChannel1']);
  assert.deepEqual(c.attachments, ['default/a3: default/blue/web (tagged)']);
});

test('explain connection of an ESI-LAG without a preferred forwarder: elected per VLAN, and a leaf without uplinks tracks none', () => {
  const c = explainConnection(fabric(), 'server9--eslag');
  assert.ok(c !== undefined);
  assert.deepEqual(c.switches, ['leaf1', 'leaf3']);
  assert.equal(c.lines[0], 'ESI-LAG of server server9 on 2 leaves: leaf1 Ethernet20 in PortChannel2, leaf3 Ethernet20 in PortChannel1');
  assert.equal(c.lines[2], 'designated forwarder: elected per VLAN by the leaves (all at DF preference 32767)');
  assert.equal(
    c.lines[3],
    "uplinks tracked (evpn mh uplink): leaf1 Ethernet48; leaf3 (none); a leaf with none up takes its PortChannel down (protodown) and the server's traffic moves to the others",
  );
  assert.deepEqual(c.attachments, []);
});

test('explain connection shows the problems of that connection only, not of one whose name it begins', () => {
  const tooBig = (name: string, port: number): Connection => conn.eslag(name, 'server9', [['eth4', `leaf1/Ethernet${port}`], ['eth5', `leaf3/Ethernet${port}`]], { mtu: 9999 });
  const odd: Connection = { apiVersion: 'wiring.weft.dev/v1alpha1', kind: 'Connection', metadata: { name: 'odd' }, spec: {} };
  const result = fabric([tooBig('server9--mtu', 24), tooBig('server9--mtu-b', 28), odd]);
  const c = explainConnection(result, 'server9--mtu');
  assert.ok(c !== undefined);
  assert.deepEqual(
    c.diagnostics.map((d) => `${d.code} ${d.path}: ${d.message}`),
    ['WF211 Connection server9--mtu spec.eslag.mtu: 9999 is above 9000, the fabric MTU 9100 less 100 bytes for VXLAN'],
  );
  const unknown = explainConnection(result, 'odd');
  assert.ok(unknown !== undefined);
  assert.equal(unknown.type, 'unknown');
  assert.deepEqual(unknown.switches, []);
  assert.deepEqual(unknown.diagnostics.map((d) => `${d.code} ${d.path}`), ['WF204 Connection odd spec']);
});
