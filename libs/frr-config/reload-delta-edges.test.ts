// frr-reload's delta as the agent reads it, where the reading has a choice to make: headers with
// stray blanks, blank lines and a section that starts indented; which closers, version, hostname,
// profile defaults and implied `activate` lines are left out, each only where FRR hides it; and
// the netns line a `vrf` block needs, only for a real `vrf` line and only when the block lacks one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultsProfile, lineText, parseReloadDelta, significantDelta, withNetnsVrfs, type FrrLine } from './index.js';

const at = (context: readonly string[], command: string): FrrLine => ({ context, command });
const BGP = 'router bgp 65101';
const kept = (lines: readonly FrrLine[], desired: string, ignoreHostname = false): string[] =>
  significantDelta({ deletes: [], adds: lines }, { desired, ignoreHostname }).adds.map(lineText);

test('headers with blanks around them are found; blank lines are skipped; a section may start indented', () => {
  const output = ['Lines To Delete  ', '===============', '   ', ' neighbor x remote-as 1', 'router bgp 65101', ' neighbor y remote-as 2', '  Lines To Add', '============', 'hostname leaf1', ''].join('\n');
  const delta = parseReloadDelta(output);
  assert.deepEqual(delta.deletes.map(lineText), ['neighbor x remote-as 1', 'router bgp 65101 / neighbor y remote-as 2']);
  assert.deepEqual(delta.adds.map(lineText), ['hostname leaf1']);
});

test('every closer is left out; a line and its twin in another context both stay', () => {
  const closers = ['exit', 'exit-vrf', 'exit-address-family', 'exit-vni', 'end', '!'].map((c) => at([], c));
  assert.deepEqual(kept([...closers, at([BGP], 'bgp router-id 10.0.0.1'), at(['router bgp 65101 vrf Vrf1'], 'bgp router-id 10.0.0.1')], ''), [
    'router bgp 65101 / bgp router-id 10.0.0.1',
    'router bgp 65101 vrf Vrf1 / bgp router-id 10.0.0.1',
  ]);
});

test('the version line and, when asked, hostname lines are hidden at the top only, and only as themselves', () => {
  assert.deepEqual(kept([at([], 'frr version 8.4'), at(['line vty'], 'frr version 8.4')], ''), ['line vty / frr version 8.4']);
  const lines = [at([], 'hostname leaf1'), at([], 'no hostname leaf1'), at([], 'banner motd line hostname x'), at(['vrf Vrf1'], 'hostname x')];
  assert.deepEqual(kept(lines, '', true), ['banner motd line hostname x', 'vrf Vrf1 / hostname x']);
  assert.deepEqual(kept(lines, '', false).length, 4);
});

test("the datacenter profile's written-out default is hidden directly under router bgp only", () => {
  const desired = 'frr version 8.4\nfrr defaults datacenter\n';
  const lines = [at([BGP], 'no bgp ebgp-requires-policy'), at(['router bgp 65101 vrf Vrf1'], 'no bgp ebgp-requires-policy'), at([BGP, 'address-family ipv4 unicast'], 'no bgp ebgp-requires-policy'), at(['router ospf'], 'no bgp ebgp-requires-policy')];
  assert.deepEqual(kept(lines, desired), ['router bgp 65101 / address-family ipv4 unicast / no bgp ebgp-requires-policy', 'router ospf / no bgp ebgp-requires-policy']);
  assert.equal(kept(lines, 'frr defaults traditional\n').length, 4);
});

test('the profile is the whole `frr defaults` line of its own', () => {
  assert.equal(defaultsProfile('frr defaults datacenter\n'), 'datacenter');
  assert.equal(defaultsProfile('frr defaults datacenter  \n'), 'datacenter');
  assert.equal(defaultsProfile('! frr defaults datacenter\n'), undefined);
  assert.equal(defaultsProfile('frr defaults datacenter extra\n'), undefined);
});

test('implied `activate` lines are hidden while ipv4-unicast is on by default; the `no` line must be the whole line', () => {
  const lines = [at([BGP, 'address-family ipv4 unicast'], 'neighbor Ethernet48 activate'), at([BGP, 'address-family ipv4 unicast'], 'no neighbor Ethernet48 activate'), at([BGP, 'address-family ipv4 unicast'], 'neighbor Ethernet48 activate x')];
  const shown = ['router bgp 65101 / address-family ipv4 unicast / no neighbor Ethernet48 activate', 'router bgp 65101 / address-family ipv4 unicast / neighbor Ethernet48 activate x'];
  assert.deepEqual(kept(lines, 'router bgp 65101\n'), shown);
  assert.deepEqual(kept(lines, 'router bgp 65101\n no bgp default ipv4-unicast\n').length, 3);
  assert.deepEqual(kept(lines, 'router bgp 65101\n no bgp default ipv4-unicast \n').length, 3);
  assert.deepEqual(kept(lines, 'router bgp 65101\n no bgp default ipv4-unicast').length, 3);
  // EVPN activation is never implied
  assert.deepEqual(kept([at([BGP, 'address-family l2vpn evpn'], 'neighbor Ethernet48 activate')], 'router bgp 65101\n'), ['router bgp 65101 / address-family l2vpn evpn / neighbor Ethernet48 activate']);
  for (const notOff of ['router bgp 65101\n  no bgp default ipv4-unicast\n', 'router bgp 65101\n no bgp default ipv4-unicast-x\n']) assert.deepEqual(kept(lines, notOff), shown, notOff);
});

test('netns goes only under a `vrf` line of its own, only where the block has no netns line', () => {
  assert.equal(withNetnsVrfs('router bgp 65101 vrf Vrf1\n neighbor x remote-as 1'), 'router bgp 65101 vrf Vrf1\n neighbor x remote-as 1');
  assert.equal(withNetnsVrfs('vrf Vrf1 \n vni 1'), 'vrf Vrf1 \n netns /run/netns/Vrf1\n vni 1');
  assert.equal(withNetnsVrfs('vrf Vrf1\n netns /run/netns/Vrf1\n vni 1'), 'vrf Vrf1\n netns /run/netns/Vrf1\n vni 1');
  assert.equal(withNetnsVrfs('vrf Vrf1\n description my netns here'), 'vrf Vrf1\n netns /run/netns/Vrf1\n description my netns here');
  assert.equal(withNetnsVrfs('vrf Vrf1\n netns /run/netns/Vrf1\nvrf Vrf2\n vni 2'), 'vrf Vrf1\n netns /run/netns/Vrf1\nvrf Vrf2\n netns /run/netns/Vrf2\n vni 2');
});
