import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  agentHealth,
  applyEvent,
  attachmentBody,
  buildTopology,
  diagnosticField,
  emptyVpcForm,
  peeringBody,
  placeDiagnostics,
  planHeadline,
  policyRules,
  summarisePlan,
  vpcBody,
  vpcFieldOf,
  vpcState,
  type Agent,
  type Connection,
  type Switch,
  type Vpc,
  type VpcForm,
} from './index.js';

const vpc = (name: string, resourceVersion: string, rule = 'default', namespace = 'default'): Vpc => ({
  metadata: { name, namespace, resourceVersion },
  spec: { tenant: 'acme', subnets: {} },
  status: { rule },
});

test('watch events replace, add in order and remove; an older event is ignored', () => {
  const items = [vpc('blue', '5'), vpc('green', '6')];
  const added = applyEvent(items, { type: 'ADDED', kind: 'VPC', object: vpc('amber', '7') });
  assert.deepEqual(added.map((v) => v.metadata.name), ['amber', 'blue', 'green']);
  const modified = applyEvent(added, { type: 'MODIFIED', kind: 'VPC', object: { ...vpc('blue', '8'), status: { rule: 'l2-only' } } });
  assert.equal(modified.find((v) => v.metadata.name === 'blue')?.status?.rule, 'l2-only');
  assert.equal(applyEvent(modified, { type: 'MODIFIED', kind: 'VPC', object: vpc('blue', '4') }), modified, 'a stale event changes nothing');
  assert.deepEqual(applyEvent(modified, { type: 'DELETED', kind: 'VPC', object: vpc('green', '6') }).map((v) => v.metadata.name), ['amber', 'blue']);
  // an Agent's status report keeps its resourceVersion (its generation): the same version still applies
  const same = applyEvent(items, { type: 'MODIFIED', kind: 'VPC', object: { ...vpc('blue', '5'), status: { rule: 'x' } } });
  assert.equal(same[0]?.status?.rule, 'x');
});

test('a diagnostic path names the field after the object; a path without one is about the object', () => {
  assert.equal(diagnosticField('VPC default/red spec.subnets.web.cidr'), 'spec.subnets.web.cidr');
  assert.equal(diagnosticField('VPCAttachment default/a spec.connection'), 'spec.connection');
  assert.equal(diagnosticField('VPC default/red'), undefined);
  assert.equal(diagnosticField('VPC default/red metadata.name'), 'metadata.name');
});

test("the VPC form's diagnostics land under the row and field they name; the object's own go above the form", () => {
  const form: VpcForm = { ...emptyVpcForm('acme'), name: 'red', subnets: [{ name: 'web', cidr: '10.1.0.0/33', gateway: '', dhcpStart: '10.9.0.1', dhcpEnd: '', description: '' }, { name: 'db', cidr: '10.2.0.0/24', gateway: '10.3.0.1', dhcpStart: '', dhcpEnd: '', description: '' }] };
  const placed = placeDiagnostics(
    [
      { code: 'WF103', path: 'VPC default/red spec.subnets.web.cidr', message: '"10.1.0.0/33" is not valid' },
      { code: 'WF301', path: 'VPC default/red spec.subnets.db.gateway', message: '10.3.0.1 is not a host address of 10.2.0.0/24', hint: 'pick one inside' },
      { code: 'WF302', path: 'VPC default/red spec.subnets.web.dhcp.start', message: 'outside the subnet' },
      { code: 'WF900', path: 'VPC default/red', message: 'tenant acme has too many VPCs' },
      { code: 'WF103', path: 'VPC default/red spec.subnets.gone.cidr', message: 'no such row' },
    ],
    vpcFieldOf(form),
  );
  assert.deepEqual(placed.fields, {
    'subnets.0.cidr': ['"10.1.0.0/33" is not valid'],
    'subnets.1.gateway': ['10.3.0.1 is not a host address of 10.2.0.0/24 (pick one inside)'],
    'subnets.0.dhcpStart': ['outside the subnet'],
    // a subnet the form has no row for is shown on the subnets group
    subnets: ['no such row'],
  });
  assert.deepEqual(placed.general.map((d) => d.code), ['WF900']);
});

