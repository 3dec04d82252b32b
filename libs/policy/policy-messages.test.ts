// What `weft validate` prints about the FabricPolicy itself: which one is in force, and the
// exact diagnostics (path, message, hint) for several policies and for ranges outside their limits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FabricPolicy } from '#domain';
import { DEFAULT_POLICY_NAME, chooseIsolation, resolvePolicy } from './index.js';

const policy = (name: string, spec: FabricPolicy['spec'] = {}): FabricPolicy => ({
  apiVersion: 'policy.weft.dev/v1alpha1',
  kind: 'FabricPolicy',
  metadata: { name },
  spec,
});

const shown = (diagnostics: ReturnType<typeof resolvePolicy>['diagnostics']) =>
  diagnostics.map(({ severity, code, path, message, hint }) => ({ severity, code, path, message, hint }));

test('without a FabricPolicy the defaults are in force under the name "(defaults)"', () => {
  assert.equal(DEFAULT_POLICY_NAME, '(defaults)');
  assert.equal(resolvePolicy([]).policy.name, '(defaults)');
  const bad = resolvePolicy([policy('edge', { pools: { vlan: { start: 10, end: 5 } } })]);
  assert.equal(bad.policy.name, 'edge', 'a single policy is in force whatever its name');
});

test('several FabricPolicies and none named default: one error naming them all, sorted, with what to do', () => {
  const { policy: p, diagnostics } = resolvePolicy([policy('zeta'), policy('alpha', { isolation: { default: 'vlan' } }), policy('mid')]);
  assert.deepEqual(shown(diagnostics), [
    {
      severity: 'error',
      code: 'WF401',
      path: 'FabricPolicy alpha, mid, zeta',
      message: '3 FabricPolicies and none is named "default"',
      hint: 'name the one in force "default"',
    },
  ]);
  assert.equal(p.name, '(defaults)', 'none of them is in force');
  assert.equal(p.isolation.default, 'evpn-l3vni');
});

test('the policy named default is in force wherever it comes; each other one gets a warning with what to do', () => {
  const { policy: p, diagnostics } = resolvePolicy([policy('draft'), policy('default', { isolation: { default: 'vlan' } }), policy('old')]);
  assert.equal(p.name, 'default');
  assert.equal(p.isolation.default, 'vlan');
  const hint = 'only the FabricPolicy named "default" applies; delete or merge the others';
  assert.deepEqual(shown(diagnostics), [
    { severity: 'warning', code: 'WF401', path: 'FabricPolicy draft', message: 'is not in force: FabricPolicy default is', hint },
    { severity: 'warning', code: 'WF401', path: 'FabricPolicy old', message: 'is not in force: FabricPolicy default is', hint },
  ]);
});

test('a pool that starts below its limit, or ends above it, is an error naming the limits and the pool', () => {
  const { diagnostics } = resolvePolicy([
    policy('default', {
      pools: {
        vlan: { start: 1, end: 100 },
        vni: { start: 5000, end: 16777216 },
        vrf: { start: 0, end: 10 },
        reserved: { vlan: [{ start: 4000, end: 4095 }], vni: [{ start: 0, end: 3 }] },
      },
    }),
  ]);
  assert.deepEqual(
    diagnostics.map((d) => [d.severity, d.code, d.path, d.message]),
    [
      ['error', 'WF400', 'FabricPolicy default spec.pools.vlan', 'VLAN ids must lie within 2-4094, got 1-100'],
      ['error', 'WF400', 'FabricPolicy default spec.pools.vni', 'VNIs must lie within 1-16777215, got 5000-16777216'],
      ['error', 'WF400', 'FabricPolicy default spec.pools.vrf', 'VRF ids must lie within 1-55535, got 0-10'],
      ['error', 'WF400', 'FabricPolicy default spec.pools.reserved.vlan[0]', 'reserved VLAN ids must lie within 2-4094, got 4000-4095'],
      ['error', 'WF400', 'FabricPolicy default spec.pools.reserved.vni[0]', 'reserved VNIs must lie within 1-16777215, got 0-3'],
    ],
  );
});

test('a pool whose start is after its end says so; its own limits are the bounds', () => {
  const { diagnostics } = resolvePolicy([policy('default', { pools: { vlan: { start: 4094, end: 2 }, vni: { start: 1, end: 16777215 } } })]);
  assert.deepEqual(
    diagnostics.map((d) => [d.path, d.message]),
    [['FabricPolicy default spec.pools.vlan', 'start 4094 is after end 2']],
  );
});

