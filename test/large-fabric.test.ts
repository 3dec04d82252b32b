// The default generated fabric (`node dist/wiring/generate.js`), the one the benchmarks compile:
// 4 spines x 128 leaves, 4,096 servers, 2,000 VPCs x 4 subnets and 8,000 attachments. It must
// compile without an error or a warning, or the benchmark numbers measure a failing compile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadAll } from 'js-yaml';
import { compile } from '#compiler';
import { groupResources, parseDocuments } from '#domain';
import { DEFAULT_FABRIC_OPTIONS, generateFabric, planFabric } from '../wiring/generate.js';

test('generateFabric: the default fabric (4 spines, 128 leaves, 4096 servers, 2000 VPCs, 8000 attachments) compiles clean', () => {
  assert.deepEqual(DEFAULT_FABRIC_OPTIONS, { spines: 4, leaves: 128, servers: 4096, vpcs: 2000, subnets: 4, attachments: 8000 });
  const layout = planFabric();
  assert.equal(layout.serverPortsPerLeaf, 32);
  assert.equal(layout.tenants, 100);
  const text = generateFabric();
  assert.match(text, /^ {2}fabric: \{spine: spine1\/Ethernet0, leaf: leaf1\/Ethernet128\}$/m);
  assert.match(text, /^ {2}fabric: \{spine: spine4\/Ethernet508, leaf: leaf128\/Ethernet140\}$/m);
  const { resources, diagnostics } = parseDocuments(loadAll(text).map((value, index) => ({ value, source: `generated#${index + 1}` })));
  assert.deepEqual(diagnostics, []);
  const set = groupResources(resources);
  assert.deepEqual(
    [set.switches.length, set.servers.length, set.connections.length, set.policies.length, set.vpcs.length, set.attachments.length],
    [132, 4096, 4 * 128 + 4096, 1, 2000, 8000],
  );
  assert.equal(new Set(set.vpcs.map((v) => v.spec.tenant)).size, 100);
  const cidrs = set.vpcs.flatMap((v) => Object.values(v.spec.subnets).map((s) => s.cidr));
  assert.equal(new Set(cidrs).size, 8000, 'no two subnets share a CIDR in the default fabric');
  const result = compile(set);
  assert.deepEqual(result.diagnostics.slice(0, 5), []);
  assert.equal(result.devices.size, 132);
  assert.equal(result.vpcStatus.size, 2000);
});
