// The VPCs-per-tenant limit at its edge: a tenant with exactly the limit is fine; a recompile
// that adds one more refuses the VPC that comes after the limit in key order (as a full compile
// of the same VPCs does); moving a VPC to another tenant brings the first back under the limit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, recompile, type CompileResult } from '#compiler';
import type { Vpc } from '#domain';
import { policy, resourceSet, smallFabric, vpc } from '../../test/support/builders.js';

const mkcompSay = (r: CompileResult): string[] => r.diagnostics.map((d) => `${d.severity} ${d.code} ${d.path}: ${d.message}`);
const mkcompCompile = (...vpcs: Vpc[]): CompileResult => compile(resourceSet(smallFabric({ spines: 1, leaves: 1, serversPerLeaf: 1 }), policy({ limits: { vpcsPerTenant: 2 } }), vpcs));
const OVER = 'error WF402 VPC default/c spec.tenant: tenant acme has 3 VPCs; FabricPolicy default allows 2 (spec.limits.vpcsPerTenant)';

test('a tenant at its limit, one VPC over it, and back under it by moving a VPC to another tenant', () => {
  const b = vpc('default', 'b', 'acme', { web: '10.1.1.0/24' });
  const c = vpc('default', 'c', 'acme', { web: '10.1.2.0/24' });
  const a = vpc('default', 'a', 'acme', { web: '10.1.3.0/24' });
  const base = mkcompCompile(b, c);
  assert.deepEqual(mkcompSay(base), []);
  const more = recompile(base, { upserts: [a] });
  assert.deepEqual(mkcompSay(more), [OVER]);
  assert.deepEqual(mkcompSay(mkcompCompile(b, c, a)), [OVER]);
  assert.equal(more.vpcStatus.get('default/c')?.conditions?.[0]?.message, OVER.slice('error WF402 '.length));
  assert.equal(more.vpcStatus.get('default/a')?.conditions?.[0]?.status, 'True');
  const moved = recompile(more, { upserts: [vpc('default', 'b', 'globex', { web: '10.1.1.0/24' })] });
  assert.deepEqual(mkcompSay(moved), []);
  assert.equal(moved.vpcStatus.get('default/c')?.conditions?.[0]?.status, 'True');
});
