// GET /api/v1/whoami (who a token is) and GET /api/v1/vpcs/{name}/explain (weft explain through
// the API) on the real service: the store and tokens on an embedded PostgreSQL, the sample fabric.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestService, type TestService } from './support/service.js';

const ADMIN = 'whoami-test-admin-token-0123456789';
let running: TestService;
let base: string;

before(async () => {
  running = await startTestService(ADMIN);
  base = running.service.url;
});

after(() => running.stop());

async function get(path: string, token?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${base}${path}`, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function token(request: Record<string, string>): Promise<string> {
  const response = await fetch(`${base}/api/v1/tokens`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify(request) });
  assert.equal(response.status, 201);
  return ((await response.json()) as { token: string }).token;
}

test('whoami answers the name, role and tenant or switch of the token, never the token itself', async () => {
  assert.deepEqual((await get('/api/v1/whoami', ADMIN)).body, { name: 'admin', role: 'architect' });
  const acme = await token({ name: 'acme-ci', role: 'tenant', tenant: 'acme' });
  assert.deepEqual((await get('/api/v1/whoami', acme)).body, { name: 'acme-ci', role: 'tenant', tenant: 'acme' });
  const viewer = await token({ name: 'sre', role: 'viewer' });
  assert.deepEqual((await get('/api/v1/whoami', viewer)).body, { name: 'sre', role: 'viewer' });
  const agent = await token({ name: 'leaf1-agent', role: 'agent', switch: 'leaf1' });
  const answer = await get('/api/v1/whoami', agent);
  assert.deepEqual(answer.body, { name: 'leaf1-agent', role: 'agent', switch: 'leaf1' });
  assert.ok(!JSON.stringify(answer.body).includes(agent));
});

test('whoami without a token, or with an unknown one, is 401', async () => {
  assert.equal((await get('/api/v1/whoami')).status, 401);
  assert.equal((await get('/api/v1/whoami', 'weft_not-a-token')).body.code, 'unauthenticated');
});

test('explain says which rule chose the isolation and why, with every number, as weft explain does', async () => {
  const { status, body } = await get('/api/v1/vpcs/shop/explain?namespace=globex', ADMIN);
  assert.equal(status, 200);
  assert.equal(body.vpc, 'globex/shop');
  assert.equal(body.isolation, 'evpn-l2vni');
  assert.equal(body.rule, 'l2-only');
  assert.deepEqual(body.trace, [
    'rule legacy-vlan (#1) does not match: tenant globex is not in [legacy]',
    'rule l2-only (#2) matches: label weft.dev/isolation=l2 -> evpn-l2vni',
  ]);
  const subnets = body.subnets as { name: string; vni?: number; vlans: Record<string, number> }[];
  assert.deepEqual(subnets.map((s) => s.name).sort(), ['back', 'front']);
  assert.ok(subnets.every((s) => typeof s.vni === 'number'), 'every L2VNI is shown');
  assert.deepEqual(Object.keys(subnets.find((s) => s.name === 'front')?.vlans ?? {}), ['leaf3']);
});

test("a tenant's explanation keeps the deciding sentence only; another tenant's VPC is 404", async () => {
  const acme = await token({ name: 'acme-explain', role: 'tenant', tenant: 'acme' });
  const own = await get('/api/v1/vpcs/blue/explain', acme);
  assert.equal(own.status, 200);
  assert.deepEqual(own.body.trace, ['no rule matched: policy default evpn-l3vni']);
  assert.ok(!JSON.stringify(own.body).includes('legacy'), 'rules that did not match name other tenants');
  const other = await get('/api/v1/vpcs/shop/explain?namespace=globex', acme);
  assert.equal(other.status, 404);
  assert.equal((await get('/api/v1/vpcs/no-such-vpc/explain', ADMIN)).status, 404);
  assert.equal((await get('/api/v1/vpcs/blue/explain?colour=red', ADMIN)).status, 400);
});
