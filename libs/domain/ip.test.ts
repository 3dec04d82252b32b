import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstHost, formatIpv4, formatPrefix, isUsableHost, parseCidr, parseIpv4, prefixesOverlap } from './ip.js';

test('parseIpv4 accepts dotted quads and rejects everything else', () => {
  assert.equal(parseIpv4('10.0.0.1'), 0x0a000001);
  assert.equal(formatIpv4(parseIpv4('255.255.255.255') ?? 0), '255.255.255.255');
  for (const bad of ['10.0.0', '10.0.0.256', '010.0.0.1', '10.0.0.1 ', '', 'a.b.c.d', '1.2.3.4.5', '-1.0.0.0']) {
    assert.equal(parseIpv4(bad), undefined, bad);
  }
});

test('parseCidr keeps host bits in address and clears them in the prefix', () => {
  const c = parseCidr('10.1.2.3/24');
  assert.ok(c);
  assert.equal(formatIpv4(c.address), '10.1.2.3');
  assert.equal(formatPrefix(c.prefix), '10.1.2.0/24');
  for (const bad of ['10.1.2.3', '10.1.2.3/33', '10.1.2.3/', '10.1.2.3/01', '10.1.2/24']) assert.equal(parseCidr(bad), undefined, bad);
});

test('overlap, first host and usable hosts', () => {
  const a = parseCidr('10.0.0.0/16')?.prefix;
  const b = parseCidr('10.0.200.0/24')?.prefix;
  const c = parseCidr('10.1.0.0/24')?.prefix;
  assert.ok(a && b && c);
  assert.equal(prefixesOverlap(a, b), true);
  assert.equal(prefixesOverlap(a, c), false);
  assert.equal(formatIpv4(firstHost(b)), '10.0.200.1');
  assert.equal(isUsableHost(b, parseIpv4('10.0.200.0') ?? 0), false);
  assert.equal(isUsableHost(b, parseIpv4('10.0.200.255') ?? 0), false);
  assert.equal(isUsableHost(b, parseIpv4('10.0.200.254') ?? 0), true);
});
