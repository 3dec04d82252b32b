// DHCP leases through the service, on two replicas sharing one real PostgreSQL (in-process apps,
// as `weft serve` builds them): Weft's DHCP adapter (an architect token) reports the leases of a
// VPC on replica A; the VPC's tenant reads them in its status on replica B (the change feed) and
// hears a MODIFIED event there; another tenant neither reads them nor hears of them; a tenant
// cannot report; bad reports are 400 naming the VPC and field, and leave the last report as it
// was; a report survives a restart of the service.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { VpcStatus } from '#api';
import type { Actor, StoreEvent } from '../src/store/store.types.js';
import { startStoreApp, type StoreApp } from './support/app.js';
import { call } from './support/http-client.js';
import { startTestDatabase, type TestDatabase } from './support/postgres.js';

const ADMIN = 'dhcp-leases-admin-token-0123456789';
const PATH = '/api/v1/vpcs/blue/dhcp-leases';
const LEASE = { ip: '10.10.1.100', mac: '02:00:00:00:00:01', expires: '2026-12-06T13:00:00.000Z', hostname: 'server1' };

interface Vpc {
  readonly status?: VpcStatus;
}
interface Problem {
  readonly code?: string;
  readonly message?: string;
}

let pg: TestDatabase;
let a: StoreApp;
let b: StoreApp;
const tokens = { acme: '', globex: '' };

before(async () => {
  pg = await startTestDatabase();
  a = await startStoreApp(pg.url, { adminToken: ADMIN });
  b = await startStoreApp(pg.url, { adminToken: ADMIN });
  for (const tenant of ['acme', 'globex'] as const) {
    const made = await call<{ token: string }>(a.base, ADMIN, 'POST', '/api/v1/tokens', { name: `${tenant}-ci`, role: 'tenant', tenant });
    assert.equal(made.status, 201);
    tokens[tenant] = made.body.token;
  }
});

after(async () => {
  await a.close();
  await b.close();
  await pg.stop();
});

/** Polls until `check` holds; fails after a generous 30 s (nothing timed is asserted). */
async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > 30_000) assert.fail(`${what} never happened`);
    await sleep(25);
  }
}

function refused(reply: { status: number; body: unknown }, status: number, pattern: RegExp): void {
  assert.equal(reply.status, status, JSON.stringify(reply.body));
  assert.match((reply.body as Problem).message ?? '', pattern);
}

