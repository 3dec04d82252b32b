// VRF names VyOS refuses, and why: the pattern of a name, and its negative look-ahead that
// refuses any name starting like an interface kind (so `brown` is refused because of `br`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VyosRenderError } from './errors.js';
import { assertVrfName } from './identifiers.js';

const refusal = (name: string): string => {
  try {
    assertVrfName(name);
  } catch (error) {
    assert.ok(error instanceof VyosRenderError);
    return error.message;
  }
  return 'accepted';
};

test('a name that starts like any interface kind is refused, naming the reason', () => {
  const kinds = ['bond', 'br', 'dum', 'eth', 'lan', 'eno', 'ens', 'enp', 'enx', 'gnv', 'ipoe', 'l2tp', 'l2tpeth', 'vtun', 'ppp', 'pppoe', 'peth', 'tun', 'vti', 'vxlan', 'wg', 'wlan', 'wwan'];
  for (const kind of kinds) assert.equal(refusal(`${kind}x`), `invalid VyOS VRF name ${JSON.stringify(`${kind}x`)}: it starts like an interface name`, kind);
  for (const name of ['Vrf9', 'red', 'Bridge1', 'xbr', 'en', 'tenant']) assert.equal(refusal(name), 'accepted', name);
});

test('a name that is not a letter, then up to 14 letters, digits, hyphens or underscores, says the rule', () => {
  for (const name of ['9vrf', 'Vrf 1', 'V'.repeat(16), '']) {
    assert.equal(refusal(name), `invalid VyOS VRF name ${JSON.stringify(name)}: a letter, then letters, digits, hyphens or underscores, at most 15 characters`, name);
  }
  assert.equal(refusal('V'.repeat(15)), 'accepted');
});
