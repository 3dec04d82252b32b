// Server connections of the wiring that cannot be built are refused, naming the connection and
// the field; an ESI-LAG's MTU and LACP fallback reach every leaf's PortChannel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '#compiler';
import type { AnyResource } from '#domain';
import { checkSegments, ethernetSegment, treeEdges, type ServerLinkInfo } from './fabric.js';
import { conn, resourceSet, server, smallFabric, sw } from '../../test/support/builders.js';

function problems(...extra: readonly AnyResource[]): string[] {
  return compile(resourceSet(smallFabric({ spines: 1, leaves: 2, serversPerLeaf: 1 }), server('server9'), extra)).diagnostics.map((d) => `${d.code} ${d.path}: ${d.message}`);
}

test('a bundle to a server that does not exist is refused at spec.bundled.server', () => {
  assert.deepEqual(problems(conn.bundled('ghost--leaf1', 'ghost', [['eth0', 'leaf1/Ethernet40'], ['eth1', 'leaf1/Ethernet44']])), [
    'WF201 Connection ghost--leaf1 spec.bundled.server: no Server named "ghost"',
  ]);
});

test('an ESI-LAG listing one server port twice is refused at that link', () => {
  assert.deepEqual(problems(conn.eslag('server9--eslag', 'server9', [['eth0', 'leaf1/Ethernet40'], ['eth0', 'leaf2/Ethernet40']])), [
    'WF203 Connection server9--eslag spec.eslag.links[1].server: server port eth0 is listed twice',
  ]);
});

test('an ESI-LAG on leaves that do not run SONiC is refused, naming them', () => {
  const frr = (name: string): AnyResource => sw(name, 'leaf', 'frr');
  const one = problems(frr('leaf8'), conn.eslag('server9--eslag', 'server9', [['eth0', 'leaf1/Ethernet40'], ['eth1', 'leaf8/Ethernet40']]));
  assert.ok(one.includes('WF220 Connection server9--eslag spec.eslag.links: EVPN multihoming is programmed through SONiC; leaf8 is not os: sonic'), one.join('\n'));
  const two = problems(frr('leaf8'), frr('leaf9'), conn.eslag('server9--eslag', 'server9', [['eth0', 'leaf9/Ethernet40'], ['eth1', 'leaf8/Ethernet40']]));
  assert.ok(two.includes('WF220 Connection server9--eslag spec.eslag.links: EVPN multihoming is programmed through SONiC; leaf8, leaf9 are not os: sonic'), two.join('\n'));
});

test('a server side that names a switch is refused: a Server is needed there', () => {
  assert.deepEqual(problems(conn.unbundled('leaf2--leaf1', 'leaf2/Ethernet40', 'leaf1/Ethernet40')), [
    'WF201 Connection leaf2--leaf1 spec.unbundled.server: leaf2 is a Switch; a Server is needed here',
  ]);
});

test('an ESI-LAG\'s MTU and LACP fallback are set on the PortChannel of each of its leaves', () => {
  const eslag = conn.eslag('server9--eslag', 'server9', [['eth0', 'leaf1/Ethernet40'], ['eth1', 'leaf2/Ethernet40']], { mtu: 8000 });
  Object.assign(eslag.spec.eslag ?? {}, { fallback: true });
  const result = compile(resourceSet(smallFabric({ spines: 1, leaves: 2, serversPerLeaf: 1 }), server('server9'), eslag));
  assert.deepEqual(result.diagnostics, []);
  for (const leaf of ['leaf1', 'leaf2']) {
    const db = JSON.parse(result.files.get(`${leaf}/config_db.json`) ?? '{}') as { PORTCHANNEL?: Record<string, Record<string, string>> };
    const portChannel = db.PORTCHANNEL?.PortChannel1;
    assert.deepEqual([portChannel?.mtu, portChannel?.fallback], ['8000', 'true'], leaf);
  }
});

test('two ESI-LAGs with one ESI are refused at the second one\'s name', () => {
  const segment = ethernetSegment('server9--eslag');
  const link = (connection: string): ServerLinkInfo => ({
    connection,
    server: 'server9',
    switch: 'leaf1',
    switchPorts: ['Ethernet40'],
    serverPorts: ['eth0'],
    legs: [],
    bundled: true,
    segment,
  });
  const diagnostics = checkSegments(new Map([['a', link('server9--a')], ['b', link('server9--b')]]));
  assert.deepEqual(
    diagnostics.map((d) => `${d.code} ${d.path}: ${d.message} (${d.hint ?? ''})`),
    [`WF222 Connection server9--b metadata.name: its ESI ${segment.esi} is also Connection server9--a's (rename one of the two connections)`],
  );
});

test('the tree edges joining no switches are none', () => {
  assert.deepEqual(treeEdges({ id: 'leaf1', switches: ['leaf1'], parent: new Map(), depth: new Map([['leaf1', 0]]) }, []), []);
});
