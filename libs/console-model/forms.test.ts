// The create and edit forms of the console: what each form shows when it opens, what it sends,
// and under which field the service's diagnostics appear.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  attachmentBody,
  attachmentFieldOf,
  attachmentFormOf,
  emptyVpcForm,
  peeringBody,
  peeringFieldOf,
  peeringFormOf,
  placeDiagnostics,
  vpcBody,
  vpcFieldOf,
  vpcFormOf,
  type Vpc,
  type VpcAttachment,
  type VpcPeering,
} from './index.js';

const BILLING: Vpc = {
  metadata: { name: 'billing', namespace: 'legacy', resourceVersion: '12' },
  spec: {
    tenant: 'legacy',
    description: 'the legacy billing system, VLANs only',
    subnets: {
      app: { cidr: '10.40.1.0/24', gateway: '10.40.1.1' },
      db: { cidr: '10.40.2.0/24', dhcp: { start: '10.40.2.100', end: '10.40.2.150' }, description: 'PostgreSQL' },
    },
  },
};

test('a new VPC form opens in namespace default with one subnet row named web, for the given tenant or none', () => {
  const web = { name: 'web', cidr: '', gateway: '', dhcpStart: '', dhcpEnd: '', description: '' };
  assert.deepEqual(emptyVpcForm(), { namespace: 'default', name: '', tenant: '', description: '', subnets: [web] });
  assert.deepEqual(emptyVpcForm('acme'), { namespace: 'default', name: '', tenant: 'acme', description: '', subnets: [web] });
});

test('editing a VPC opens the form with every value it has, one row per subnet', () => {
  assert.deepEqual(vpcFormOf(BILLING), {
    namespace: 'legacy',
    name: 'billing',
    tenant: 'legacy',
    description: 'the legacy billing system, VLANs only',
    subnets: [
      { name: 'app', cidr: '10.40.1.0/24', gateway: '10.40.1.1', dhcpStart: '', dhcpEnd: '', description: '' },
      { name: 'db', cidr: '10.40.2.0/24', gateway: '', dhcpStart: '10.40.2.100', dhcpEnd: '10.40.2.150', description: 'PostgreSQL' },
    ],
  });
});

test('a VPC without namespace, description, gateway or DHCP opens with namespace default and those fields empty', () => {
  const blue: Vpc = { metadata: { name: 'blue' }, spec: { tenant: 'acme', subnets: { web: { cidr: '10.1.0.0/24', gateway: null, dhcp: null, description: null } } } };
  assert.deepEqual(vpcFormOf(blue), {
    namespace: 'default',
    name: 'blue',
    tenant: 'acme',
    description: '',
    subnets: [{ name: 'web', cidr: '10.1.0.0/24', gateway: '', dhcpStart: '', dhcpEnd: '', description: '' }],
  });
});

test('saving an unchanged VPC form sends the VPC as it was, DHCP range and descriptions included', () => {
  assert.deepEqual(vpcBody(vpcFormOf(BILLING)), { metadata: { name: 'billing', namespace: 'legacy' }, spec: BILLING.spec });
});

test('a DHCP range with only its start typed is sent with an empty end, for the service to name', () => {
  const form = { ...emptyVpcForm('acme'), name: 'blue', subnets: [{ name: 'web', cidr: '10.1.0.0/24', gateway: '', dhcpStart: ' 10.1.0.10 ', dhcpEnd: '', description: '' }] };
  assert.deepEqual(vpcBody(form).spec.subnets, { web: { cidr: '10.1.0.0/24', dhcp: { start: '10.1.0.10', end: '' } } });
});

test("a diagnostic on a whole subnet lands on its row's name, one on the DHCP end under the end field", () => {
  const form = vpcFormOf(BILLING);
  const placed = placeDiagnostics(
    [
      { code: 'WF104', path: 'VPC legacy/billing spec.subnets.db', message: 'subnet db overlaps subnet app' },
      { code: 'WF302', path: 'VPC legacy/billing spec.subnets.db.dhcp.end', message: '10.40.2.150 is before the start' },
      { code: 'WF302', path: 'VPC legacy/billing spec.subnets.db.dhcp.start', message: '10.40.2.100 is outside the subnet' },
    ],
    vpcFieldOf(form),
  );
  assert.deepEqual(placed.fields, {
    'subnets.1.name': ['subnet db overlaps subnet app'],
    'subnets.1.dhcpEnd': ['10.40.2.150 is before the start'],
    'subnets.1.dhcpStart': ['10.40.2.100 is outside the subnet'],
  });
  assert.deepEqual(placed.general, []);
});

test('editing an attachment opens with its namespace, subnet, connection and native VLAN box as stored', () => {
  const native: VpcAttachment = { metadata: { name: 'server3-billing-app', namespace: 'legacy' }, spec: { subnet: 'billing/app', connection: 'server3--leaf3', nativeVLAN: true } };
  assert.deepEqual(attachmentFormOf(native), { namespace: 'legacy', name: 'server3-billing-app', subnet: 'billing/app', connection: 'server3--leaf3', nativeVLAN: true });
  const tagged: VpcAttachment = { metadata: { name: 'blue-web-server1' }, spec: { subnet: 'blue/web', connection: 'server1--leaf1' } };
  assert.deepEqual(attachmentFormOf(tagged), { namespace: 'default', name: 'blue-web-server1', subnet: 'blue/web', connection: 'server1--leaf1', nativeVLAN: false });
  assert.equal(attachmentFormOf({ ...tagged, spec: { ...tagged.spec, nativeVLAN: false } }).nativeVLAN, false);
});