test('bad reports are 400 naming the VPC and the field (never 500), a tenant may not report, and nothing reported is lost', async () => {
  const report = (body: unknown, token = ADMIN, path = PATH): ReturnType<typeof call> => call(a.base, token, 'PUT', path, body);
  assert.equal((await report({ subnets: { web: [LEASE] } })).status, 200);
  refused(await report({ subnets: { web: [{ ...LEASE, mac: 'zz:00' }] } }), 400, /VPC default\/blue dhcp-leases subnets\.web\[0\]\.mac: expected a MAC address/);
  refused(await report({ subnets: { web: [{ ...LEASE, ip: '10.10.1.300' }] } }), 400, /subnets\.web\[0\]\.ip: expected an IPv4 address/);
  refused(await report({ subnets: { web: [{ ...LEASE, ip: '10.99.1.5' }] } }), 400, /subnets\.web\[0\]\.ip: 10\.99\.1\.5 is not in the subnet's 10\.10\.1\.0\/24/);
  refused(await report({ subnets: { web: [{ ...LEASE, expires: 'soon' }] } }), 400, /subnets\.web\[0\]\.expires: expected an RFC 3339 time/);
  refused(await report({ subnets: { web: [{ ...LEASE, hostname: 'a\u0007b' }] } }), 400, /subnets\.web\[0\]\.hostname/);
  refused(await report({ subnets: { nope: [] } }), 400, /VPC default\/blue dhcp-leases subnets\.nope: the VPC has no such subnet/);
  refused(await report({ subnets: { web: 'all of them' } }), 400, /subnets\.web: expected a list of leases/);
  refused(await report([1, 2]), 400, /dhcp-leases subnets: required/);
  refused(await call(a.base, ADMIN, 'PUT', PATH, undefined, '{"subnets": {'), 400, /not valid JSON/);
  const many = Array.from({ length: 8193 }, (_, i) => ({ ip: `10.10.1.${i % 250}`, mac: '02:00:00:00:00:01', expires: '2026-12-06T13:00:00Z' }));
  refused(await report({ subnets: { web: many } }), 400, /dhcp-leases subnets: more than 8192 leases/);
  refused(await call(a.base, ADMIN, 'PUT', PATH, undefined, JSON.stringify({ subnets: { web: [] }, pad: 'x'.repeat(2 * 1024 * 1024) })), 413, /larger than 1048576 bytes/);
  refused(await report({ subnets: {} }, ADMIN, '/api/v1/vpcs/nope/dhcp-leases'), 404, /VPC default\/nope not found/);
  refused(await report({ subnets: { web: [] } }, ADMIN, `${PATH}?color=red`), 400, /color/);
  // tenants: not even the VPC's own may report, nor learn whether another's exists
  refused(await report({ subnets: { web: [] } }, tokens.acme), 403, /role tenant may not report DHCP leases/);
  refused(await report({ subnets: {} }, tokens.globex), 403, /role tenant may not report DHCP leases/);
  refused(await report({ subnets: {} }, tokens.globex, '/api/v1/vpcs/nope/dhcp-leases'), 403, /may not report/);
  refused(await call(a.base, undefined, 'PUT', PATH, { subnets: {} }), 401, /./);
  const seen = await call<Vpc>(a.base, tokens.acme, 'GET', '/api/v1/vpcs/blue');
  assert.deepEqual(seen.body.status?.subnets?.web?.leases, [LEASE], 'the last good report stands');
});

test("a report on replica A shows in the VPC's status on replica B, with a MODIFIED event, for its tenant only; it survives a restart", async () => {
  const acme: Actor = { name: 'acme-watch', role: 'tenant', tenant: 'acme' };
  const globex: Actor = { name: 'globex-watch', role: 'tenant', tenant: 'globex' };
  const heard: { acme: StoreEvent[]; globex: StoreEvent[] } = { acme: [], globex: [] };
  const stops = [b.store.subscribe((e) => heard.acme.push(e), acme), b.store.subscribe((e) => heard.globex.push(e), globex)];
  const lease = { ip: '10.10.1.150', mac: '02:00:00:00:00:2a', expires: '2026-12-06T14:00:00.000Z' };
  const answered = await call<Vpc>(a.base, ADMIN, 'PUT', PATH, { subnets: { web: [LEASE, lease] } });
  assert.equal(answered.status, 200);
  const web = answered.body.status?.subnets?.web;
  assert.ok(web !== undefined);
  assert.deepEqual(web.leases, [LEASE, lease]);
  assert.equal(typeof web.vni, 'number', 'the compiled subnet status stays beside the leases');
  const leasesOnB = async (token: string): Promise<unknown> => (await call<Vpc>(b.base, token, 'GET', '/api/v1/vpcs/blue')).body.status?.subnets?.web?.leases;
  await until('replica B shows the report', async () => JSON.stringify(await leasesOnB(tokens.acme)) === JSON.stringify([LEASE, lease]));
  await until('acme hears of it on B', () =>
    Promise.resolve(heard.acme.some((e) => e.type === 'MODIFIED' && e.object.kind === 'VPC' && e.object.metadata.name === 'blue' && (e.object.status as VpcStatus).subnets?.web?.leases?.length === 2)),
  );
  for (const stop of stops) stop();
  assert.deepEqual(heard.globex.filter((e) => e.object.metadata.name === 'blue'), [], 'globex hears nothing of acme\'s VPC');
  assert.equal((await call(b.base, tokens.globex, 'GET', '/api/v1/vpcs/blue')).status, 404);
  const globexList = await call<{ items: { metadata: { name: string } }[] }>(b.base, tokens.globex, 'GET', '/api/v1/vpcs');
  assert.ok(!globexList.body.items.some((item) => item.metadata.name === 'blue'));
  assert.ok(!JSON.stringify(globexList.body).includes('02:00:00:00:00:2a'), 'no lease of acme in anything globex reads');
  // the report is in the database: a restarted replica reads it
  await b.close();
  b = await startStoreApp(pg.url, { adminToken: ADMIN });
  assert.deepEqual(await leasesOnB(tokens.acme), [LEASE, lease]);
});
