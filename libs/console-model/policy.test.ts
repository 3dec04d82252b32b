// The policy page: each rule's match in words, and the default of a policy that sets none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeRuleMatch, policyRules } from './index.js';

test('a rule matching tenants and labels reads as one sentence, labels in name order', () => {
  assert.equal(
    describeRuleMatch({ tenants: ['legacy', 'oldco'], labels: { 'weft.dev/zone': 'b', 'weft.dev/isolation': 'l2' } }),
    'tenant in [legacy, oldco] and label weft.dev/isolation=l2 and label weft.dev/zone=b',
  );
  assert.equal(describeRuleMatch({ labels: { 'app.kubernetes.io/part-of': 'shop', tier: 'db' } }), 'label app.kubernetes.io/part-of=shop and label tier=db');
  assert.equal(describeRuleMatch({ tenants: [], labels: null }), 'every VPC');
});

test('a policy without rules or a default lists only the default, evpn-l3vni, with the VPCs it chose', () => {
  const blue = { metadata: { name: 'blue' }, spec: { tenant: 'acme', subnets: {} }, status: { rule: 'default' } };
  const shop = { metadata: { name: 'shop', namespace: 'globex' }, spec: { tenant: 'globex', subnets: {} }, status: { rule: 'default' } };
  const pending = { metadata: { name: 'red', namespace: 'default' }, spec: { tenant: 'acme', subnets: {} } };
  assert.deepEqual(policyRules({ metadata: { name: 'default' }, spec: {} }, [shop, blue, pending]), [
    { position: 1, name: 'default', match: 'no rule matched', method: 'evpn-l3vni', vpcs: ['default/blue', 'globex/shop'] },
  ]);
  assert.deepEqual(policyRules({ metadata: { name: 'default' } }, []), [{ position: 1, name: 'default', match: 'no rule matched', method: 'evpn-l3vni', vpcs: [] }]);
});
