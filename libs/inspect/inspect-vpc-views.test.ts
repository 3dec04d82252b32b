// `weft inspect vpc/NAME` beyond inspect.test.ts: a VLAN-isolated VPC on the trunk lab (carried
// by leaf4 with its VLANs only, no VRF) and an agent that left MACs out of its report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompileResult } from '#compiler';
import { compileSamples, sampleResources } from '../../test/support/compiled-samples.js';
import { connectionPorts, inspectVpc, type AgentReport, type InspectInput } from './index.js';

function input(result: CompileResult, agents: Readonly<Record<string, AgentReport>>): InspectInput {
  return { devices: result.devices, connections: result.state.resources.connections.flatMap((c) => connectionPorts(c) ?? []), agents: new Map(Object.entries(agents)) };
}

test('vpc/legacy/billing: on leaf3 with its gateway VRF and on leaf4 with its VLANs only, without VNIs', () => {
  const trunk = compileSamples(sampleResources('wiring/trunk-lab.yaml', 'examples/trunk'));
  const billing = inspectVpc(input(trunk, {}), 'legacy/billing');
  assert.equal(billing.vrf, 'Vrf2');
  assert.equal(billing.l3vni, undefined);
  assert.deepEqual(
    billing.switches.map((s) => `${s.switch} ${s.vrf ?? 'no VRF'} ${s.applied} vnis ${s.vnis.length}`),
    ['leaf3 Vrf2 NoReport vnis 0', 'leaf4 no VRF NoReport vnis 0'],
  );
  assert.deepEqual(billing.problems, ['leaf3: its agent has not reported', 'leaf4: its agent has not reported']);
});

test('vpc/blue says how many MACs an agent left out of its report', () => {
  const lab = compileSamples(sampleResources('wiring/lab.yaml', 'examples/lab'));
  const leaf1: AgentReport = { generation: 3, status: { appliedGeneration: 3, evpnMacs: [], evpnMacsOmitted: 40 } };
  const blue = inspectVpc(input(lab, { leaf1 }), 'default/blue');
  assert.deepEqual(
    blue.switches.map((s) => `${s.switch} ${String(s.macsOmitted)}`),
    ['border1 undefined', 'leaf1 40', 'leaf2 undefined', 'leaf3 undefined', 'leaf4 undefined'],
  );
});
