// FRR text as FRR and vtysh print it, in the forms the other tests do not meet: comments, `end`
// and `exit-vni` lines, contexts that close back two levels, indented `show vrf` lines and a
// `vrf` line with trailing blanks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boundVrfs, configDelta, inactiveVrfs, lineText, vrfsNamed } from './index.js';

test('comments, version lines and context ends are no configuration; a context closes back to the right level', () => {
  const before = '# written by weft\nfrr version 10.1\nrouter bgp 65101\n address-family l2vpn evpn\n  vni 10001\n   rd 1:1\n  exit-vni\n  advertise-all-vni\n exit-address-family\n bgp router-id 10.0.0.2\nexit\nend\n';
  const after = '# written by weft, again\nfrr version 10.2\nrouter bgp 65101\n address-family l2vpn evpn\n  vni 10001\n   rd 1:2\n  exit-vni\n exit-address-family\n bgp router-id 10.0.0.2\nexit\nend\n';
  const delta = configDelta(before, after);
  assert.deepEqual(delta.deletes.map(lineText), [
    'router bgp 65101 / address-family l2vpn evpn / no advertise-all-vni',
    'router bgp 65101 / address-family l2vpn evpn / vni 10001 / no rd 1:1',
  ]);
  assert.deepEqual(delta.adds.map(lineText), ['router bgp 65101 / address-family l2vpn evpn / vni 10001 / rd 1:2']);
});

test('show vrf lines are read indented too; a vrf line may end in blanks', () => {
  const shown = '  vrf Vrf1 inactive (configured)\n\tvrf Vrf2 id 4 netns /run/netns/Vrf2\n';
  assert.deepEqual(inactiveVrfs(shown, ['Vrf1', 'Vrf2']), ['Vrf1']);
  assert.deepEqual(boundVrfs(shown, ['Vrf1', 'Vrf2']), ['Vrf2']);
  assert.deepEqual(vrfsNamed('vrf Vrf7  \n vni 10007\nexit-vrf\n'), ['Vrf7']);
});
