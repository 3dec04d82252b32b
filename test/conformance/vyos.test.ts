/**
 * The VyOS renderer's output checked by tools/vyos-validate, which rebuilds VyOS's own CLI
 * schema (vyos-1x interface definitions) and checks every path and value like `set` would.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DeviceIntent, VrfIntent } from '#domain';
import { renderVyosSet } from '#render-vyos';
import { BORDER_VYOS, BORDER_VYOS_PEERED, requireTool, runToolOnText, type ToolResult } from '#testing';

const STRICT = ['--strict', '--interfaces', 'eth0,eth1,eth3'];

/** Valid, every set line checked, no warning ("invalid" contains "valid": the whole verdict counts). */
function assertValid(result: ToolResult, text: string): void {
  assert.ok(result.ok, `vyos-validate rejected the output (exit ${String(result.status)}):\n${result.output}\n--- input ---\n${text}`);
  const lines = text.split('\n').filter((line) => line.startsWith('set ')).length;
  assert.ok(lines > 0);
  assert.equal(result.output, `valid\n(${lines} config lines checked, 0 warning(s))\n`);
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

test('vyos-validate --strict accepts a border with leaks, an L2VNI and ConfigTemplates (the render-vyos tests\' BORDER_VYOS_PEERED)', (t) => {
  if (!requireTool(t, 'vyos-validate')) return;
  const text = renderVyosSet(BORDER_VYOS_PEERED);
  assertValid(runToolOnText('vyos-validate', text, 'border.set', STRICT), text);
});

test('vyos-validate --strict accepts a neighbour whose import list is empty (a deny-all prefix list)', (t) => {
  if (!requireTool(t, 'vyos-validate')) return;
  const vrfs: VrfIntent[] = BORDER_VYOS.vrfs.map((vrf) => ({ ...vrf, neighbors: vrf.neighbors.map((neighbor) => ({ ...neighbor, prefixesIn: [] })) }));
  const text = renderVyosSet({ ...BORDER_VYOS, vrfs });
  assert.ok(text.includes("weft-ext-internet-in rule 10 action 'deny'"));
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
