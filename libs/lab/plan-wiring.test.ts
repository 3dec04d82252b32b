// The lab's topology for wiring the main lab fixture does not have: trunks between switches, an
// FRR switch (itself, or standing in for VyOS), external peers announcing several Externals or
// none, and wiring the lab must refuse with an error naming the object.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AnyResource } from '#domain';
import { conn, external, externalAttach, resourceSet, server, smallFabric, sw } from '../../test/support/builders.js';
import { LabPlanError, planLab, probeAddress } from './index.js';

const fabric = smallFabric({ spines: 1, leaves: 2, serversPerLeaf: 0 });
const options = { prefix: 'wl-', underlayMtu: 9100 };

function refused(resources: readonly AnyResource[], message: string): void {
  assert.throws(
    () => planLab(resourceSet(resources), options),
    (e: unknown) => e instanceof LabPlanError && e.message === message,
  );
}

test('a trunk between two switches is a veth pair with the underlay MTU; one with a single end is left out', () => {
  const trunk = conn.trunk('leaf1--leaf2', 'leaf1/Ethernet32', 'leaf2/Ethernet32');
  const oneEnded = { ...conn.trunk('leaf1--nowhere', 'leaf1/Ethernet36', 'leaf2/Ethernet36'), spec: { trunk: { links: ['leaf1/Ethernet36'] } } };
  const plan = planLab(resourceSet(fabric, trunk, oneEnded), options);
  assert.deepEqual(
    plan.links.filter((l) => l.kind === 'trunk'),
    [{ connection: 'leaf1--leaf2', kind: 'trunk', a: { node: 'leaf1', netns: 'wl-leaf1', port: 'Ethernet32' }, b: { node: 'leaf2', netns: 'wl-leaf2', port: 'Ethernet32' }, mtu: 9100 }],
  );
  assert.equal(plan.links.some((l) => l.connection === 'leaf1--nowhere'), false);
});

test('an FRR switch runs as an FRR node; one the lab turned into FRR for a VyOS switch says it stands in', () => {
  const resources = [...fabric, sw('border1', 'border', 'frr'), sw('border2', 'border', 'frr')];
  const plain = planLab(resourceSet(resources), options);
  assert.deepEqual(
    plain.switches.filter((s) => s.role === 'border'),
    [
      { name: 'border1', netns: 'wl-border1', role: 'border', emulation: 'frr' },
      { name: 'border2', netns: 'wl-border2', role: 'border', emulation: 'frr' },
    ],
  );
  assert.deepEqual(plain.notes, []);
  const stood = planLab(resourceSet(resources), { ...options, standIns: new Map([['border2', 'vyos']]) });
  assert.deepEqual(
    stood.switches.filter((s) => s.role === 'border'),
    [
      { name: 'border1', netns: 'wl-border1', role: 'border', emulation: 'frr' },
      { name: 'border2', netns: 'wl-border2', role: 'border', emulation: 'frr', standInFor: 'vyos' },
    ],
  );
  assert.deepEqual(stood.notes, ['border2 runs VyOS, which cannot run here: an FRR node compiled from the same intents (os: frr) stands in for it; its VyOS set commands are not applied']);
});

const border = [sw('border1', 'border'), conn.external('border1--transit', 'border1/Ethernet12', '198.51.100.2/30', '198.51.100.1', 64500)];

test('an external peer with no External attached announces a default route and answers on TEST-NET-3', () => {
  const plan = planLab(resourceSet(fabric, border), options);
  assert.deepEqual(
    plan.peers.map((p) => [p.name, p.prefixes, p.probes, p.communities]),
    [['border1--transit', ['0.0.0.0/0'], ['203.0.113.1'], undefined]],
  );
});

test("an external peer announces every attached External's prefixes, an External without prefixes as a default route, namespaces defaulted", () => {
  const bare = <T extends AnyResource>(r: T): T => ({ ...r, metadata: { name: r.metadata.name } });
  const plan = planLab(
    resourceSet(
      fabric,
      border,
      bare(external('default', 'cloud', ['198.18.0.0/15'])),
      externalAttach('default', 'cloud--border1', 'cloud', 'border1--transit'),
      external('default', 'internet'),
      bare(externalAttach('default', 'internet--border1', 'internet', 'border1--transit')),
      external('other', 'lost', ['192.0.2.128/25']),
      externalAttach('default', 'lost--border1', 'lost', 'border1--transit'),
    ),
    options,
  );
  assert.deepEqual(
    plan.peers.map((p) => [p.prefixes, p.probes]),
    [
      [
        ['0.0.0.0/0', '198.18.0.0/15'],
        ['203.0.113.1', '198.18.0.1'],
      ],
    ],
  );
});

test('a probe for a prefix that is not one is an error naming it', () => {
  assert.throws(() => probeAddress('198.18.0.0'), (e: unknown) => e instanceof LabPlanError && e.message === 'External prefix 198.18.0.0 is not a prefix');
});

test('an external connection whose address has no prefix length is refused, naming the connection', () => {
  refused([...fabric, sw('border1', 'border'), conn.external('border1--transit', 'border1/Ethernet12', '198.51.100.2', '198.51.100.1', 64500)], 'Connection border1--transit: 198.51.100.2 is not an address with a prefix length');
});

test('a connection to a node the wiring does not have is refused, naming both', () => {
  refused([...fabric, conn.unbundled('ghost--leaf1', 'ghost/eth0', 'leaf1/Ethernet0')], 'Connection ghost--leaf1 names ghost, which is neither a Switch nor a Server');
});

test('two nodes that would share a namespace are refused', () => {
  refused([...fabric, server('leaf1')], 'two lab nodes share the namespace name wl-leaf1');
});

test('a server without connections has no ports and no bonds', () => {
  const plan = planLab(resourceSet(fabric, server('server7')), options);
  assert.deepEqual(plan.servers, [{ name: 'server7', netns: 'wl-server7', ports: [], bonds: [] }]);
});
