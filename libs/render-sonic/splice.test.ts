// configDbText with the switch's earlier DeviceIntent splices the tables its VLANs and VRFs
// write; every text must be byte for byte the full render of the same device.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DeviceIntent, VlanIntent, VrfIntent } from '#domain';
import { LEAF_EVPN, LEAF_VLAN, walkSeeds } from '#testing';
import { configDbText, renderConfigDb, serializeConfigDb, spliceConfigDb } from './index.js';

function random(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n: number): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    // the high bits: the low bits of this generator repeat with a short period
    return Math.floor((state / 2 ** 32) * n);
  };
}

const full = (device: DeviceIntent): string => serializeConfigDb(renderConfigDb(device));

function vlan(id: number, pick: (n: number) => number): VlanIntent {
  const ports = ['Ethernet0', 'PortChannel1', 'Ethernet12', 'Ethernet9'];
  const routed = pick(3) > 0;
  return {
    id,
    name: `Vlan${id}`,
    description: `vpc-${pick(1000)} subnet`,
    ...(pick(4) === 0 ? { mtu: 9000 } : {}),
    members: ports.filter(() => pick(2) === 0).map((port) => ({ interface: port, tagged: pick(2) === 0 })),
    ...(pick(4) > 0 ? { vni: 10000 + id } : {}),
    // every routed VLAN uses the anycast gateway, so SAG|GLOBAL stays (LEAF_EVPN has users)
    ...(routed ? { svi: { vrf: `Vrf${pick(5)}`, ...(pick(3) > 0 ? { address: `10.${pick(200)}.${id % 250}.1/24` } : {}), anycastGateway: true } } : {}),
    owner: { vpc: 'default/walk' },
  };
}

function vrf(n: number, pick: (n: number) => number): VrfIntent {
  return {
    name: `Vrf${n}`,
    tableId: 1000 + n,
    description: `vrf ${n}`,
    owner: { vpc: `default/v${n}` },
    ...(pick(3) > 0 ? { l3vni: 50000 + n } : {}),
    rd: `10.0.0.11:${n}`,
    routeTargets: { import: [], export: [] },
    leaks: [],
    neighbors: [],
  };
}

/** One change to the device: VLANs and VRFs come, go and change; now and then the switch itself. */
function changed(device: DeviceIntent, pick: (n: number) => number): DeviceIntent {
  const vlans = [...device.vlans];
  const vrfs = [...device.vrfs];
  const action = pick(10);
  const taken = new Set(vlans.map((v) => v.id));
  let id = 2 + pick(3000);
  while (taken.has(id)) id++;
  if (action <= 2) vlans.push(vlan(id, pick));
  else if (action <= 4 && vlans.length > 1) vlans.splice(pick(vlans.length), 1);
  else if (action === 5 && vlans.length > 0) {
    // the same VLAN made again with another description: same keys, new entries
    const at = pick(vlans.length);
    const old = vlans[at] as VlanIntent;
    vlans[at] = { ...old, description: `${old.description} again` };
  } else if (action === 6) {
    const names = new Set(vrfs.map((v) => v.name));
    let n = pick(40);
    while (names.has(`Vrf${n}`)) n++;
    vrfs.push(vrf(n, pick));
  } else if (action === 7 && vrfs.length > 0) vrfs.splice(pick(vrfs.length), 1);
  else if (action === 8) {
    // several at once
    vlans.push(vlan(id, pick), vlan(id + 1 + pick(5), pick));
    if (vlans.length > 3) vlans.splice(pick(vlans.length - 2), 1);
  } else return { ...device, mtu: device.mtu === 9100 ? 9000 : 9100, vlans, vrfs };
  return { ...device, vlans, vrfs };
}

for (const seed of walkSeeds([1, 42, 20261206])) {
  test(`a seeded walk of 200 device changes (seed ${seed}): every spliced config_db.json is the full render`, () => {
    const pick = random(seed);
    let device: DeviceIntent = { ...LEAF_EVPN };
    assert.equal(configDbText(device), full(device));
    let spliced = 0;
    for (let step = 0; step < 200; step++) {
      const next = changed(device, pick);
      const text = spliceConfigDb(next, device);
      if (text !== undefined) spliced++;
      assert.equal(text ?? configDbText(next, device), full(next), `step ${step + 1}`);
      device = next;
    }
    assert.ok(spliced > 120, `most changes are spliced (${spliced} of 200); the MTU changes are not`);
  });
}

test('a switch whose VLANs all go and come back splices tables out of the file and into it again', () => {
  const empty: DeviceIntent = { ...LEAF_EVPN, vlans: [], vrfs: [] };
  // no VLAN uses the anycast gateway now: SAG goes with them, which a splice does not do
  assert.equal(spliceConfigDb(empty, LEAF_EVPN), undefined);
  assert.equal(configDbText(empty, LEAF_EVPN), full(empty));
  const plain: VlanIntent = { id: 7, name: 'Vlan7', description: 'plain', members: [{ interface: 'Ethernet0', tagged: true }], owner: { vpc: 'default/p' } };
  const one = { ...empty, vlans: [plain], vrfs: [LEAF_EVPN.vrfs[0] as VrfIntent] };
  const text = spliceConfigDb(one, empty) ?? 'not spliced';
  assert.equal(text, full(one));
  assert.ok(text.includes('"VLAN_MEMBER"') && text.includes('"VRF"'), 'the tables are back');
  assert.equal(spliceConfigDb(empty, one), full(empty));
});

