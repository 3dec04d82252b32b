/**
 * Conformance: every rendered config_db.json must pass tools/sonic-validate (SONiC's own YANG
 * models through yanglint, plus the cross-table rules SONiC's daemons enforce).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DeviceIntent } from '#domain';
import { renderConfigDb, serializeConfigDb } from '#render-sonic';
import type { ConfigDb } from '#render-sonic';
import { ALL_DEVICE_FIXTURES, BORDER_VYOS, LEAF_EVPN, LEAF_VLAN, SPINE, requireTool, runToolOnText } from '#testing';

const SONIC_FIXTURES = ALL_DEVICE_FIXTURES.filter((device) => device.os === 'sonic');

function validate(db: ConfigDb, name: string): { ok: boolean; output: string } {
  return runToolOnText('sonic-validate', serializeConfigDb(db), `${name}.json`);
}

test('there are SONiC fixtures to check', () => {
  assert.deepEqual(
    SONIC_FIXTURES.map((device) => device.name),
    ['leaf1', 'leaf3', 'spine1'],
  );
});

for (const device of SONIC_FIXTURES) {
  test(`config_db.json of ${device.name} passes sonic-validate`, (t) => {
    if (!requireTool(t, 'sonic-validate')) return;
    const result = validate(renderConfigDb(device), device.name);
    assert.ok(result.ok, `sonic-validate rejected ${device.name}:\n${result.output}`);
    // exactly its verdict: "valid", nothing left out of validation ("invalid" contains "valid")
    assert.equal(result.output, 'valid\n');
  });
}

test('config_db.json with a merged configdb template passes sonic-validate', (t) => {
  if (!requireTool(t, 'sonic-validate')) return;
  const device: DeviceIntent = {
    ...LEAF_EVPN,
    templates: [{ template: 'ntp', target: 'configdb', text: JSON.stringify({ NTP_SERVER: { '192.0.2.10': { iburst: 'on' } } }) }],
  };
  const db = renderConfigDb(device);
  assert.deepEqual(db.NTP_SERVER, { '192.0.2.10': { iburst: 'on' } });
  const result = validate(db, 'leaf1-template');
  assert.ok(result.ok, `sonic-validate rejected leaf1 with a template:\n${result.output}`);
  assert.equal(result.output, 'valid\n');
});

test('sonic-validate rejects a VLAN member that points at a missing port', (t) => {
  if (!requireTool(t, 'sonic-validate')) return;
  const db = renderConfigDb(LEAF_VLAN);
  const broken: ConfigDb = { ...db, VLAN_MEMBER: { ...db.VLAN_MEMBER, 'Vlan100|Ethernet99': { tagging_mode: 'tagged' } } };
  const result = validate(broken, 'leaf3-broken');
  assert.equal(result.ok, false, `sonic-validate accepted a member on a missing port:\n${result.output}`);
  assert.match(result.output, /Ethernet99/);
  assert.match(result.output, /an existing PORT entry/);
});

test('sonic-validate rejects an L3VNI VRF whose VNI has no tunnel map', (t) => {
  if (!requireTool(t, 'sonic-validate')) return;
  const db = renderConfigDb(LEAF_EVPN);
  const maps = Object.fromEntries(Object.entries(db.VXLAN_TUNNEL_MAP ?? {}).filter(([key]) => !key.endsWith('_Vlan3000')));
  const result = validate({ ...db, VXLAN_TUNNEL_MAP: maps }, 'leaf1-broken');
  assert.equal(result.ok, false, `sonic-validate accepted an unmapped L3VNI:\n${result.output}`);
  assert.match(result.output, /VNI 20001 is not the vni of any VXLAN_TUNNEL_MAP entry/);
});

test('a routed port bound to its VRF passes sonic-validate; bound to a VRF that does not exist, it is rejected', (t) => {
  if (!requireTool(t, 'sonic-validate')) return;
  const device: DeviceIntent = {
    ...SPINE,
    vrfs: BORDER_VYOS.vrfs.map((vrf) => ({ ...vrf, l3vni: undefined })),
    ports: [...SPINE.ports, { name: 'Ethernet12', kind: 'external', description: 'transit', mtu: 1500, addresses: ['192.0.2.2/30'], unnumbered: false, vrf: 'Vrf9' }],
  };
  const db = renderConfigDb(device);
  assert.deepEqual(db.INTERFACE?.Ethernet12, { vrf_name: 'Vrf9' });
  assert.equal(validate(db, 'spine-vrf').output, 'valid\n');
  const broken = validate({ ...db, INTERFACE: { ...db.INTERFACE, Ethernet12: { vrf_name: 'Vrf8' } } }, 'spine-vrf-broken');
  assert.equal(broken.ok, false, `sonic-validate accepted a port in a missing VRF:\n${broken.output}`);
  assert.match(broken.output, /INTERFACE\|Ethernet12 field "vrf_name"/);
});

test('port hardware settings, a breakout mode and LACP fallback pass sonic-validate; a FEC SONiC does not know is rejected', (t) => {
  if (!requireTool(t, 'sonic-validate')) return;
  const [server, fabric, trunk] = LEAF_VLAN.ports;
  assert.ok(server !== undefined && fabric !== undefined && trunk !== undefined);
  const device: DeviceIntent = {
    ...LEAF_VLAN,
    ports: [
      { ...server, mtu: 1500, hardware: { speed: 25_000, fec: 'rs', autoNegotiation: false }, portChannel: 'PortChannel1' },
      { ...fabric, hardware: { speed: 100_000, autoNegotiation: true } },
      trunk,
    ],
    portChannels: [{ name: 'PortChannel1', description: 'server5', mtu: 1500, members: ['Ethernet0'], fallback: true }],
    vlans: LEAF_VLAN.vlans.map((vlan) => ({ ...vlan, members: vlan.members.map((m) => (m.interface === 'Ethernet0' ? { ...m, interface: 'PortChannel1' } : m)) })),
    breakouts: [{ port: 'Ethernet0', mode: '4x25G' }],
  };
  const db = renderConfigDb(device);
  assert.deepEqual(db.BREAKOUT_CFG, { Ethernet0: { brkout_mode: '4x25G' } });
  assert.equal(db.PORTCHANNEL?.PortChannel1?.fallback, 'true');
  assert.equal(db.PORT?.Ethernet0?.fec, 'rs');
  assert.equal(validate(db, 'leaf3-hardware').output, 'valid\n');
  const broken = validate({ ...db, PORT: { ...db.PORT, Ethernet0: { ...db.PORT.Ethernet0, fec: 'turbo' } } }, 'leaf3-hardware-broken');
  assert.equal(broken.ok, false, `sonic-validate accepted fec "turbo":\n${broken.output}`);
  assert.match(broken.output, /fec/);
});
