// The words the lists and the policy page show, case by case: a VPC's state with its message
// (an empty or null one is none), and a policy's rules with what they match and the VPCs they chose.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeRuleMatch, policyRules, vpcState, type Condition, type Vpc } from './index.js';

const c = (type: string, status: Condition['status'], message?: string | null): Condition => ({ type, status, ...(message === undefined ? {} : { message }) });

test('a VPC\'s state: Invalid, Degraded, Ready, Applying or Unknown, with the deciding condition\'s message when it has one', () => {
  assert.deepEqual(
    [
      vpcState([c('Accepted', 'False', 'spec.subnets.web.cidr overlaps blue/web')]),
      vpcState([c('Accepted', 'True'), c('Degraded', 'True', 'leaf1: redis down')]),
      vpcState([c('Accepted', 'True'), c('Ready', 'True', '')]),
      vpcState([c('Accepted', 'True'), c('Ready', 'False', null)]),
      vpcState([c('Accepted', 'True', 'accepted')]),
      vpcState(null),
    ],
    [
      { label: 'Invalid', tone: 'error', message: 'spec.subnets.web.cidr overlaps blue/web' },
      { label: 'Degraded', tone: 'error', message: 'leaf1: redis down' },
      { label: 'Ready', tone: 'ok' },
      { label: 'Applying', tone: 'pending' },
      { label: 'Unknown', tone: 'unknown', message: 'accepted' },
      { label: 'Unknown', tone: 'unknown' },
    ],
  );
});

const vpc = (namespace: string, name: string, rule?: string): Vpc => ({ metadata: { name, namespace }, spec: { tenant: 'acme', subnets: {} }, ...(rule === undefined ? {} : { status: { rule } }) });

test('a rule with a null tenant list matches every VPC; a rule\'s VPCs are listed by name; a VPC with no status is in none', () => {
  assert.equal(describeRuleMatch({ tenants: null, labels: null }), 'every VPC');
  const rules = policyRules({ metadata: { name: 'default' }, spec: { isolation: { rules: [{ name: 'legacy', match: { tenants: ['legacy'] }, method: 'vlan' }] } } }, [
    vpc('legacy', 'zeta', 'legacy'),
    vpc('legacy', 'alpha', 'legacy'),
    vpc('default', 'new'),
    vpc('default', 'other', 'default'),
  ]);
  assert.deepEqual(
    rules.map((r) => [r.position, r.name, r.match, r.method, r.vpcs]),
    [
      [1, 'legacy', 'tenant in [legacy]', 'vlan', ['legacy/alpha', 'legacy/zeta']],
      [2, 'default', 'no rule matched', 'evpn-l3vni', ['default/other']],
    ],
  );
});
