// `weft explain vpc/NAME` and `weft explain switch/NAME` on the lab: everything they show, as a
// user reads it (which rule chose the method, every number, where each subnet lives, what each
// port, VLAN, VRF and neighbour of a switch is, which templates apply and why).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, explainSwitch, explainVpc, type CompileResult } from '#compiler';
import { groupResources, parseDocuments, type AnyResource } from '#domain';
import { parseFileText } from '#loader';
import { policy } from '../../test/support/builders.js';

/** dist/libs/compiler/explain-lab.test.js -> the repository root */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function lab(): AnyResource[] {
  const files = ['wiring/lab.yaml', ...readdirSync(join(ROOT, 'examples/lab')).filter((f) => f.endsWith('.yaml')).map((f) => `examples/lab/${f}`)];
  const parsed = parseDocuments(files.flatMap((file) => parseFileText(readFileSync(join(ROOT, file), 'utf8'), file).docs));
  assert.deepEqual(parsed.diagnostics, []);
  return parsed.resources;
}

let lab1: CompileResult | undefined;
/** The lab compiled once, when the first test needs it (not while the file loads). */
function compiledLab(): CompileResult {
  lab1 ??= compile(groupResources(lab()));
  return lab1;
}

test('explain vpc: the rule trace, the VRF and every number, where each subnet is carried, attachments, peerings', () => {
  assert.deepEqual(explainVpc(compiledLab(), 'default/blue'), {
    vpc: 'default/blue',
    tenant: 'acme',
    policy: 'default',
    isolation: 'evpn-l3vni',
    rule: 'default',
    trace: [
      'rule legacy-vlan (#1) does not match: tenant acme is not in [legacy]',
      'rule l2-only (#2) does not match: label weft.dev/isolation is not set',
      'no rule matched: policy default evpn-l3vni',
    ],
    vrf: { name: 'Vrf1', id: 1, table: 1001, l3vni: 10000, routeTarget: '65000:10000' },
    subnets: [
      { name: 'app', cidr: '10.10.2.0/24', gateway: '10.10.2.1', vni: 10001, routeTarget: '65000:10001', vlans: { leaf2: 1001 } },
      { name: 'db', cidr: '10.10.3.0/24', gateway: '10.10.3.1', vni: 10002, routeTarget: '65000:10002', vlans: {} },
      {
        name: 'web',
        cidr: '10.10.1.0/24',
        gateway: '10.10.1.1',
        vni: 10003,
        routeTarget: '65000:10003',
        vlans: { leaf1: 1001, leaf4: 1001 },
        dhcp: "Weft's DHCP serves 10.10.1.100-10.10.1.199 (lease 600 s); the leaves relay to 100.127.0.1 from Loopback0 with link selection",
      },
    ],
    transitVlans: { leaf1: 1000, leaf2: 1000, leaf4: 1000 },
    attachments: [
      { key: 'default/server1-blue-web', subnet: 'web', connection: 'server1--leaf1', switch: 'leaf1', ports: ['Ethernet0'], tagging: 'untagged' },
      { key: 'default/server3-blue-app', subnet: 'app', connection: 'server3--leaf2', switch: 'leaf2', ports: ['Ethernet0'], tagging: 'untagged' },
      { key: 'default/server6-blue-web', subnet: 'web', connection: 'server6--leaf4', switch: 'leaf4', ports: ['Ethernet0'], tagging: 'untagged' },
    ],
    peerings: ['default/blue--green: with default/green; they reach [db], this VPC reaches their [api]'],
    externalPeerings: [
      'default/blue--internet: with External default/internet; subnets [web] <-> prefixes [0.0.0.0/0]; accepts only routes with community 64496:100, adds community 65100:200 to what it announces, attached on border1/eth3 as 192.0.2.2/30',
    ],
    inside: ['subnet app isolated: reaches only [web] (permit)', 'static route 10.99.0.0/24 via 10.10.2.10 (app): installed on leaf2; the other leaves learn it as an EVPN type-5 route'],
    multihoming: [],
    switches: ['leaf1', 'leaf2', 'leaf4'],
    diagnostics: [],
  });
  // the peering seen from the other side
  assert.deepEqual(explainVpc(compiledLab(), 'default/green')?.peerings, ['default/blue--green: with default/blue; they reach [api], this VPC reaches their [db]']);
  assert.deepEqual(explainVpc(compiledLab(), 'default/green')?.externalPeerings, []);
  assert.equal(explainVpc(compiledLab(), 'default/nope'), undefined);
  assert.equal(explainVpc(compiledLab(), 'globex/blue'), undefined);
});

