/**
 * The VyOS renderer's output checked by tools/vyos-validate, which rebuilds VyOS's own CLI
 * schema (vyos-1x interface definitions) and checks every path and value like `set` would.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DeviceIntent, VrfIntent } from '#domain';
import { renderVyosSet } from '#render-vyos';
import { BORDER_VYOS, requireTool, runToolOnText, type ToolResult } from '#testing';

const STRICT = ['--strict', '--interfaces', 'eth0,eth1,eth3'];

function assertValid(result: ToolResult, text: string): void {
  assert.ok(result.ok, `vyos-validate rejected the output (exit ${String(result.status)}):\n${result.output}\n--- input ---\n${text}`);
  assert.match(result.output, /valid/);
}

/** The border with a peered tenant VRF, an L2VNI and a ConfigTemplate: every feature at once. */
function fullBorder(): DeviceIntent {
  const [external] = BORDER_VYOS.vrfs;
  assert.ok(external);
  const tenant: VrfIntent = {
    name: 'Vrf1',
    tableId: 1001,
    description: 'default/blue',
    owner: { vpc: 'default/blue' },
    l3vni: 20001,
    rd: '10.0.0.21:5001',
    routeTargets: { import: ['65000:20001'], export: ['65000:20001'] },
    leaks: [{ fromVrf: 'Vrf9', prefixes: ['0.0.0.0/0'], policyName: 'leak-blue-internet' }],
    neighbors: [],
  };
  return {
    ...BORDER_VYOS,
    vrfs: [{ ...external, leaks: [{ fromVrf: 'Vrf1', prefixes: ['10.1.0.0/24'], policyName: 'leak-internet-blue' }] }, tenant],
    bgp: { ...BORDER_VYOS.bgp, l2vnis: [{ vni: 10000, vlan: 1000, rd: '10.0.0.21:1000', routeTargets: { import: ['65000:10000'], export: ['65000:10000'] } }] },
    templates: [{ template: 'ntp', target: 'vyos', text: 'set service ntp server 192.0.2.123\n' }],
  };
}

function withDescriptions(device: DeviceIntent, text: string): DeviceIntent {
  return {
    ...device,
    ports: device.ports.map((port) => ({ ...port, description: text })),
    vrfs: device.vrfs.map((vrf) => ({ ...vrf, description: text, neighbors: vrf.neighbors.map((neighbor) => ({ ...neighbor, description: text })) })),
    bgp: { ...device.bgp, neighbors: device.bgp.neighbors.map((neighbor) => ({ ...neighbor, description: text })) },
  };
}

test('vyos-validate --strict accepts the rendered BORDER_VYOS', (t) => {
  if (!requireTool(t, 'vyos-validate')) return;
  const text = renderVyosSet(BORDER_VYOS);
  assertValid(runToolOnText('vyos-validate', text, 'border.set', STRICT), text);
});

test('vyos-validate --strict accepts a border with leaks, an L2VNI and a ConfigTemplate', (t) => {
  if (!requireTool(t, 'vyos-validate')) return;
  const text = renderVyosSet(fullBorder());
  assertValid(runToolOnText('vyos-validate', text, 'border.set', STRICT), text);
});

test('vyos-validate --strict accepts the output when descriptions try to inject commands', (t) => {
  if (!requireTool(t, 'vyos-validate')) return;
  const hostile = [
    "'; set system login user evil authentication plaintext-password x",
    'uplink\nset system login user evil authentication plaintext-password x',
    'quotes " and \\ backslashes \\\' and $(reboot) `id` ; | &',
    'x'.repeat(400),
  ];
  for (const description of hostile) {
    const text = renderVyosSet(withDescriptions(BORDER_VYOS, description));
    assertValid(runToolOnText('vyos-validate', text, 'border.set', STRICT), text);
  }
});

test('vyos-validate rejects a VyOS 1.3 `protocols bgp <asn>` line: the check can fail', (t) => {
  if (!requireTool(t, 'vyos-validate')) return;
  const text = `${renderVyosSet(BORDER_VYOS)}set protocols bgp 65200 neighbor 10.254.1.0 remote-as '65100'\n`;
  const result = runToolOnText('vyos-validate', text, 'border.set', STRICT);
  assert.equal(result.ok, false, `expected a rejection:\n${result.output}`);
  assert.equal(result.status, 1);
  assert.match(result.output, /VyOS 1\.3 syntax/);
});
