// Device intents VyOS cannot take are programming errors that say exactly what is wrong: a
// number out of range, a prefix with host bits, a community that is not ASN:value, a session
// without a peer, a leak from a VRF the border lacks, two policies of one name, more inbound
// filters than rule numbers. Descriptions are capped by UTF-8 bytes, whatever the script.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AclIntent, DeviceIntent, VrfIntent } from '#domain';
import { BORDER_VYOS, BORDER_VYOS_PEERED } from '#testing';
import { renderVyosSet, sanitizeVyosText, VyosRenderError } from './index.js';
import { compareNatural } from './script.js';

function failure(device: DeviceIntent): string {
  try {
    renderVyosSet(device);
  } catch (error) {
    assert.ok(error instanceof VyosRenderError, String(error));
    return error.message;
  }
  assert.fail('rendered');
}

const external = BORDER_VYOS.vrfs[0] as VrfIntent;
const withExternal = (change: Partial<VrfIntent>): DeviceIntent => ({ ...BORDER_VYOS, vrfs: [{ ...external, ...change }] });
const neighbor = external.neighbors[0]!;

test('a number out of its range names the kind, the value and the range', () => {
  assert.equal(failure({ ...BORDER_VYOS, vrfs: [{ ...external, tableId: 99 }] }), 'invalid VyOS VRF table 99: an integer from 100 to 65535');
  assert.equal(failure({ ...BORDER_VYOS, bgp: { ...BORDER_VYOS.bgp, maximumPaths: 1.5 } }), 'invalid VyOS maximum-paths 1.5: an integer from 1 to 256');
});

test('a prefix list entry with host bits, or no prefix at all, is refused', () => {
  assert.equal(
    failure(withExternal({ neighbors: [{ ...neighbor, prefixesOut: ['10.1.0.1/24'] }] })),
    'not an IPv4 network prefix for a VyOS prefix list: "10.1.0.1/24"',
  );
  assert.equal(failure(withExternal({ neighbors: [{ ...neighbor, prefixesIn: ['nowhere'] }] })), 'not an IPv4 network prefix for a VyOS prefix list: "nowhere"');
});

test('a community that is not two numbers up to 65535 is refused', () => {
  assert.equal(failure(withExternal({ neighbors: [{ ...neighbor, communityIn: '65536:1' }] })), 'not a standard BGP community: "65536:1"');
});

test('a fabric session with neither an address nor an interface names its description', () => {
  assert.equal(
    failure({ ...BORDER_VYOS, bgp: { ...BORDER_VYOS.bgp, neighbors: [...BORDER_VYOS.bgp.neighbors, { remoteAs: 65100, description: 'lost spine', evpn: true }] } }),
    'BGP neighbour "lost spine" has neither an address nor an interface',
  );
});

test('a leak from a VRF the border does not have is refused', () => {
  assert.equal(
    failure(withExternal({ leaks: [{ fromVrf: 'Vrf7', prefixes: ['10.1.0.0/24'], policyName: 'leak-x' }] })),
    'VRF Vrf9 of border1 leaks from Vrf7, which is not another VRF of the device',
  );
});

test('two policies of one name on a device are refused', () => {
  const [first, second] = BORDER_VYOS_PEERED.vrfs as [VrfIntent, VrfIntent];
  const device: DeviceIntent = { ...BORDER_VYOS_PEERED, vrfs: [first, { ...second, neighbors: [{ ...neighbor, port: 'eth3' }] }] };
  assert.match(failure(device), /^two VyOS policies would be named weft-ext-internet-\S+: policy names must be unique per device$/);
});

test('more inbound filters than the forward rule numbers hold is refused; a hundred fit', () => {
  const filters = (count: number): AclIntent[] =>
    Array.from({ length: count }, (_, i) => ({
      name: `WEFT_IN_${String(i).padStart(3, '0')}`,
      description: 'inbound',
      ports: ['eth3'],
      rules: [{ name: 'DENY', action: 'drop' as const }],
      inbound: { port: 'eth3', vlan: i + 1 },
    }));
  assert.equal(failure({ ...BORDER_VYOS, acls: filters(101) }), 'border1 has 101 inbound filters; Weft numbers at most 100');
  assert.doesNotThrow(() => renderVyosSet({ ...BORDER_VYOS, acls: filters(100) }));
});

test('descriptions are capped by UTF-8 bytes: three-byte and four-byte characters count as such', () => {
  assert.equal(sanitizeVyosText('€'.repeat(100)), '€'.repeat(42));
  assert.equal(sanitizeVyosText('🙂'.repeat(100)), '🙂'.repeat(32));
  assert.equal(sanitizeVyosText('a€🙂'.repeat(20), 16), 'a€🙂a€🙂');
});

test('natural order: equal names compare equal, numbers by value', () => {
  assert.equal(compareNatural('eth2', 'eth2'), 0);
  assert.ok(compareNatural('eth2', 'eth10') < 0);
  assert.ok(compareNatural('eth10', 'eth2') > 0);
});
