/**
 * Conformance: every rendered frr.conf must parse with FRR's own `vtysh -C -f` (FRR 8.4, the
 * version the lab and SONiC run). vtysh checks syntax only; the unit tests check meaning.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DeviceIntent } from '#domain';
import { renderFrrConf } from '#render-frr';
import { ALL_DEVICE_FIXTURES, BORDER_FRR, LEAF_EVPN, requireTool, runToolOnText, type ToolResult } from '#testing';

const FRR_FIXTURES = ALL_DEVICE_FIXTURES.filter((device) => device.os === 'sonic' || device.os === 'frr');

function parse(text: string): ToolResult {
  return runToolOnText('vtysh', text, 'frr.conf');
}

test('there are SONiC and FRR fixtures to check', () => {
  assert.deepEqual(
    FRR_FIXTURES.map((device) => device.name),
    ['leaf1', 'leaf3', 'spine1', 'border2'],
  );
});

for (const device of FRR_FIXTURES) {
  test(`frr.conf of ${device.name} parses with vtysh -C`, (t) => {
    if (!requireTool(t, 'vtysh')) return;
    const text = renderFrrConf(device);
    const result = parse(text);
    assert.ok(result.ok, `vtysh rejected frr.conf of ${device.name} (exit ${result.status}):\n${result.output}\n--- frr.conf ---\n${text}`);
  });
}

/** Two peerings into one VRF, hostile descriptions and ConfigTemplate output: the unusual paths. */
const UNUSUAL_LEAF: DeviceIntent = {
  ...LEAF_EVPN,
  description: 'rack 1\nrouter bgp 1',
  vrfs: [
    ...LEAF_EVPN.vrfs.map((vrf) =>
      vrf.name === 'Vrf1' ? { ...vrf, leaks: [...vrf.leaks, { fromVrf: 'Vrf10', prefixes: [], policyName: 'peer-blue-red' }] } : vrf,
    ),
    {
      name: 'Vrf10',
      tableId: 1010,
      description: 'default/red',
      owner: { vpc: 'default/red' },
      rd: '10.0.0.11:5010',
      routeTargets: { import: [], export: [] },
      leaks: [],
      neighbors: [
        {
          address: '192.0.2.5',
          asn: 64500,
          description: 'peer\n exit\n router bgp 1 # !',
          port: 'Ethernet0',
          prefixesIn: ['203.0.113.0/24', '198.51.100.7/32'],
          prefixesOut: [],
          policyName: 'ext-red',
        },
      ],
    },
  ],
  bgp: { ...LEAF_EVPN.bgp, neighbors: LEAF_EVPN.bgp.neighbors.map((neighbor) => ({ ...neighbor, description: `${neighbor.description}\r\nexit` })) },
  templates: [
    { template: 'syslog', target: 'frr', text: 'log syslog debugging\n' },
    { template: 'custom-filter', target: 'frr', text: 'ip prefix-list custom seq 5 permit 10.0.0.0/8\nroute-map custom permit 10\n match ip address prefix-list custom\nexit\n' },
  ],
};

test('frr.conf with two peerings, an external peer, hostile descriptions and templates parses with vtysh -C', (t) => {
  if (!requireTool(t, 'vtysh')) return;
  const text = renderFrrConf(UNUSUAL_LEAF);
  assert.ok(text.includes('! ConfigTemplate custom-filter\nip prefix-list custom seq 5 permit 10.0.0.0/8'));
  const result = parse(text);
  assert.ok(result.ok, `vtysh rejected frr.conf of the unusual leaf (exit ${result.status}):\n${result.output}\n--- frr.conf ---\n${text}`);
});

/** Communities on the external session and a static route in a VRF of its own (no L3VNI). */
const COMMUNITY_BORDER: DeviceIntent = {
  ...BORDER_FRR,
  vrfs: [
    ...BORDER_FRR.vrfs.map((vrf) => ({ ...vrf, staticRoutes: [{ prefix: '10.99.0.0/24', nextHops: ['192.0.2.1'] }], neighbors: vrf.neighbors.map((n) => ({ ...n, communityIn: '64496:100', communityOut: '65200:7' })) })),
    { name: 'Vrf12', tableId: 1012, description: 'default/plain', owner: { vpc: 'default/plain' }, rd: '10.0.0.21:5012', routeTargets: { import: [], export: [] }, leaks: [], neighbors: [], staticRoutes: [{ prefix: '10.98.0.0/16', nextHops: ['10.12.0.9', '10.12.0.10'] }] },
  ],
};

test('frr.conf with community route maps on an external session and static routes in VRFs parses with vtysh -C', (t) => {
  if (!requireTool(t, 'vtysh')) return;
  const text = renderFrrConf(COMMUNITY_BORDER);
  assert.ok(text.includes('vrf Vrf12\n ip route 10.98.0.0/16 10.12.0.9\n ip route 10.98.0.0/16 10.12.0.10\nexit-vrf'), text);
  assert.ok(text.includes(' set community 65200:7 additive'));
  const result = parse(text);
  assert.ok(result.ok, `vtysh rejected frr.conf of the community border (exit ${result.status}):\n${result.output}\n--- frr.conf ---\n${text}`);
});

test('vtysh -C rejects a broken line, so the checks above can fail', (t) => {
  if (!requireTool(t, 'vtysh')) return;
  const text = renderFrrConf(LEAF_EVPN);
  const broken = text.replace('  advertise-all-vni\n', '  advertise-all-vnis\n');
  assert.notEqual(broken, text);
  const result = parse(broken);
  assert.equal(result.ok, false, `vtysh accepted a misspelt command:\n${result.output}`);
  assert.match(result.output, /Unknown command.*advertise-all-vnis/);
});
