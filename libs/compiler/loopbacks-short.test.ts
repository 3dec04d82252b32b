// A loopback pool too small for every switch: the switches left without numbers get no device
// and no files, explain shows an ESI-LAG leg there with no uplinks, and a recompile of a VPC
// elsewhere keeps them so (and does not fail on them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, explainConnection, recompile } from '#compiler';
import { attach, conn, policy, resourceSet, server, smallFabric, vpc } from '../../test/support/builders.js';

const SHORT = 'error WF500 FabricPolicy default spec.underlay.loopbacks: the loopback pool 10.0.0.0/31 (FabricPolicy default spec.underlay.loopbacks) is exhausted: 3 numbers are needed and 1 could be given';

test('switches a short loopback pool leaves without numbers: no device, no uplinks in explain, kept so by a recompile', () => {
  const result = compile(
    resourceSet(
      smallFabric({ spines: 1, leaves: 2, serversPerLeaf: 1 }),
      server('server9'),
      conn.eslag('server9--eslag', 'server9', [['eth2', 'leaf1/Ethernet20'], ['eth3', 'leaf2/Ethernet20']]),
      policy({ underlay: { loopbacks: '10.0.0.0/31' } }),
      vpc('default', 'blue', 'acme', { web: '10.1.1.0/24' }),
    ),
  );
  const say = (r: typeof result): string[] => r.diagnostics.map((d) => `${d.severity} ${d.code} ${d.path}: ${d.message}`);
  assert.deepEqual(say(result), [SHORT]);
  assert.deepEqual([...result.devices.keys()], ['leaf1']);
  const lines = explainConnection(result, 'server9--eslag')?.lines ?? [];
  assert.equal(lines[0], 'ESI-LAG of server server9 on 2 leaves: leaf1 Ethernet20 in PortChannel1, leaf2 Ethernet20');
  assert.equal(lines[3], "uplinks tracked (evpn mh uplink): leaf1 Ethernet48; leaf2 (none); a leaf with none up takes its PortChannel down (protodown) and the server's traffic moves to the others");
  const next = recompile(result, { upserts: [attach('default', 'b1', 'blue/web', 'server1--leaf1')] });
  assert.deepEqual(say(next), [SHORT]);
  assert.deepEqual([...next.devices.keys()], ['leaf1']);
  assert.deepEqual(next.rebuilt, ['leaf1', 'leaf2', 'spine1']);
  assert.deepEqual([...next.files.keys()].sort(), ['leaf1/config_db.json', 'leaf1/frr.conf']);
  assert.deepEqual(next.vpcStatus.get('default/blue')?.switches, ['leaf1']);
});