test('forms send what was typed, trimmed, with empty optional fields left out', () => {
  const form: VpcForm = { namespace: '', name: ' red ', tenant: 'acme', description: '', subnets: [{ name: 'web', cidr: '10.77.0.0/24 ', gateway: '', dhcpStart: '', dhcpEnd: '', description: '' }] };
  assert.deepEqual(vpcBody(form), { metadata: { name: 'red', namespace: 'default' }, spec: { tenant: 'acme', subnets: { web: { cidr: '10.77.0.0/24' } } } });
  assert.deepEqual(attachmentBody({ namespace: 'default', name: 'a', subnet: 'red/web', connection: 'server1--leaf1', nativeVLAN: false }).spec, { subnet: 'red/web', connection: 'server1--leaf1' });
  assert.deepEqual(peeringBody({ namespace: 'default', name: 'p', vpcA: 'red', vpcB: 'blue', permit: 'red/web blue/db\n\n' }).spec, { vpcs: ['red', 'blue'], permit: [['red/web', 'blue/db']] });
});

test('a VPC reads Invalid, Degraded, Ready or Applying from its conditions', () => {
  assert.equal(vpcState([{ type: 'Accepted', status: 'False', reason: 'Invalid', message: 'bad' }]).label, 'Invalid');
  assert.equal(vpcState([{ type: 'Accepted', status: 'True' }, { type: 'Ready', status: 'False', message: 'not yet applied on leaf1' }]).message, 'not yet applied on leaf1');
  assert.equal(vpcState([{ type: 'Accepted', status: 'True' }, { type: 'Ready', status: 'True' }, { type: 'Degraded', status: 'True' }]).tone, 'error');
  assert.equal(vpcState([{ type: 'Accepted', status: 'True' }, { type: 'Ready', status: 'True' }]).label, 'Ready');
  assert.equal(vpcState(undefined).label, 'Unknown');
});

const NOW = Date.parse('2026-12-01T12:00:00Z');

test('agent health: not reported, behind, failing on an error or a BGP session down, silent, healthy', () => {
  const agent = (status: Agent['status'], generation = 3): Agent => ({ metadata: { name: 'leaf1' }, spec: { generation }, status });
  assert.equal(agentHealth(undefined, NOW).label, 'No agent data');
  assert.equal(agentHealth(agent(undefined), NOW).label, 'Not reported');
  assert.equal(agentHealth(agent({ appliedGeneration: 2, lastHeartbeat: '2026-12-01T11:59:00Z' }), NOW).tone, 'pending');
  assert.equal(agentHealth(agent({ appliedGeneration: 3, lastError: 'redis refused' }), NOW).tone, 'error');
  assert.deepEqual(agentHealth(agent({ appliedGeneration: 3, bgpNeighbors: [{ peer: 'Ethernet48', state: 'Active' }] }), NOW).reasons, ['1 BGP neighbour not established']);
  assert.equal(agentHealth(agent({ appliedGeneration: 3, lastHeartbeat: '2026-12-01T11:00:00Z' }), NOW).tone, 'pending');
  assert.equal(agentHealth(agent({ appliedGeneration: 3, lastHeartbeat: '2026-12-01T11:59:30Z' }), NOW).label, 'Healthy');
});

