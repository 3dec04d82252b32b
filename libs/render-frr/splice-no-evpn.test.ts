// A switch whose BGP has no EVPN address family is never spliced: an L2VNI added to it must meet
// the full render's refusal, not slip into the earlier file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DeviceIntent } from '#domain';
import { LEAF_EVPN, SPINE } from '#testing';
import { frrConfText, renderFrrConf, spliceFrrConf } from './index.js';

const PLAIN: DeviceIntent = { ...SPINE, bgp: { ...SPINE.bgp, evpn: false, neighbors: SPINE.bgp.neighbors.map((n) => ({ ...n, evpn: false })) } };

test('an L2VNI added to a switch without EVPN is refused as in a full render, not spliced in', () => {
  assert.equal(frrConfText(PLAIN), renderFrrConf(PLAIN));
  const withL2vnis: DeviceIntent = { ...PLAIN, bgp: { ...PLAIN.bgp, l2vnis: LEAF_EVPN.bgp.l2vnis } };
  assert.equal(spliceFrrConf(withL2vnis, PLAIN), undefined);
  assert.throws(() => frrConfText(withL2vnis, PLAIN), { name: 'FrrRenderError', message: 'spine1 has L2VNIs but no l2vpn evpn address family (bgp.evpn is false)' });
});