test('numbered links need a /30 or shorter prefix; a /31 cannot be cut into links', () => {
  const message = (links: string) => resolvePolicy([policy('default', { underlay: { links } })]).diagnostics.map((d) => [d.code, d.path, d.message]);
  assert.deepEqual(message('10.254.0.0/31'), [
    ['WF404', 'FabricPolicy default spec.underlay.links', '"10.254.0.0/31" is neither "unnumbered" nor an IPv4 prefix of /30 or shorter'],
  ]);
  assert.deepEqual(message('10.254.0.0/30'), []);
  assert.deepEqual(resolvePolicy([policy('default', { underlay: { links: '10.254.0.0/30' } })]).policy.underlay.links, {
    prefix: { network: 0x0afe0000, length: 30 },
    text: '10.254.0.0/30',
  });
});

test('the route target ASN is a 2-byte AS number: 65535 fits, 65536 does not', () => {
  const diagnostics = (routeTargetAsn: number) => resolvePolicy([policy('default', { routeTargetAsn })]).diagnostics.map((d) => [d.path, d.message]);
  assert.deepEqual(diagnostics(65535), []);
  assert.deepEqual(diagnostics(65536), [
    ['FabricPolicy default spec.routeTargetAsn', '65536 does not fit a route target ASN:VNI (a 2-byte AS number is needed beside a VNI)'],
  ]);
});

test('the resolved policy: no reservations unless given, unnamed rules numbered, only the matches a rule gives', () => {
  const { policy: p } = resolvePolicy([
    policy('default', {
      isolation: {
        rules: [
          { match: { tenants: ['legacy'] }, method: 'vlan' },
          { name: 'l2', match: { labels: { 'weft.dev/l2': 'true' } }, method: 'evpn-l2vni' },
        ],
      },
    }),
  ]);
  assert.deepEqual(p.pools.reservedVlans, []);
  assert.deepEqual(p.pools.reservedVnis, []);
  assert.deepEqual(p.isolation.rules, [
    { name: 'rule-1', index: 0, tenants: ['legacy'], method: 'vlan' },
    { name: 'l2', index: 1, labels: { 'weft.dev/l2': 'true' }, method: 'evpn-l2vni' },
  ]);
});

test('the isolation trace weft explain prints: each rule tried, why it misses, labels in name order, and the default', () => {
  const { policy: p } = resolvePolicy([
    policy('default', {
      isolation: {
        default: 'evpn-l2vni',
        rules: [
          { name: 'pair', match: { tenants: ['alpha', 'beta'] }, method: 'vlan' },
          { name: 'zoned', match: { labels: { zone: 'b', tier: 'gold' } }, method: 'vlan' },
          { name: 'both', match: { tenants: ['gamma', 'delta'], labels: { zone: 'a', tier: 'gold' } }, method: 'evpn-l3vni' },
        ],
      },
    }),
  ]);
  const vpc = (tenant: string, labels?: Record<string, string>) => ({
    apiVersion: 'vpc.weft.dev/v1alpha1' as const,
    kind: 'VPC' as const,
    metadata: { name: 'v', namespace: 'default', ...(labels === undefined ? {} : { labels }) },
    spec: { tenant, subnets: { a: { cidr: '10.0.0.0/24' } } },
  });
  assert.deepEqual(chooseIsolation(vpc('gamma'), p), {
    method: 'evpn-l2vni',
    rule: 'default',
    trace: [
      'rule pair (#1) does not match: tenant gamma is not in [alpha, beta]',
      'rule zoned (#2) does not match: label tier is not set',
      'rule both (#3) does not match: label tier is not set',
      'no rule matched: policy default evpn-l2vni',
    ],
  });
  assert.deepEqual(chooseIsolation(vpc('delta', { zone: 'a', tier: 'silver' }), p).trace.slice(1), [
    'rule zoned (#2) does not match: label tier=silver is not gold',
    'rule both (#3) does not match: label tier=silver is not gold',
    'no rule matched: policy default evpn-l2vni',
  ]);
  assert.deepEqual(chooseIsolation(vpc('delta', { zone: 'a', tier: 'gold' }), p), {
    method: 'evpn-l3vni',
    rule: 'both',
    trace: [
      'rule pair (#1) does not match: tenant delta is not in [alpha, beta]',
      'rule zoned (#2) does not match: label zone=a is not b',
      'rule both (#3) matches: tenant in [gamma, delta] and label tier=gold and label zone=a -> evpn-l3vni',
    ],
  });
});