test('explain vpc: an L2VNI VPC has no VRF numbers of its own and no transit VLANs', () => {
  const shop = explainVpc(compiledLab(), 'globex/shop');
  assert.ok(shop);
  assert.equal(shop.isolation, 'evpn-l2vni');
  assert.equal(shop.rule, 'l2-only');
  assert.equal(shop.vrf?.l3vni, undefined);
  assert.equal(shop.vrf?.routeTarget, undefined);
  assert.deepEqual(shop.transitVlans, {});
  assert.deepEqual(shop.trace.at(-1), 'rule l2-only (#2) matches: label weft.dev/isolation=l2 -> evpn-l2vni');
});

test('explain switch: ports with their peers, LAG membership and addresses; VLANs, VRFs, neighbours, templates and files', () => {
  assert.deepEqual(explainSwitch(compiledLab(), 'leaf2'), {
    switch: 'leaf2',
    role: 'leaf',
    os: 'sonic',
    asn: 65102,
    routerId: '10.0.0.3',
    ports: [
      'Ethernet0 server -> server3/eth0',
      'Ethernet4 server -> server7/eth0 in PortChannel1',
      'Ethernet8 server -> server7/eth1 in PortChannel1',
      'Ethernet48 fabric -> spine1/Ethernet4 unnumbered',
      'Ethernet52 fabric -> spine2/Ethernet4 unnumbered',
    ],
    vlans: [
      'Vlan1000 vni 10000 default/blue (L3VNI transit)',
      'Vlan1001 vni 10001 default/blue/app gateway 10.10.2.1/24',
      'Vlan1002 vni 10004 default/green (L3VNI transit)',
      'Vlan1003 vni 10005 default/green/api gateway 10.20.1.1/24',
    ],
    vrfs: ['Vrf1 table 1001 l3vni 10000 default/blue; route 10.99.0.0/24 via 10.10.2.10', 'Vrf2 table 1002 l3vni 10004 default/green'],
    neighbors: ['Ethernet48 remote-as external (spine1)', 'Ethernet52 remote-as external (spine2)'],
    portChannels: ['PortChannel1 Ethernet4+Ethernet8 (server7)'],
    templates: [
      {
        template: 'border-ntp',
        target: 'vyos',
        selected: false,
        reason: 'target vyos applies to vyos switches, not sonic; selector.roles [border] does not include leaf; selector.os [vyos] does not include sonic',
      },
      { template: 'sonic-ntp-syslog', target: 'configdb', selected: true, reason: 'target configdb fits sonic; selector.os [sonic] includes sonic' },
      { template: 'spine-frr-syslog', target: 'frr', selected: false, reason: 'selector.roles [spine] does not include leaf' },
    ],
    files: ['leaf2/config_db.json', 'leaf2/frr.conf'],
    diagnostics: [],
  });
  const border = explainSwitch(compiledLab(), 'border1');
  assert.ok(border);
  assert.deepEqual(border.ports, ['eth0 fabric -> spine1/Ethernet60 unnumbered', 'eth1 fabric -> spine2/Ethernet60 unnumbered', 'eth3 external -> default/internet border1--external 192.0.2.2/30']);
  assert.deepEqual(border.vrfs, ['Vrf1 table 1001 l3vni 10000 default/blue', 'Vrf4 table 1004 l3vni 10009 external default/internet']);
  assert.deepEqual(border.vlans, []);
  assert.deepEqual(border.files, ['border1/vyos.set']);
  assert.equal(explainSwitch(compiledLab(), 'leaf9'), undefined);
});

test('explain switch: numbered fabric links show their addresses; a switch warning is listed with the switch', () => {
  const resources = lab().map((r) =>
    r.kind === 'FabricPolicy' ? policy({ ...r.spec, underlay: { ...r.spec.underlay, links: '10.254.0.0/24' }, pools: { ...r.spec.pools, vlan: { start: 1500, end: 2999 } } }) : r,
  );
  const before = compile(groupResources(lab()));
  const result = compile(groupResources(resources), { previous: before.allocations });
  const spine = explainSwitch(result, 'spine1');
  assert.ok(spine);
  assert.match(spine.ports[0] ?? '', /^Ethernet0 fabric -> leaf1\/Ethernet48 10\.254\.0\.\d+\/31$/);
  const leaf1 = explainSwitch(result, 'leaf1');
  assert.ok(leaf1);
  assert.ok(leaf1.diagnostics.length > 0);
  assert.ok(leaf1.diagnostics.every((d) => d.path === 'Switch leaf1' && d.code === 'WF502'), JSON.stringify(leaf1.diagnostics));
  assert.ok(leaf1.vlans.every((v) => Number(/^Vlan(\d+)/.exec(v)?.[1]) >= 1500), leaf1.vlans.join('; '));
});
