// The wiring's hardware settings, as a user writes them and as the switch gets them: per-port
// speed, FEC, auto-negotiation and breakout on a Switch, MTU and LACP fallback on a server link.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from '#domain';
import { compile, explainSwitch } from '#compiler';
import { conn, parseSet, server, smallFabric, sw } from '../../test/support/builders.js';

type Doc = Record<string, unknown>;

/** 2 spines, 2 leaves with two servers each, and server9 bundled to leaf2. */
function fabric(edit: (docs: Doc[]) => void = () => undefined): unknown[] {
  const docs = [...smallFabric({ spines: 2, leaves: 2, serversPerLeaf: 2 }), server('server9'), conn.bundled('server9--leaf2', 'server9', [['eth0', 'leaf2/Ethernet20'], ['eth1', 'leaf2/Ethernet24']])] as unknown as Doc[];
  edit(docs);
  return docs;
}

function named(docs: Doc[], name: string): Doc & { spec: Doc } {
  const doc = docs.find((d) => (d.metadata as { name: string }).name === name);
  assert.ok(doc !== undefined, name);
  return doc as Doc & { spec: Doc };
}

function run(documents: readonly unknown[]): { diagnostics: Diagnostic[]; configDb: (sw: string) => Record<string, Record<string, Record<string, string>>>; ports: (sw: string) => readonly string[] } {
  const { set, diagnostics } = parseSet(documents);
  const result = compile(set);
  return {
    diagnostics: [...diagnostics, ...result.diagnostics],
    ports: (name) => explainSwitch(result, name)?.ports ?? [],
    configDb: (name) => JSON.parse(result.files.get(`${name}/config_db.json`) ?? '{}') as Record<string, Record<string, Record<string, string>>>,
  };
}

