/**
 * ESI-LAG in real FRR: a spine and the two leaves of an ESI-LAG run the frr.conf Weft compiled for
 * them (zebra, bgpd), joined by veth pairs named as in the wiring. What this kernel allows is
 * proven: zebra takes the `evpn mh` timers and tracks the fabric ports as uplinks (and sees them
 * go down), and the leaves' EVPN sessions come up. zebra accepts an Ethernet segment only on a
 * bond, and this kernel has no bonding driver: the segment itself (type-1 and type-4 routes
 * between the leaves) is checked when a bond can be made, and otherwise the test says so and
 * asserts the reason zebra gives.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compile, type CompileResult } from '#compiler';
import { attach, conn, parseSet, server, smallFabric, vpc } from '../support/builders.js';
import { requireFrr, sh, startFrr, until, type FrrNode } from './frr-netns.js';

function compiled(): CompileResult {
  const { set } = parseSet([
    ...smallFabric({ spines: 1, leaves: 2, serversPerLeaf: 0 }),
    server('server9'),
    conn.eslag('server9--eslag', 'server9', [['eth0', 'leaf1/Ethernet40'], ['eth1', 'leaf2/Ethernet40']], { preferredForwarder: 'leaf1' }),
    vpc('default', 'blue', 'acme', { web: '10.1.1.0/24' }),
    attach('default', 'a1', 'blue/web', 'server9--eslag'),
  ]);
  const result = compile(set);
  assert.deepEqual(result.diagnostics, []);
  return result;
}

/** `vtysh -f` of a file, its output and exit status (a refused line is a non-zero exit). */
function applyFile(node: FrrNode, config: string): { status: number; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'wm-conf-'));
  try {
    const file = join(dir, 'frr.conf');
    writeFileSync(file, config);
    const r = spawnSync('vtysh', ['--vty_socket', node.runDir, '-f', file], { encoding: 'utf8' });
    return { status: r.status ?? 1, output: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface EvpnMh {
  readonly startupDelay?: number;
  readonly macHoldtime?: number;
  readonly neighHoldtime?: number;
  readonly uplinkConfigCount?: number;
  readonly uplinkActiveCount?: number;
}

/** A bond named as the PortChannel, when this kernel can make one. */
function tryBond(node: FrrNode, name: string): boolean {
  return spawnSync('ip', ['-n', node.netns, 'link', 'add', name, 'type', 'bond', 'mode', '802.3ad']).status === 0;
}

function fabric(t: TestContext, result: CompileResult): Record<string, FrrNode> {
  const nodes: Record<string, FrrNode> = {};
  for (const name of ['spine1', 'leaf1', 'leaf2']) {
    const node = startFrr(t, name);
    nodes[name] = node;
    const loopback = result.devices.get(name)?.loopback;
    assert.ok(loopback !== undefined);
    node.exec(['ip', 'addr', 'add', loopback, 'dev', 'lo']);
  }
  const [spine, leaf1, leaf2] = [nodes.spine1, nodes.leaf1, nodes.leaf2];
  assert.ok(spine !== undefined && leaf1 !== undefined && leaf2 !== undefined);
  for (const [leaf, spinePort] of [[leaf1, 'Ethernet0'], [leaf2, 'Ethernet4']] as const) {
    sh(['ip', 'link', 'add', spinePort, 'netns', spine.netns, 'type', 'veth', 'peer', 'name', 'Ethernet48', 'netns', leaf.netns]);
    spine.exec(['ip', 'link', 'set', spinePort, 'up']);
    leaf.exec(['ip', 'link', 'set', 'Ethernet48', 'up']);
  }
  return nodes;
}

test('ESI-LAG leaves in real FRR: the evpn mh timers and uplinks are taken, uplink loss is seen, EVPN comes up; the segment needs a bond', async (t) => {
  if (!requireFrr(t)) return;
  const result = compiled();
  const nodes = fabric(t, result);
  const { spine1: spine, leaf1, leaf2 } = nodes as Record<'spine1' | 'leaf1' | 'leaf2', FrrNode>;
  const bonds = tryBond(leaf1, 'PortChannel1') && tryBond(leaf2, 'PortChannel1');
  if (!bonds) {
    // what stands for the PortChannel here: a veth to the server, as the lab has it
    const serverNs = startFrr(t, 'server9');
    for (const [leaf, port] of [[leaf1, 'eth0'], [leaf2, 'eth1']] as const) {
      sh(['ip', 'link', 'add', 'PortChannel1', 'netns', leaf.netns, 'type', 'veth', 'peer', 'name', port, 'netns', serverNs.netns]);
      leaf.exec(['ip', 'link', 'set', 'PortChannel1', 'up']);
    }
  }
  const spineApplied = applyFile(spine, result.files.get('spine1/frr.conf') ?? '');
  assert.equal(spineApplied.status, 0, spineApplied.output);
  for (const [name, leaf] of [['leaf1', leaf1], ['leaf2', leaf2]] as const) {
    const applied = applyFile(leaf, result.files.get(`${name}/frr.conf`) ?? '');
    if (bonds) assert.equal(applied.status, 0, applied.output);
    else {
      // zebra refuses the segment's three lines (es-id, es-sys-mac, es-df-pref on the preferred
      // forwarder) on anything but a bond, and nothing else of the file
      const refused = applied.output.split('\n').filter((line) => line !== '');
      assert.deepEqual(refused, [
        '% ESI cannot be associated with this interface type',
        '% ESI cannot be associated with this interface type',
        ...(name === 'leaf1' ? ['% DF preference cannot be associated with this interface type'] : []),
      ]);
    }
    // the timers and the uplink tracking are zebra's, whatever the segment
    const mh = await until(`${name}'s evpn mh state`, () => {
      const state = leaf.json<EvpnMh>('show evpn json');
      return state.uplinkActiveCount === 1 ? state : undefined;
    });
    assert.equal(mh.startupDelay, 300);
    assert.equal(mh.macHoldtime, 1080);
    assert.equal(mh.neighHoldtime, 1080);
    assert.equal(mh.uplinkConfigCount, 1);
    assert.match(leaf.vtysh('show running-config'), /interface Ethernet48\n( .*\n)*? evpn mh uplink\n/);
  }
  // the leaves' EVPN sessions with the spine
  for (const leaf of [leaf1, leaf2]) {
    await until('the EVPN session with the spine', () => (/Ethernet48\)?\s+4\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+\s+\d\d:\d\d:\d\d/.test(leaf.vtysh('show bgp l2vpn evpn summary')) ? true : undefined));
  }
  // every uplink down: zebra counts none active (with a segment, it would protodown the PortChannel)
  leaf1.exec(['ip', 'link', 'set', 'Ethernet48', 'down']);
  await until('leaf1 to see its uplink down', () => (leaf1.json<EvpnMh>('show evpn json').uplinkActiveCount === 0 ? true : undefined));

  await t.test('the Ethernet segment: local on both leaves, each one\'s type-4 route at the other', async (s) => {
    if (!bonds) {
      s.skip('unproven here: this kernel has no bonding driver (ip link add type bond: Unknown device type) and zebra takes an ES only on a bond');
      return;
    }
    leaf1.exec(['ip', 'link', 'set', 'Ethernet48', 'up']);
    const db = JSON.parse(result.files.get('leaf1/config_db.json') ?? '{}') as { EVPN_ETHERNET_SEGMENT?: Record<string, { esi?: string }> };
    const esi = db.EVPN_ETHERNET_SEGMENT?.PortChannel1?.esi ?? 'no ESI rendered';
    for (const leaf of [leaf1, leaf2]) await until('the local ES in zebra', () => (leaf.vtysh('show evpn es').includes(esi) ? true : undefined));
    await until("leaf2's type-4 route at leaf1", () => (leaf1.vtysh('show bgp l2vpn evpn route type es').includes(esi) ? true : undefined));
  });
});