test('the topology draws switches in tiers and colours fabric links by the BGP state either end reports', () => {
  const switches: Switch[] = [
    { metadata: { name: 'spine1' }, spec: { role: 'spine', os: 'sonic' } },
    { metadata: { name: 'leaf1' }, spec: { role: 'leaf', os: 'sonic' } },
    { metadata: { name: 'border1' }, spec: { role: 'border', os: 'vyos' } },
  ];
  const connections: Connection[] = [
    { metadata: { name: 'spine1--leaf1' }, spec: { fabric: { spine: 'spine1/Ethernet0', leaf: 'leaf1/Ethernet48' } } },
    { metadata: { name: 'spine1--border1' }, spec: { fabric: { spine: 'spine1/Ethernet8', leaf: 'border1/eth1' } } },
    { metadata: { name: 'server1--leaf1' }, spec: { unbundled: { server: 'server1/eth0', switch: 'leaf1/Ethernet0' } } },
    { metadata: { name: 'border1--external' }, spec: { external: { switch: 'border1/eth3', address: '192.0.2.1/30', peer: { ip: '192.0.2.2', asn: 64496 } } } },
    { metadata: { name: 'ghost--leaf1' }, spec: { unbundled: { server: 'ghost/eth0', switch: 'leaf1/Ethernet9' } } },
  ];
  const agents: Agent[] = [
    { metadata: { name: 'leaf1' }, spec: { generation: 1 }, status: { appliedGeneration: 1, bgpNeighbors: [{ peer: 'Ethernet48', state: 'Established' }], ports: [{ name: 'Ethernet0', admin: 'up', oper: 'down' }] } },
    { metadata: { name: 'border1' }, spec: { generation: 1 }, status: { appliedGeneration: 1, bgpNeighbors: [{ peer: '192.0.2.2', state: 'Idle' }] } },
  ];
  const topology = buildTopology({ switches, servers: [{ metadata: { name: 'server1' } }], connections, agents, now: NOW, agentsVisible: true });
  const node = (id: string) => topology.nodes.find((n) => n.id === id);
  const edge = (id: string) => topology.edges.find((e) => e.id === id);
  assert.deepEqual([node('spine1')?.tier, node('leaf1')?.tier, node('server1')?.tier, node('external:border1--external')?.tier], [0, 1, 2, 2]);
  assert.equal(node('spine1')?.tone, 'unknown', 'spine1 has not reported');
  assert.equal(node('border1')?.tone, 'error', 'its outside session is down');
  assert.deepEqual([edge('spine1--leaf1')?.tone, edge('spine1--leaf1')?.detail], ['ok', 'BGP: Established']);
  assert.equal(edge('spine1--border1')?.tone, 'unknown');
  assert.deepEqual([edge('server1--leaf1')?.tone, edge('server1--leaf1')?.detail], ['error', 'Ethernet0 down']);
  assert.deepEqual([edge('border1--external')?.tone, edge('border1--external')?.detail], ['error', 'BGP: Idle']);
  assert.equal(edge('ghost--leaf1'), undefined, 'a link to a device the token cannot see is left out');
  const hidden = buildTopology({ switches, servers: [], connections, agents: [], now: NOW, agentsVisible: false });
  assert.equal(hidden.nodes.find((n) => n.id === 'leaf1')?.detail, 'leaf, sonic: Agent state hidden');
});

test('the policy view lists rules in order, then the default, each with the VPCs it chose', () => {
  const policy = { metadata: { name: 'default' }, spec: { isolation: { default: 'evpn-l3vni', rules: [{ name: 'legacy-vlan', match: { tenants: ['legacy'] }, method: 'vlan' }, { match: { labels: { 'weft.dev/isolation': 'l2' } }, method: 'evpn-l2vni' }] } } };
  const rules = policyRules(policy, [vpc('blue', '1'), vpc('shop', '2', 'rule-2', 'globex'), vpc('green', '3')]);
  assert.deepEqual(
    rules.map((r) => [r.position, r.name, r.match, r.method, r.vpcs.join(' ')]),
    [
      [1, 'legacy-vlan', 'tenant in [legacy]', 'vlan', ''],
      [2, 'rule-2', 'label weft.dev/isolation=l2', 'evpn-l2vni', 'globex/shop'],
      [3, 'default', 'no rule matched', 'evpn-l3vni', 'default/blue default/green'],
    ],
  );
});

test('a plan is summarised per device and file, devices in natural order', () => {
  const plan = [
    { device: 'leaf10', files: [{ file: 'frr.conf', change: 'changed', lines: ['+ vrf Vrf3'] }] },
    { device: 'leaf2', files: [{ file: 'config_db.json', change: 'changed', lines: ['+ VLAN|Vlan1003', '- VLAN|Vlan1001', '~ VLAN|Vlan1002 mtu: 9000 -> 9100'] }] },
  ];
  assert.deepEqual(
    summarisePlan(plan).map((d) => [d.device, d.total, d.files[0]?.added, d.files[0]?.removed, d.files[0]?.changed]),
    [
      ['leaf2', 3, 1, 1, 1],
      ['leaf10', 1, 1, 0, 0],
    ],
  );
  assert.equal(planHeadline(plan), '2 devices change: leaf2, leaf10.');
  assert.equal(planHeadline([]), 'No device changes.');
});