function lines(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.severity} ${d.code} ${d.path}: ${d.message}`);
}

test('port settings reach CONFIG_DB: speed, FEC and auto-negotiation on the port, the breakout mode in BREAKOUT_CFG', () => {
  const { diagnostics, configDb, ports } = run(
    fabric((docs) => {
      named(docs, 'leaf1').spec.portSettings = [
        { port: 'Ethernet0', speed: '10G', fec: 'none', autoNegotiation: false },
        { port: 'Ethernet4', breakout: '4x25G', fec: 'rs' },
        { port: 'Ethernet48', speed: '100G', autoNegotiation: true },
      ];
    }),
  );
  assert.deepEqual(lines(diagnostics), []);
  const db = configDb('leaf1');
  assert.deepEqual(db.PORT?.Ethernet0, { admin_status: 'up', lanes: '1,2,3,4', speed: '10000', mtu: '9000', description: 'server1/eth0', fec: 'none', autoneg: 'off' });
  assert.equal(db.PORT.Ethernet4?.speed, '25000', 'a 4x25G cage makes 25G ports');
  assert.equal(db.PORT.Ethernet4.fec, 'rs');
  assert.equal(db.PORT.Ethernet48?.speed, '100000');
  assert.equal(db.PORT.Ethernet48.autoneg, 'on');
  assert.deepEqual(db.BREAKOUT_CFG, { Ethernet4: { brkout_mode: '4x25G' } });
  assert.deepEqual(ports('leaf1').slice(0, 2), ['Ethernet0 server -> server1/eth0 (speed 10G, fec none, autoneg off)', 'Ethernet4 server -> server2/eth0 (speed 25G, fec rs)'], 'weft explain shows them');
  // a port without settings keeps the synthesised fields only
  assert.deepEqual(configDb('leaf2').PORT?.Ethernet0, { admin_status: 'up', lanes: '1,2,3,4', speed: '100000', mtu: '9000', description: 'server3/eth0' });
  assert.equal(configDb('leaf2').BREAKOUT_CFG, undefined);
});

test('a server link sets its own MTU; a bundle its MTU and LACP fallback', () => {
  const { diagnostics, configDb } = run(
    fabric((docs) => {
      (named(docs, 'server1--leaf1').spec.unbundled as Doc).mtu = 1500;
      Object.assign(named(docs, 'server9--leaf2').spec.bundled as Doc, { mtu: 8000, fallback: true });
    }),
  );
  assert.deepEqual(lines(diagnostics), []);
  assert.equal(configDb('leaf1').PORT?.Ethernet0?.mtu, '1500');
  assert.equal(configDb('leaf1').PORT?.Ethernet4?.mtu, '9000', 'the other server keeps the default: the fabric MTU less 100');
  assert.deepEqual(configDb('leaf2').PORTCHANNEL?.PortChannel1, { admin_status: 'up', mtu: '8000', min_links: '1', lacp_key: 'auto', fallback: 'true', description: 'server9' });
  assert.equal(configDb('leaf2').PORT?.Ethernet20?.mtu, '8000');
});

test('a server link MTU above the fabric MTU less VXLAN room is refused, naming the connection and field', () => {
  const { diagnostics } = run(
    fabric((docs) => {
      (named(docs, 'server1--leaf1').spec.unbundled as Doc).mtu = 9001;
      (named(docs, 'server9--leaf2').spec.bundled as Doc).mtu = 9000;
    }),
  );
  assert.deepEqual(lines(diagnostics), [
    'error WF211 Connection server1--leaf1 spec.unbundled.mtu: 9001 is above 9000, the fabric MTU 9100 less 100 bytes for VXLAN',
  ]);
});

test('bad port settings: each gets its own diagnostic with the switch, the entry and the field', () => {
  const { diagnostics } = run(
    fabric((docs) => {
      named(docs, 'leaf1').spec.portSettings = [
        { port: 'Ethernet0', speed: '25G' },
        { port: 'Ethernet0', fec: 'rs' },
        { port: 'eth7', speed: '10G' },
        { port: 'Ethernet8', breakout: '4x25G', speed: '100G' },
        { port: 'Ethernet12' },
        { port: 'Ethernet40', speed: '10G' },
      ];
      named(docs, 'spine1').spec.ports = ['Ethernet0', 'Ethernet4'];
      named(docs, 'spine1').spec.portSettings = [{ port: 'Ethernet9', fec: 'rs' }];
      docs.push(sw('border1', 'border', 'frr', undefined, { portSettings: [{ port: 'Ethernet0', speed: '10G' }] }) as unknown as Doc);
      named(docs, 'leaf2').spec.portSettings = [{ port: 'Ethernet0', speed: '3G' }];
    }),
  );
  const found = lines(diagnostics);
  for (const expected of [
    'error WF210 Switch leaf1 spec.portSettings[1].port: Ethernet0 has settings already; give each port one entry',
    'error WF210 Switch leaf1 spec.portSettings[2].port: "eth7" is not a SONiC port name',
    'error WF210 Switch leaf1 spec.portSettings[3].speed: 100G contradicts breakout 4x25G, which makes 25G ports',
    'warning WF210 Switch leaf1 spec.portSettings[4]: sets nothing for Ethernet12',
    'warning WF210 Switch leaf1 spec.portSettings[5]: no connection uses Ethernet40, so its speed, FEC and auto-negotiation are not written',
    'error WF202 Switch spine1 spec.portSettings[0].port: spine1 has no port Ethernet9 in spec.ports',
    'error WF210 Switch border1 spec.portSettings: frr ports are configured on the node itself; portSettings apply to SONiC switches',
  ]) {
    assert.ok(found.includes(expected), `missing: ${expected}\n${found.join('\n')}`);
  }
  assert.ok(
    diagnostics.some((d) => d.code === 'WF103' && d.path.startsWith('Switch leaf2 spec.portSettings')),
    `a speed outside the list is a schema error on the field:\n${found.join('\n')}`,
  );
});
