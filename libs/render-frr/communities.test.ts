// A community on an external session that is not ASN:value with both parts 0-65535 is a
// programming error naming the value; a good one is written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DeviceIntent, VrfIntent } from '#domain';
import { BORDER_FRR } from '#testing';
import { FrrRenderError, renderFrrConf } from './index.js';

function withCommunity(communityIn: string): DeviceIntent {
  const vrf = BORDER_FRR.vrfs[0] as VrfIntent;
  return { ...BORDER_FRR, vrfs: [{ ...vrf, neighbors: vrf.neighbors.map((n) => ({ ...n, communityIn })) }] };
}

test('a community out of range, or not two numbers, is refused with its value', () => {
  for (const value of ['65536:1', '1:65536', 'no-export']) {
    assert.throws(
      () => renderFrrConf(withCommunity(value)),
      (error: unknown) => error instanceof FrrRenderError && error.message === `community ${JSON.stringify(value)} is not ASN:value, each 0-65535`,
      value,
    );
  }
  assert.match(renderFrrConf(withCommunity('65000:100')), /65000:100/);
});
