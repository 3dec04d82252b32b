// What the VyOS agent prints and runs in the cases the plan tests do not meet: a peer without a
// state, the ownership rules as a person reads them, a confirm without save, an empty path.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigTree, confirmScript, parseBgpSummary, parseDesired, renderPath, weftOwnership } from './index.js';

const CONTEXT = { vbash: '/bin/vbash', nonce: '0123456789abcdef0123456789abcdef' };

test('a BGP peer whose state FRR does not print is Unknown; the default VRF comes first, then VRFs in natural order', () => {
  const summary = { Vrf10: { peers: { '192.0.2.9': { remoteAs: 64500 } } }, Vrf9: { peers: { '192.0.2.1': { state: 'Idle' } } }, default: { peers: { eth1: { state: 7 } } } };
  assert.deepEqual(parseBgpSummary(summary), [
    { peer: 'eth1', vrf: 'default', state: 'Unknown' },
    { peer: '192.0.2.1', vrf: 'Vrf9', state: 'Idle' },
    { peer: '192.0.2.9', vrf: 'Vrf10', state: 'Unknown', remoteAs: 64500 },
  ]);
});

test("the ownership rules read as paths: one port by its name, several leaves in braces", () => {
  const { desired, errors } = parseDesired('set interfaces ethernet eth0 address 10.0.0.1/31\nset system host-name border1\n');
  assert.deepEqual(errors, []);
  const rules = weftOwnership(desired.tree).describe();
  assert.equal(rules[0], 'system host-name');
  assert.equal(rules[2], 'interfaces ethernet eth0 {address,description,mtu,vrf}');
  assert.equal(rules[3], 'interfaces ethernet * vrf Vrf<N>');
  assert.equal(weftOwnership(desired.tree, { ports: ['eth3'] }).describe()[2], 'interfaces ethernet {eth0,eth3} {address,description,mtu,vrf}');
});

test('a confirm without save only confirms', () => {
  const script = confirmScript(CONTEXT, false);
  assert.match(script, /^# Weft: confirm$/m);
  assert.match(script, /^confirm >"\$weft_out" 2>&1; weft_step confirm \$\? check$/m);
  assert.doesNotMatch(script, /save/);
  assert.match(confirmScript(CONTEXT, true), /^# Weft: confirm and save$/m);
});

test('removing the empty path removes nothing; a path renders without quoting information', () => {
  const tree = ConfigTree.fromPaths([[{ text: 'system', quoted: false }, { text: 'host-name', quoted: false }, { text: 'border1', quoted: false }]]);
  assert.equal(tree.remove([]), false);
  assert.deepEqual(tree.toCommands(), ['set system host-name border1']);
  assert.equal(renderPath(['system', 'host-name', 'border1']), 'system host-name border1');
});
