// The lab's topology from the wiring: a namespace per node with the lab's prefix, a veth pair per
// link named after the ports, and what the kernel cannot do (VyOS, bonds) said plainly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conn, resourceSet, server, smallFabric } from '../../test/support/builders.js';
import { labFabric } from '../../test/support/lab-fixture.js';
import { LabPlanError, planLab, probeAddress, subLinkName, vrfNetns, parseVrfNetns } from './index.js';

const plan = planLab(labFabric(), { prefix: 'wl-', underlayMtu: 9100, standIns: new Map([['border1', 'vyos']]) });

test('every node gets a namespace with the prefix; VyOS is stood in for by an FRR node, and says so', () => {
  assert.deepEqual(
    plan.switches.map((s) => [s.name, s.netns, s.emulation, s.standInFor ?? '']),
    [
      ['border1', 'wl-border1', 'frr', 'vyos'],
      ['leaf1', 'wl-leaf1', 'sonic', ''],
      ['leaf2', 'wl-leaf2', 'sonic', ''],
      ['spine1', 'wl-spine1', 'sonic', ''],
      ['spine2', 'wl-spine2', 'sonic', ''],
    ],
  );
  assert.ok(plan.notes.some((n) => /^border1 runs VyOS, which cannot run here: an FRR node compiled from the same intents \(os: frr\) stands in/.test(n)), plan.notes.join('\n'));
  assert.ok(plan.servers.every((s) => s.netns === `wl-${s.name}`));
});

test('links keep the port names; the fabric gets the underlay MTU, hosts 1500', () => {
  const fabric = plan.links.find((l) => l.connection === 'spine1--leaf1');
  assert.deepEqual([fabric?.a, fabric?.b, fabric?.mtu], [
    { node: 'spine1', netns: 'wl-spine1', port: 'Ethernet0' },
    { node: 'leaf1', netns: 'wl-leaf1', port: 'Ethernet48' },
    9100,
  ]);
  const host = plan.links.find((l) => l.connection === 'server1--leaf1');
  assert.deepEqual([host?.a.port, host?.b.node, host?.b.port, host?.mtu], ['Ethernet0', 'server1', 'eth0', 1500]);
});

test('a LAG is a bridge on the server over its links (no bonding driver), one veth pair per member', () => {
  const server9 = plan.servers.find((s) => s.name === 'server9');
  assert.deepEqual(server9?.bonds, [{ name: 'bond0', connection: 'server9--leaf2', ports: ['eth0', 'eth1'] }]);
  assert.deepEqual(plan.links.filter((l) => l.connection === 'server9--leaf2').map((l) => `${l.a.port}<->${l.b.port}`), ['Ethernet8<->eth0', 'Ethernet12<->eth1']);
  assert.ok(plan.notes.some((n) => n.startsWith('server9: its LAG server9--leaf2 is a bridge bond0 over eth0, eth1')));
});

test('the outside peer of an external connection announces the External and answers on a probe address', () => {
  assert.deepEqual(plan.peers, [
    {
      name: 'border1--internet',
      netns: 'wl-border1--internet',
      port: 'eth0',
      address: '192.0.2.1/30',
      asn: 64496,
      border: { switch: 'border1', port: 'eth3', address: '192.0.2.2/30' },
      prefixes: ['0.0.0.0/0'],
      probes: ['203.0.113.1'],
    },
  ]);
  assert.equal(probeAddress('198.51.100.0/24'), '198.51.100.1');
  assert.equal(probeAddress('203.0.113.0/24'), '203.0.113.1');
});

test('names: VRF namespaces cannot collide with node names, long sub-interface names use SONiC short forms', () => {
  assert.equal(vrfNetns('wl-', 'leaf1', 'Vrf1'), 'wl-leaf1@Vrf1');
  assert.deepEqual(parseVrfNetns('wl-', 'wl-leaf1@Vrf1'), { switch: 'leaf1', vrf: 'Vrf1' });
  assert.equal(parseVrfNetns('wl-', 'wl-leaf1'), undefined);
  assert.equal(parseVrfNetns('wl-', 'weft-leaf1@Vrf1'), undefined);
  assert.equal(subLinkName('Ethernet60', 1000), 'Ethernet60.1000');
  assert.equal(subLinkName('Ethernet124', 1000), 'Eth124.1000');
  assert.equal(subLinkName('PortChannel1', 1001), 'Po1.1001');
});

test('a port name Linux cannot give an interface is an error naming it', () => {
  const set = resourceSet(smallFabric({ leaves: 1, serversPerLeaf: 0 }), conn.fabric('x', 'spine1/Ethernet100000000', 'leaf1/Ethernet4'));
  assert.throws(() => planLab(set, { prefix: 'wl-', underlayMtu: 9100 }), (e: unknown) => e instanceof LabPlanError && /port spine1\/Ethernet100000000 has a name longer than 15 bytes/.test(e.message));
});

test('an ESI-LAG in the wiring is refused by the lab plan, saying why', () => {
  const set = resourceSet(
    smallFabric({ spines: 1, leaves: 2, serversPerLeaf: 0 }),
    server('server9'),
    conn.eslag('server9--eslag', 'server9', [['eth0', 'leaf1/Ethernet40'], ['eth1', 'leaf2/Ethernet40']]),
  );
  assert.throws(() => planLab(set, { prefix: 'wm-', underlayMtu: 9100 }), (e: unknown) => e instanceof LabPlanError && /Connection server9--eslag: the lab cannot emulate an ESI-LAG/.test(e.message));
});
