// resolvePolicy is also called on policies that did not come through the schema (a library
// caller's object): a loopback pool it cannot read resolves to the default pool, never a crash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolvePolicy } from '#policy';
import { policy } from '../../test/support/builders.js';

test('a loopback pool that is no IPv4 prefix resolves to the default 10.0.0.0/16', () => {
  for (const loopbacks of ['10.0.0.0/33', '300.0.0.0/8', 'loopbacks']) {
    const resolved = resolvePolicy([policy({ underlay: { loopbacks } })]);
    assert.deepEqual(resolved.policy.underlay.loopbacks, { network: 0x0a000000, length: 16 }, loopbacks);
  }
});