test('the same ConfigTemplates stay in a spliced file when they write into none of the spliced tables', () => {
  const templated: DeviceIntent = { ...LEAF_VLAN, templates: [{ template: 'ntp', target: 'configdb', text: '{"NTP_SERVER": {"10.0.0.1": {}}}' }] };
  assert.equal(configDbText(templated), full(templated));
  const fewer = { ...templated, vlans: templated.vlans.slice(1) };
  const text = spliceConfigDb(fewer, templated) ?? 'not spliced';
  assert.equal(text, full(fewer));
  assert.ok(text.includes('"NTP_SERVER"'));
  // the same template's text, another object (the next compile's): still the same
  const again = { ...fewer, vlans: templated.vlans, templates: [{ template: 'ntp', target: 'configdb' as const, text: '{"NTP_SERVER": {"10.0.0.1": {}}}' }] };
  assert.equal(spliceConfigDb(again, fewer), full(again));
});

test('what a splice cannot prove the same renders in full: other templates, a template in a spliced table, another MTU, a repeated key', () => {
  const templated: DeviceIntent = { ...LEAF_VLAN, templates: [{ template: 'ntp', target: 'configdb', text: '{"NTP_SERVER": {"10.0.0.1": {}}}' }] };
  configDbText(templated);
  const other = { ...templated, vlans: templated.vlans.slice(1), templates: [{ template: 'ntp', target: 'configdb' as const, text: '{"NTP_SERVER": {"10.0.0.2": {}}}' }] };
  assert.equal(spliceConfigDb(other, templated), undefined, 'another template text');
  assert.equal(configDbText(other, templated), full(other));
  // a template's own VLAN entry: Weft's rows are not the whole VLAN table
  const intoVlan: DeviceIntent = { ...LEAF_VLAN, templates: [{ template: 'v', target: 'configdb', text: '{"VLAN": {"Vlan3999": {"vlanid": "3999"}}}' }] };
  configDbText(intoVlan);
  const shorter = { ...intoVlan, vlans: intoVlan.vlans.slice(1) };
  assert.equal(spliceConfigDb(shorter, intoVlan), undefined, 'a template in the VLAN table');
  assert.equal(configDbText(shorter, intoVlan), full(shorter));
  const first = LEAF_VLAN.vlans[0] as VlanIntent;
  // a template that writes one of Weft's own VLAN keys (Weft's entry wins): not spliced either
  const collide: DeviceIntent = { ...LEAF_VLAN, templates: [{ template: 'v', target: 'configdb', text: `{"VLAN": {"${first.name}": {"vlanid": "1"}}}` }] };
  configDbText(collide);
  const without = { ...collide, vlans: collide.vlans.slice(1) };
  assert.equal(spliceConfigDb(without, collide), undefined, 'a template\'s entry of a spliced key');
  assert.equal(configDbText(without, collide), full(without));
  configDbText(LEAF_EVPN);
  const mtu = { ...LEAF_EVPN, mtu: 9000 };
  assert.equal(spliceConfigDb(mtu, LEAF_EVPN), undefined, 'the MTU of every VLAN without its own');
  assert.equal(configDbText(mtu, LEAF_EVPN), full(mtu));
  // two VLANs of one name: the full render keeps the last, so the switch is never spliced
  const twice = { ...LEAF_EVPN, vlans: [...LEAF_EVPN.vlans, { ...(LEAF_EVPN.vlans[0] as VlanIntent), description: 'twin' }] };
  assert.equal(configDbText(twice), full(twice));
  const less = { ...twice, vlans: twice.vlans.slice(1) };
  assert.equal(spliceConfigDb(less, twice), undefined, 'a key written twice');
  assert.equal(configDbText(less, twice), full(less));
});

test('a VNI on a switch without a VTEP is refused with the full render\'s error, spliced or not', () => {
  const bare: DeviceIntent = { ...LEAF_VLAN };
  assert.equal(bare.vtep, undefined);
  configDbText(bare);
  const withVni = { ...bare, vlans: [...bare.vlans, { id: 77, name: 'Vlan77', description: 'x', members: [], vni: 7777, owner: { vpc: 'default/x' } }] };
  assert.throws(() => renderConfigDb(withVni), /maps to VNI 7777 but the device has no VTEP/);
  assert.throws(() => configDbText(withVni, bare), /maps to VNI 7777 but the device has no VTEP/);
});

test('ACLs built anew by a recompile but the same by value stay in a spliced file; other ACLs render in full', () => {
  const acl = (source: string): NonNullable<DeviceIntent['acls']> => [{ name: 'WEFT_VRF2', description: 'isolation', ports: ['Ethernet0'], rules: [{ name: 'DENY_1', action: 'drop', source, destination: '10.2.0.0/24' }] }];
  const filtered: DeviceIntent = { ...LEAF_EVPN, acls: acl('10.1.0.0/24') };
  configDbText(filtered);
  const fewer = { ...filtered, vlans: filtered.vlans.slice(1), acls: acl('10.1.0.0/24') };
  const text = spliceConfigDb(fewer, filtered) ?? 'not spliced';
  assert.equal(text, full(fewer));
  assert.ok(text.includes('"ACL_RULE"'));
  const other = { ...fewer, vlans: filtered.vlans, acls: acl('10.9.0.0/24') };
  assert.equal(spliceConfigDb(other, fewer), undefined, 'another ACL');
  assert.equal(configDbText(other, fewer), full(other));
});
