// The VyOS paths Weft owns, as a contract with the agent and with template authors: the list as
// it is, a `comment` command read like a `set`, and deletes that stop above an owned subtree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { vyosPathOverlapsOwned, vyosPathOwned, WEFT_OWNED_VYOS_PATHS } from './index.js';

const words = (line: string): string[] => line.split(' ');

test('the owned paths, exactly, and each owns what lies under it', () => {
  assert.deepEqual(WEFT_OWNED_VYOS_PATHS, [
    'interfaces bridge',
    'interfaces ethernet',
    'interfaces loopback',
    'interfaces vxlan',
    'firewall ipv4 name weft-',
    'policy community-list weft-',
    'policy prefix-list weft-',
    'policy route-map weft-',
    'protocols bgp',
    'system host-name',
    'vrf',
  ]);
  for (const line of ['set interfaces bridge br5 member', 'comment interfaces loopback lo', 'interfaces vxlan vxlan5 vni 5', 'firewall ipv4 name weft-in rule 10', 'policy community-list weft-c rule 1']) {
    assert.equal(vyosPathOwned(words(line)), true, line);
  }
  for (const line of ['firewall ipv4 name operator rule 10', 'policy community-list weft-', 'interfaces wireguard wg0', 'set', 'comment system ntp']) {
    assert.equal(vyosPathOwned(words(line)), false, line);
  }
  assert.equal(vyosPathOwned([]), false);
});

test('a delete above an owned subtree overlaps it; a delete beside one does not, nor a bare verb', () => {
  for (const line of ['delete firewall', 'delete firewall ipv4', 'delete firewall ipv4 name', 'delete protocols', 'delete policy community-list']) {
    assert.equal(vyosPathOverlapsOwned(words(line)), true, line);
  }
  for (const line of ['delete firewall ipv4 name operator', 'delete firewall ipv6', 'delete protocols static', 'delete', 'delete service']) {
    assert.equal(vyosPathOverlapsOwned(words(line)), false, line);
  }
});