test('an attachment with the native VLAN box ticked sends nativeVLAN: true; an empty namespace is sent as default', () => {
  assert.deepEqual(attachmentBody({ namespace: ' ', name: 'server3-billing-app', subnet: 'billing/app ', connection: 'server3--leaf3', nativeVLAN: true }), {
    metadata: { name: 'server3-billing-app', namespace: 'default' },
    spec: { subnet: 'billing/app', connection: 'server3--leaf3', nativeVLAN: true },
  });
});

test("the attachment form shows each diagnostic under the field it names and the object's own above the form", () => {
  const path = (field: string): string => `VPCAttachment default/a1 ${field}`;
  const placed = placeDiagnostics(
    [
      { code: 'WF001', path: path('metadata.name'), message: 'name must be a DNS label' },
      { code: 'WF001', path: path('metadata.namespace'), message: 'namespace Globex does not exist' },
      { code: 'WF201', path: path('spec.subnet'), message: 'no subnet blue/db' },
      { code: 'WF202', path: path('spec.connection'), message: 'no connection server9--leaf1' },
      { code: 'WF210', path: path('spec.nativeVLAN'), message: 'server1--leaf1 already carries a native VLAN' },
      { code: 'WF999', path: path('spec.other'), message: 'unknown field other' },
    ],
    attachmentFieldOf,
  );
  assert.deepEqual(placed.fields, {
    name: ['name must be a DNS label'],
    namespace: ['namespace Globex does not exist'],
    subnet: ['no subnet blue/db'],
    connection: ['no connection server9--leaf1'],
    nativeVLAN: ['server1--leaf1 already carries a native VLAN'],
  });
  assert.deepEqual(placed.general.map((d) => d.message), ['unknown field other']);
});

test('editing a peering opens with its two VPCs and one permitted pair per line', () => {
  const peering: VpcPeering = {
    metadata: { name: 'blue--green', namespace: 'globex' },
    spec: {
      vpcs: ['blue', 'green'],
      permit: [
        ['blue/web', 'green/api'],
        ['blue/db', 'green/api'],
      ],
    },
  };
  assert.deepEqual(peeringFormOf(peering), { namespace: 'globex', name: 'blue--green', vpcA: 'blue', vpcB: 'green', permit: 'blue/web green/api\nblue/db green/api' });
});

test('a peering without namespace or permit list opens in default with every subnet permitted (an empty list)', () => {
  assert.deepEqual(peeringFormOf({ metadata: { name: 'blue--green' }, spec: { vpcs: ['blue', 'green'], permit: null } }), {
    namespace: 'default',
    name: 'blue--green',
    vpcA: 'blue',
    vpcB: 'green',
    permit: '',
  });
});

test('a peering read without its VPCs (a partial object) opens with both VPC fields empty', () => {
  assert.deepEqual(peeringFormOf({ metadata: { name: 'p' }, spec: { vpcs: [] } }), { namespace: 'default', name: 'p', vpcA: '', vpcB: '', permit: '' });
});

test('a peering form with an empty namespace sends namespace default; pairs may be split by commas', () => {
  assert.deepEqual(peeringBody({ namespace: '', name: 'blue--green', vpcA: 'blue', vpcB: 'green', permit: 'blue/web, green/api' }), {
    metadata: { name: 'blue--green', namespace: 'default' },
    spec: { vpcs: ['blue', 'green'], permit: [['blue/web', 'green/api']] },
  });
});

test('the peering form shows diagnostics on the VPC fields, the permit list, or above the form', () => {
  const path = (field: string): string => `VPCPeering default/blue--green ${field}`;
  const placed = placeDiagnostics(
    [
      { code: 'WF001', path: path('metadata.name'), message: 'name must be a DNS label' },
      { code: 'WF001', path: path('metadata.namespace'), message: 'namespace Globex does not exist' },
      { code: 'WF401', path: path('spec.vpcs.0'), message: 'no VPC blue' },
      { code: 'WF401', path: path('spec.vpcs.1'), message: 'no VPC green' },
      { code: 'WF402', path: path('spec.vpcs'), message: 'a VPC cannot peer with itself' },
      { code: 'WF403', path: path('spec.permit.0.1'), message: 'green/db is not a subnet of green' },
      { code: 'WF404', path: path('spec.permit'), message: 'pair listed twice' },
      { code: 'WF999', path: path('spec.other'), message: 'unknown field other' },
    ],
    peeringFieldOf,
  );
  assert.deepEqual(placed.fields, {
    name: ['name must be a DNS label'],
    namespace: ['namespace Globex does not exist'],
    vpcA: ['no VPC blue', 'a VPC cannot peer with itself'],
    vpcB: ['no VPC green'],
    permit: ['green/db is not a subnet of green', 'pair listed twice'],
  });
  assert.deepEqual(placed.general.map((d) => d.message), ['unknown field other']);
  // the nearest field is found by the service's path, not guessed from its end
  assert.equal(peeringFieldOf('spec.permit.0'), 'permit');
  assert.equal(peeringFieldOf('status.permit'), undefined);
});
