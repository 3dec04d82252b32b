// `weft explain` of an ESI-LAG with a preferred forwarder and two subnets on it, line by line:
// the legs, the segment, the forwarder, the uplinks tracked, the timers and where it is written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, explainConnection } from '#compiler';
import { attach, conn, resourceSet, server, smallFabric, vpc } from '../../test/support/builders.js';

test('an ESI-LAG with a preferred forwarder, one subnet untagged and one tagged, explained whole', () => {
  const result = compile(
    resourceSet(
      smallFabric({ spines: 1, leaves: 2, serversPerLeaf: 1 }),
      server('server9'),
      conn.eslag('server9--eslag', 'server9', [['eth2', 'leaf1/Ethernet20'], ['eth3', 'leaf2/Ethernet20']], { preferredForwarder: 'leaf2' }),
      vpc('default', 'v', 'acme', { web: '10.1.1.0/24', db: '10.1.2.0/24' }),
      attach('default', 'w', 'v/web', 'server9--eslag', true),
      attach('default', 'd', 'v/db', 'server9--eslag'),
    ),
  );
  assert.deepEqual(result.diagnostics, []);
  assert.deepEqual(explainConnection(result, 'server9--eslag'), {
    connection: 'server9--eslag',
    type: 'eslag',
    server: 'server9',
    switches: ['leaf1', 'leaf2'],
    lines: [
      'ESI-LAG of server server9 on 2 leaves: leaf1 Ethernet20 in PortChannel1, leaf2 Ethernet20 in PortChannel1',
      'Ethernet segment 00:b1:a0:8f:fb:e1:20:45:71:88 (type 0, from the connection name), LACP system MAC 02:a2:98:3a:bf:79: the same on every leaf, so the server sees one LACP partner',
      'designated forwarder: leaf2 while it is up (DF preference 65535; the others 32767)',
      "uplinks tracked (evpn mh uplink): leaf1 Ethernet48; leaf2 Ethernet48; a leaf with none up takes its PortChannel down (protodown) and the server's traffic moves to the others",
      'EVPN multihoming timers: startup delay 300 s, MAC and neighbour hold 1080 s',
      'SONiC: PORTCHANNEL system_mac, EVPN_ETHERNET_SEGMENT (esi, TYPE_0_OPERATOR_CONFIGURED), EVPN_MH_GLOBAL; FRR: interface PortChannel evpn mh es-id / es-sys-mac',
    ],
    attachments: ['default/d: default/v/db (tagged)', 'default/w: default/v/web (untagged)'],
    diagnostics: [],
  });
});
