// When a recompile's config_db.json is spliced from the earlier one and when it is rendered in
// full: what the switch's plan then shows (splicedEntries: the entries taken out and put in, or
// undefined after a full render) and the text, which is always the full render's byte for byte.
// A VTEP or ACLs equal by value, or ConfigTemplates with the same text, still splice; a VTEP with
// another source address, other ACLs, other template text, or the last anycast-gateway VLAN gone
// do not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DeviceIntent, VlanIntent } from '#domain';
import { LEAF_EVPN } from '#testing';
import { configDbText, renderConfigDb, serializeConfigDb, splicedEntries } from './index.js';

const full = (device: DeviceIntent): string => serializeConfigDb(renderConfigDb(device));
const NTP = { template: 'ntp', target: 'configdb' as const, text: '{"NTP_SERVER": {"10.0.0.1": {}}}' };
const bridged = (id: number): VlanIntent => ({ id, name: `Vlan${id}`, description: `vlan ${id}`, members: [{ interface: 'Ethernet0', tagged: true }], owner: { vpc: 'default/x' } });

/** Renders `before` in full, then `after` with `before` as its previous: whether it was spliced, and its entries' keys. */
function recompiled(before: DeviceIntent, after: DeviceIntent): { spliced: boolean; keys: string[] } {
  configDbText(before);
  const text = configDbText(after, before);
  assert.equal(text, full(after));
  const entries = splicedEntries(after, before);
  return { spliced: entries !== undefined, keys: (entries ?? []).map((e) => `${e.table}|${e.key}`) };
}

test('a VLAN added splices; the entries name what it adds, and only against the device it was spliced from', () => {
  const before: DeviceIntent = { ...LEAF_EVPN, templates: [] };
  const after: DeviceIntent = { ...before, vlans: [...before.vlans, bridged(2000)] };
  assert.deepEqual(recompiled(before, after), { spliced: true, keys: ['VLAN|Vlan2000', 'VLAN_MEMBER|Vlan2000|Ethernet0'] });
  assert.equal(splicedEntries(after, LEAF_EVPN), undefined);
  // rendered with no previous: nothing spliced
  const alone: DeviceIntent = { ...after };
  configDbText(alone);
  assert.equal(splicedEntries(alone, after), undefined);
});

test('a VTEP and ACLs equal by value, and ConfigTemplates with the same text, still splice', () => {
  const before: DeviceIntent = { ...LEAF_EVPN, acls: [], templates: [{ ...NTP }] };
  const after: DeviceIntent = { ...before, vtep: { name: 'vtep1', nvo: 'nvo1', sourceIp: '10.0.0.11' }, acls: [], templates: [{ ...NTP }], vlans: [...before.vlans, bridged(2001)] };
  assert.equal(recompiled(before, after).spliced, true);
  const noAcls: DeviceIntent = { ...LEAF_EVPN, templates: [] };
  assert.equal(recompiled(noAcls, { ...noAcls, acls: [], vlans: [...noAcls.vlans, bridged(2006)] }).spliced, true);
});

test('a VTEP with another name, NVO or source address, and other template text, render in full', () => {
  const before: DeviceIntent = { ...LEAF_EVPN, templates: [NTP] };
  const vtep = { name: 'vtep1', nvo: 'nvo1', sourceIp: '10.0.0.11' };
  const cases: Partial<DeviceIntent>[] = [
    { vtep: { ...vtep, sourceIp: '10.0.0.99' } },
    { vtep: { ...vtep, name: 'vtep2' } },
    { vtep: { ...vtep, nvo: 'nvo2' } },
    { templates: [{ ...NTP, text: '{"NTP_SERVER": {"10.0.0.2": {}}}' }] },
    { templates: [{ ...NTP, template: 'ntp2' }] },
  ];
  for (const change of cases) {
    const previous: DeviceIntent = { ...before };
    assert.equal(recompiled(previous, { ...previous, ...change, vlans: [...previous.vlans, bridged(2002)] }).spliced, false, JSON.stringify(change));
  }
});

test('the last VLAN with the anycast gateway gone renders in full (SAG|GLOBAL goes); one of several gone splices', () => {
  const anycast = LEAF_EVPN.vlans.filter((v) => v.svi?.anycastGateway === true);
  const others = LEAF_EVPN.vlans.filter((v) => v.svi?.anycastGateway !== true);
  const before: DeviceIntent = { ...LEAF_EVPN, templates: [], vlans: [...others, anycast[0] as VlanIntent] };
  const after: DeviceIntent = { ...before, vlans: [...others, bridged(2003)] };
  const result = recompiled(before, after);
  assert.equal(result.spliced, false);
  assert.ok(!full(after).includes('SAG'), 'no anycast gateway left');
  const several: DeviceIntent = { ...LEAF_EVPN, templates: [] };
  assert.equal(recompiled(several, { ...several, vlans: several.vlans.filter((v) => v !== anycast[0]) }).spliced, true);
});
