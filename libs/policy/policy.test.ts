import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FabricPolicy, Vpc } from '#domain';
import { chooseIsolation, resolvePolicy } from './index.js';

const policy = (spec: FabricPolicy['spec'], name = 'default'): FabricPolicy => ({
  apiVersion: 'policy.weft.dev/v1alpha1',
  kind: 'FabricPolicy',
  metadata: { name },
  spec,
});
const vpc = (tenant: string, labels?: Record<string, string>): Vpc => ({
  apiVersion: 'vpc.weft.dev/v1alpha1',
  kind: 'VPC',
  metadata: { name: 'v', namespace: 'default', ...(labels ? { labels } : {}) },
  spec: { tenant, subnets: { a: { cidr: '10.0.0.0/24' } } },
});

test('a fabric without a policy gets the defaults', () => {
  const { policy: p, diagnostics } = resolvePolicy([]);
  assert.deepEqual(diagnostics, []);
  assert.equal(p.isolation.default, 'evpn-l3vni');
  assert.equal(p.underlay.links, 'unnumbered');
  assert.equal(chooseIsolation(vpc('acme'), p).rule, 'default');
});

test('the first matching rule wins, by tenant and by labels', () => {
  const { policy: p } = resolvePolicy([
    policy({
      isolation: {
        default: 'evpn-l3vni',
        rules: [
          { name: 'legacy', match: { tenants: ['legacy'] }, method: 'vlan' },
          { name: 'l2', match: { labels: { tier: 'l2' } }, method: 'evpn-l2vni' },
          { name: 'legacy-too', match: { tenants: ['legacy'] }, method: 'evpn-l2vni' },
        ],
      },
    }),
  ]);
  const legacy = chooseIsolation(vpc('legacy'), p);
  assert.equal(legacy.method, 'vlan');
  assert.equal(legacy.rule, 'legacy');
  const labelled = chooseIsolation(vpc('acme', { tier: 'l2' }), p);
  assert.equal(labelled.method, 'evpn-l2vni');
  assert.match(labelled.trace[0] ?? '', /tenant acme is not in \[legacy\]/);
  const other = chooseIsolation(vpc('acme', { tier: 'l3' }), p);
  assert.equal(other.rule, 'default');
  assert.match(other.trace[1] ?? '', /label tier=l3 is not l2/);
});

test('bad ranges and links are reported with the policy field', () => {
  const { diagnostics } = resolvePolicy([
    policy({ pools: { vlan: { start: 3000, end: 2000 }, vni: { start: 0, end: 20000000 } }, underlay: { links: 'numbered' }, routeTargetAsn: 4200000000 }),
  ]);
  const paths = diagnostics.map((d) => d.path);
  assert.ok(paths.includes('FabricPolicy default spec.pools.vlan'));
  assert.ok(paths.includes('FabricPolicy default spec.pools.vni'));
  assert.ok(paths.includes('FabricPolicy default spec.underlay.links'));
  assert.ok(paths.includes('FabricPolicy default spec.routeTargetAsn'));
});

test('several policies need one named default', () => {
  const { diagnostics } = resolvePolicy([policy({}, 'a'), policy({}, 'b')]);
  assert.equal(diagnostics[0]?.code, 'WF401');
  const ok = resolvePolicy([policy({}, 'a'), policy({ isolation: { default: 'vlan' } }, 'default')]);
  assert.equal(ok.policy.isolation.default, 'vlan');
});

test('a FabricPolicy that is not in force is named in a warning', () => {
  const { policy: p, diagnostics } = resolvePolicy([policy({}, 'default'), policy({ isolation: { default: 'vlan' } }, 'draft')]);
  assert.equal(p.name, 'default');
  assert.deepEqual(
    diagnostics.map((d) => [d.severity, d.code, d.path, d.message]),
    [['warning', 'WF401', 'FabricPolicy draft', 'is not in force: FabricPolicy default is']],
  );
});
