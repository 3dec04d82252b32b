// IPv4 prefixes at their edges: /0 and /32, the last address of a prefix, prefixes that touch
// but do not overlap, and the prefix lengths a CIDR may be written with.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { firstHost, formatIpv4, formatPrefix, isUsableHost, lastAddress, maskOf, parseCidr, parseIpv4, prefixContains, prefixSize, prefixesOverlap, type Ipv4Prefix } from './index.js';

const prefix = (cidr: string): Ipv4Prefix => {
  const parsed = parseCidr(cidr);
  assert.ok(parsed !== undefined, cidr);
  return parsed.prefix;
};
const ip = (text: string): number => {
  const value = parseIpv4(text);
  assert.ok(value !== undefined, text);
  return value;
};

test('prefix lengths: 0 to 32, one or two digits without a leading zero, nothing after them', () => {
  const rows: [string, string | undefined][] = [
    ['10.1.2.3/0', '0.0.0.0/0'],
    ['10.1.2.3/8', '10.0.0.0/8'],
    ['10.1.2.3/31', '10.1.2.2/31'],
    ['10.1.2.3/32', '10.1.2.3/32'],
    ['255.255.255.255/1', '128.0.0.0/1'],
    ['10.1.2.3/33', undefined],
    ['10.1.2.3/100', undefined],
    ['10.1.2.3/00', undefined],
    ['10.1.2.3/3x', undefined],
    ['10.1.2.3/x3', undefined],
    ['10.1.2.3/-1', undefined],
    ['10.1.2.3/ 8', undefined],
    ['/8', undefined],
    ['10.1.2.3.4/8', undefined],
  ];
  assert.deepEqual(
    rows.map(([cidr]) => {
      const parsed = parseCidr(cidr);
      return [cidr, parsed === undefined ? undefined : formatPrefix(parsed.prefix)];
    }),
    rows,
  );
  assert.deepEqual([maskOf(0), maskOf(1), maskOf(24), maskOf(32)].map(formatIpv4), ['0.0.0.0', '128.0.0.0', '255.255.255.0', '255.255.255.255']);
});

test('sizes and last addresses: a /32 is its own last address, a /0 ends at 255.255.255.255', () => {
  const rows = ['0.0.0.0/0', '10.0.0.0/8', '10.1.2.0/24', '10.1.2.4/31', '10.1.2.3/32'].map((cidr) => {
    const p = prefix(cidr);
    return `${cidr} size ${prefixSize(p)} last ${formatIpv4(lastAddress(p))} first host ${formatIpv4(firstHost(p))}`;
  });
  assert.deepEqual(rows, [
    '0.0.0.0/0 size 4294967296 last 255.255.255.255 first host 0.0.0.1',
    '10.0.0.0/8 size 16777216 last 10.255.255.255 first host 10.0.0.1',
    '10.1.2.0/24 size 256 last 10.1.2.255 first host 10.1.2.1',
    '10.1.2.4/31 size 2 last 10.1.2.5 first host 10.1.2.4',
    '10.1.2.3/32 size 1 last 10.1.2.3 first host 10.1.2.3',
  ]);
});

test('containment holds from the network address to the last address, and not one address beyond either', () => {
  const p = prefix('10.1.2.0/24');
  assert.deepEqual(
    ['10.1.1.255', '10.1.2.0', '10.1.2.255', '10.1.3.0'].map((a) => prefixContains(p, ip(a))),
    [false, true, true, false],
  );
  const host = prefix('10.1.2.3/32');
  assert.deepEqual(['10.1.2.2', '10.1.2.3', '10.1.2.4'].map((a) => prefixContains(host, ip(a))), [false, true, false]);
  assert.equal(prefixContains(prefix('0.0.0.0/0'), ip('255.255.255.255')), true);
  // the last address of a /30 is no host; the one before is
  assert.deepEqual(['10.1.2.4', '10.1.2.5', '10.1.2.6', '10.1.2.7'].map((a) => isUsableHost(prefix('10.1.2.4/30'), ip(a))), [false, true, true, false]);
  assert.equal(isUsableHost(prefix('10.1.2.4/30'), ip('10.1.2.8')), false);
});

test('prefixes overlap when they share one address, in either order; touching prefixes do not', () => {
  const rows: [string, string, boolean][] = [
    ['10.1.2.0/24', '10.1.2.255/32', true],
    ['10.1.2.0/24', '10.1.2.0/32', true],
    ['10.1.2.0/24', '10.1.3.0/24', false],
    ['10.1.2.0/24', '10.1.1.0/24', false],
    ['10.1.2.0/24', '10.1.1.255/32', false],
    ['10.1.2.0/24', '10.1.0.0/23', false],
    ['10.1.2.0/24', '10.1.0.0/22', true],
    ['0.0.0.0/0', '192.0.2.1/32', true],
  ];
  for (const [a, b, overlap] of rows) {
    assert.equal(prefixesOverlap(prefix(a), prefix(b)), overlap, `${a} ${b}`);
    assert.equal(prefixesOverlap(prefix(b), prefix(a)), overlap, `${b} ${a}`);
  }
});
