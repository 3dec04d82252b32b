// Which addresses of a prefix a host may have: a point-to-point /31 and a /32 have no network or
// broadcast address to keep free (RFC 3021).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isUsableHost, parseCidr, parseIpv4 } from './index.js';

const usable = (cidr: string, address: string): boolean => {
  const parsed = parseCidr(cidr);
  const host = parseIpv4(address);
  assert.ok(parsed !== undefined && host !== undefined);
  return isUsableHost(parsed.prefix, host);
};

test('both addresses of a /31 and the one of a /32 are usable hosts', () => {
  assert.equal(usable('10.0.0.0/31', '10.0.0.0'), true);
  assert.equal(usable('10.0.0.0/31', '10.0.0.1'), true);
  assert.equal(usable('10.0.0.7/32', '10.0.0.7'), true);
  assert.equal(usable('10.0.0.0/31', '10.0.0.2'), false);
});

test('a /24 keeps its network and broadcast addresses free', () => {
  assert.equal(usable('10.0.0.0/24', '10.0.0.0'), false);
  assert.equal(usable('10.0.0.0/24', '10.0.0.255'), false);
  assert.equal(usable('10.0.0.0/24', '10.0.0.1'), true);
});
