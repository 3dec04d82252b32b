// The console's small rules, case by case: which watch event is older than what a list holds,
// which field of a form a diagnostic's path names, and what the VPC and peering forms send.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agentHealth, applyEvent, diagnosticField, EMPTY_SUBNET, emptyVpcForm, isStale, peeringBody, placeDiagnostics, vpcBody, vpcFieldOf, type ObjectLike } from './index.js';

const at = (resourceVersion: string | null | undefined): ObjectLike => ({ metadata: { name: 'red', namespace: 'default', ...(resourceVersion === undefined ? {} : { resourceVersion }) } });

test('an event is older than the list\'s copy only when both carry a decimal resourceVersion and its is smaller', () => {
  const cases: [string | null | undefined, string | null | undefined, boolean][] = [
    ['5', '3', true],
    ['12', '9', true],
    ['5', '5', false],
    ['5', '7', false],
    ['5', undefined, false],
    [undefined, '3', false],
    ['5', null, false],
    [null, '3', false],
    ['5', '', false],
    ['5', ' 3', false],
    ['5', '3 ', false],
    ['5', '0x3', false],
    ['0x10', '9', false],
  ];
  assert.deepEqual(
    cases.map(([current, incoming]) => [current, incoming, isStale(at(current), at(incoming))]),
    cases,
  );
});

test('the field part of a diagnostic path: spec or metadata, alone or dotted, at the end of the path', () => {
  assert.deepEqual(
    ['VPC default/red spec.subnets.web.cidr', 'spec.tenant', 'VPC default/red metadata', 'VPC default/red spec.subnets.web.cidr (line 3)', 'VPC default/red', 'VPC default/respec.x'].map(diagnosticField),
    ['spec.subnets.web.cidr', 'spec.tenant', 'metadata', undefined, undefined, undefined],
  );
});

test('a diagnostic with a null hint shows its message alone', () => {
  const placed = placeDiagnostics([{ code: 'WF001', path: 'VPC default/red spec.tenant', message: 'tenant is required', hint: null }], (f) => (f === 'spec.tenant' ? 'tenant' : undefined));
  assert.deepEqual(placed.fields, { tenant: ['tenant is required'] });
});

const form = { ...emptyVpcForm('acme'), name: 'red', subnets: [{ ...EMPTY_SUBNET, name: 'web', cidr: '10.0.1.0/24' }] };

test('a new subnet row starts blank', () => {
  assert.deepEqual(EMPTY_SUBNET, { name: '', cidr: '', gateway: '', dhcpStart: '', dhcpEnd: '', description: '' });
});

test('a VPC form with only a DHCP end sends the range with an empty start (the service then names the missing start)', () => {
  assert.deepEqual(vpcBody({ ...form, subnets: [{ ...EMPTY_SUBNET, name: 'web', cidr: '10.0.1.0/24', dhcpEnd: '10.0.1.200' }] }).spec, {
    tenant: 'acme',
    subnets: { web: { cidr: '10.0.1.0/24', dhcp: { start: '', end: '10.0.1.200' } } },
  });
});

test('the VPC form\'s fields by API field: the simple ones, a subnet row\'s, and none for a path the form does not have', () => {
  const fieldOf = vpcFieldOf(form);
  assert.deepEqual(
    [
      'metadata.name',
      'metadata.namespace',
      'spec.tenant',
      'spec.description',
      'spec.subnets',
      'spec.subnets.web',
      'spec.subnets.web.cidr',
      'spec.subnets.web.dhcp.end',
      'spec.subnets.web.foo',
      'xspec.subnets.web',
      'spec.other',
      'spec.subnets.db.cidr',
    ].map(fieldOf),
    ['name', 'namespace', 'tenant', 'description', 'subnets', 'subnets.0.name', 'subnets.0.cidr', 'subnets.0.dhcpEnd', undefined, undefined, undefined, undefined],
  );
});

test('a peering form\'s permit lines: trimmed, split on spaces or commas; none sends no permit list', () => {
  const base = { namespace: ' ', name: 'blue--green', vpcA: 'blue', vpcB: 'green' };
  assert.deepEqual(peeringBody({ ...base, permit: '  blue/web green/api  \n\n blue/db,green/api' }), {
    metadata: { name: 'blue--green', namespace: 'default' },
    spec: {
      vpcs: ['blue', 'green'],
      permit: [
        ['blue/web', 'green/api'],
        ['blue/db', 'green/api'],
      ],
    },
  });
  assert.deepEqual(peeringBody({ ...base, permit: ' \n ' }).spec, { vpcs: ['blue', 'green'] });
});

test('a DELETED event for an object the list does not hold, or older than its copy, leaves the list as it is', () => {
  const items = [at('5')];
  const other: ObjectLike = { metadata: { name: 'blue', namespace: 'default', resourceVersion: '9' } };
  assert.equal(applyEvent(items, { type: 'DELETED', kind: 'VPC', object: other }), items);
  assert.equal(applyEvent(items, { type: 'DELETED', kind: 'VPC', object: at('3') }), items);
  assert.deepEqual(applyEvent(items, { type: 'DELETED', kind: 'VPC', object: at('6') }), []);
});

test('an agent\'s health: no agent data says why; a spec the token cannot read still shows what was applied', () => {
  const now = Date.parse('2026-12-01T12:00:00Z');
  assert.deepEqual(agentHealth(undefined, now), { tone: 'unknown', label: 'No agent data', reasons: ['this token does not show agent state'] });
  assert.deepEqual(agentHealth({ metadata: { name: 'leaf1' }, spec: null, status: { appliedGeneration: 3, lastHeartbeat: '2026-12-01T11:59:00Z' } }, now), {
    tone: 'ok',
    label: 'Healthy',
    reasons: ['generation 3 applied'],
  });
});
