// The stable diagnostic codes users and scripts match on, the natural order every table of every
// device is sorted in, and looking a key up in a sorted list.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DIAGNOSTIC_CODES, compareNatural, sortedValue, withoutTies, type SortedItems } from './index.js';

test('the diagnostic catalogue: every code as documented, none reused', () => {
  assert.deepEqual(DIAGNOSTIC_CODES, {
    PARSE: 'WF100',
    NOT_AN_OBJECT: 'WF101',
    UNKNOWN_KIND: 'WF102',
    SCHEMA: 'WF103',
    DUPLICATE_NAME: 'WF104',
    MISSING_NAMESPACE: 'WF105',
    UNEXPECTED_NAMESPACE: 'WF106',
    IMMUTABLE_FIELD: 'WF107',
    BAD_PORT_REF: 'WF200',
    UNKNOWN_DEVICE: 'WF201',
    UNKNOWN_PORT: 'WF202',
    PORT_IN_USE: 'WF203',
    CONNECTION_TYPE: 'WF204',
    CONNECTION_ROLE: 'WF205',
    DUPLICATE_ASN: 'WF206',
    DUPLICATE_ROUTER_ID: 'WF207',
    BAD_ADDRESS: 'WF208',
    BORDER_OS: 'WF209',
    PORT_SETTING: 'WF210',
    LINK_MTU: 'WF211',
    ESLAG_SWITCHES: 'WF220',
    ESLAG_FORWARDER: 'WF221',
    ESLAG_ESI: 'WF222',
    ESLAG_NEEDS_EVPN: 'WF223',
    BAD_CIDR: 'WF300',
    GATEWAY_OUTSIDE: 'WF301',
    DHCP_OUTSIDE: 'WF302',
    SUBNET_OVERLAP: 'WF303',
    PEERED_OVERLAP: 'WF304',
    UNKNOWN_VPC: 'WF305',
    UNKNOWN_SUBNET: 'WF306',
    UNKNOWN_CONNECTION: 'WF307',
    ATTACH_CONNECTION_TYPE: 'WF308',
    NATIVE_VLAN_TWICE: 'WF309',
    DUPLICATE_ATTACHMENT: 'WF310',
    PEERING_SELF: 'WF311',
    PEERING_DUPLICATE: 'WF312',
    UNKNOWN_EXTERNAL: 'WF313',
    EXTERNAL_NEEDS_L3VNI: 'WF314',
    RESERVED_OVERLAP: 'WF315',
    PEERING_REACH: 'WF316',
    INSIDE_PERMIT: 'WF330',
    STATIC_ROUTE: 'WF331',
    COMMUNITY: 'WF332',
    EXTERNAL_VLAN: 'WF333',
    EXTERNAL_PORT_SHARED: 'WF334',
    EXTERNAL_ADDRESS: 'WF335',
    STATIC_EXTERNAL: 'WF336',
    EXTERNAL_ACL: 'WF337',
    DHCP_MODE: 'WF340',
    DHCP_STATIC: 'WF341',
    HOST_BGP: 'WF350',
    HOST_BGP_CONNECTION: 'WF351',
    POLICY_RANGE: 'WF400',
    POLICY_MULTIPLE: 'WF401',
    LIMIT_VPCS: 'WF402',
    LIMIT_SUBNETS: 'WF403',
    POLICY_LINKS: 'WF404',
    POOL_EXHAUSTED: 'WF500',
    ALLOCATION_CONFLICT: 'WF501',
    PREVIOUS_ALLOCATIONS: 'WF502',
    VLAN_UNJOINABLE: 'WF600',
    NO_VTEP: 'WF601',
    VLAN_PEERING: 'WF602',
    TEMPLATE_SYNTAX: 'WF700',
    TEMPLATE_RENDER: 'WF701',
    TEMPLATE_OWNED: 'WF702',
    TEMPLATE_OUTPUT: 'WF703',
    TEMPLATE_TARGET: 'WF704',
  });
  const codes = Object.values(DIAGNOSTIC_CODES);
  assert.equal(new Set(codes).size, codes.length);
});

test('compareNatural: digit runs by value (0 and 9 are digits, "/" and ":" are not), leading zeros only as a last resort', () => {
  const sign = (a: string, b: string): number => Math.sign(compareNatural(a, b));
  const rows: [string, string, number][] = [
    ['Ethernet2', 'Ethernet10', -1],
    ['Ethernet10', 'Ethernet2', 1],
    ['Ethernet12', 'Ethernet13', -1],
    ['Ethernet13', 'Ethernet12', 1],
    ['x9', 'x10', -1],
    ['x0', 'x1', -1],
    ['x90', 'x100', -1],
    ['x09', 'x9', -1],
    ['x9', 'x09', 1],
    ['x0', 'x00', -1],
    ['x007b', 'x7a', 1],
    ['x1', 'x02', -1],
    ['x02', 'x1', 1],
    ['x10', 'x009', 1],
    ['x1', 'x01a', -1],
    ['x01a', 'x1', 1],
    ['x1', 'x1b', -1],
    ['x1b', 'x1', 1],
    ['x1', 'xa', -1],
    ['x/', 'x0', -1],
    ['x:', 'x9', 1],
    ['x:', 'x10', 1],
    ['x/', 'x10', -1],
    ['a', 'ab', -1],
    ['ab', 'a', 1],
    ['b', 'a', 1],
    ['Vlan1000', 'Vlan1000|Ethernet0', -1],
    ['leaf2', 'leaf2', 0],
    ['', '', 0],
    ['', 'a', -1],
  ];
  assert.deepEqual(
    rows.map(([a, b]) => [a, b, sign(a, b)]),
    rows,
  );
  assert.deepEqual(['x10', 'x:', 'x9', 'x09', 'x/', 'x', 'x00', 'x0', 'xa'].sort(compareNatural), ['x', 'x/', 'x0', 'x00', 'x09', 'x9', 'x10', 'x:', 'xa']);
});

test('sortedValue finds a key present, and nothing for a key absent or one that merely compares equal', () => {
  const byLength = (a: string, b: string): number => a.length - b.length;
  const items: SortedItems<string, number> = { keys: ['a', 'bb', 'ccc', 'dddd', 'eeeee'], values: [1, 2, 3, 4, 5] };
  assert.deepEqual(['a', 'bb', 'ccc', 'dddd', 'eeeee'].map((k) => sortedValue(items, k, byLength)), [1, 2, 3, 4, 5]);
  assert.deepEqual(['', 'xx', 'ffffff'].map((k) => sortedValue(items, k, byLength)), [undefined, undefined, undefined]);
  const none: SortedItems<string, number> = { keys: [], values: [] };
  assert.equal(sortedValue(none, 'a', byLength), undefined);
  assert.equal(withoutTies([], byLength), true);
  assert.equal(withoutTies(['a'], byLength), true);
  assert.equal(withoutTies(['a', 'b'], byLength), false);
});
