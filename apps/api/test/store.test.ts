/**
 * The fabric store against a real PostgreSQL: writes go through the compiler, are persisted
 * with their allocations and audit, survive a restart, and tenants are walled off.
 */
import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { VpcStatus } from '#api';
import type { FabricStore } from '../src/store/fabric-store.js';
import { sampleFabric } from '../src/store/seed.js';
import { StoreError, type Actor, type WriteRequest } from '../src/store/store.types.js';
import { startTestDatabase, type TestDatabase } from './support/postgres.js';
import { openTestStore } from './support/store.js';

const ARCHITECT: Actor = { name: 'admin', role: 'architect' };
const ACME: Actor = { name: 'acme-ci', role: 'tenant', tenant: 'acme' };
const GLOBEX: Actor = { name: 'globex-ci', role: 'tenant', tenant: 'globex' };
const VIEWER: Actor = { name: 'noc', role: 'viewer' };

let pg: TestDatabase;
before(async () => {
  pg = await startTestDatabase();
});
after(async () => {
  await pg.stop();
});

/** The store as the service builds it, on `url`, seeded with the sample fabric; closed when the test ends. */
async function openStore(t: TestContext, url: string): Promise<FabricStore> {
  const opened = await openTestStore(url, { seed: () => sampleFabric() });
  t.after(() => opened.close());
  return opened.store;
}

const vpc = (name: string, tenant: string, cidr: string, namespace = 'default'): unknown => ({
  apiVersion: 'vpc.weft.dev/v1alpha1',
  kind: 'VPC',
  metadata: { name, namespace },
  spec: { tenant, subnets: { web: { cidr } } },
});

const attachment = (name: string, subnet: string, connection: string): unknown => ({
  apiVersion: 'vpc.weft.dev/v1alpha1',
  kind: 'VPCAttachment',
  metadata: { name, namespace: 'default' },
  spec: { subnet, connection },
});

const write = (action: WriteRequest['action'], kind: string, actor: Actor, body?: unknown, name?: string, dryRun = false): WriteRequest => ({
  action,
  kind,
  actor,
  via: 'rest',
  ...(body === undefined ? {} : { body }),
  ...(name === undefined ? {} : { key: { kind, namespace: 'default', name } }),
  dryRun,
});

async function rejects(promise: Promise<unknown>, code: StoreError['code'], pattern: RegExp): Promise<StoreError> {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof StoreError, `expected a StoreError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    assert.match(e.message, pattern);
    return e;
  }
  assert.fail(`expected a ${code} error`);
}

test('an empty database is seeded with the sample fabric, compiled, with an Agent per switch', async (t) => {
  const { url } = await pg.fresh();
  const store = await openStore(t, url);
  assert.equal(store.list('Switch', {}, VIEWER).length, 7);
  const blue = store.get({ kind: 'VPC', namespace: 'default', name: 'blue' }, VIEWER);
  const status = blue.status as VpcStatus;
  assert.equal(status.isolation, 'evpn-l3vni');
  assert.equal(status.conditions?.find((c) => c.type === 'Accepted')?.status, 'True');
  assert.equal((status.conditions ?? []).find((c) => c.type === 'Ready')?.reason, 'AwaitingAgents');
  const agent = store.agent('leaf1', ARCHITECT);
  assert.equal((agent.spec as { generation: number }).generation, 1);
  assert.match((agent.spec as { frr: string }).frr, /router bgp/);
  // seeding happens once
  const again = await openStore(t, url);
  assert.equal(again.list('VPC', {}, VIEWER).length, store.list('VPC', {}, VIEWER).length);
});

test('a write is validated like weft validate, persisted, audited with its plan, and survives a restart', async (t) => {
  const { url } = await pg.fresh();
  const store = await openStore(t, url);
  const bad = await rejects(store.apply(write('create', 'VPC', ARCHITECT, vpc('red', 'acme', '10.99.0.5/24'))), 'invalid', /host bits/);
  assert.equal(bad.diagnostics[0]?.path, 'VPC default/red spec.subnets.web.cidr');
  await store.apply(write('create', 'VPC', ARCHITECT, vpc('red', 'acme', '10.99.0.0/24')));
  const created = await store.apply(write('create', 'VPCAttachment', ARCHITECT, attachment('red-web-server2', 'red/web', 'server2--leaf1')));
  assert.equal(created.dryRun, false);
  assert.deepEqual(
    created.plan.map((p) => p.device),
    ['leaf1'],
  );
  assert.ok(created.plan[0]?.files.some((f) => f.file === 'config_db.json' && f.lines.some((l) => l.startsWith('+ VLAN|Vlan'))));
  const red = store.get({ kind: 'VPC', namespace: 'default', name: 'red' }, VIEWER);
  const vni = (red.status as VpcStatus).vni;
  assert.ok(vni !== undefined);
  // restart: same objects, same numbers
  const restarted = await openStore(t, url);
  const again = restarted.get({ kind: 'VPC', namespace: 'default', name: 'red' }, VIEWER);
  assert.equal((again.status as VpcStatus).vni, vni);
  assert.equal(again.metadata.uid, red.metadata.uid);
  assert.deepEqual(restarted.compiled.allocations.vpcs, store.compiled.allocations.vpcs);
  const audit = await restarted.audit({ kind: 'VPCAttachment', name: 'red-web-server2' }, ARCHITECT);
  assert.equal(audit.length, 1);
  assert.equal(audit[0]?.actor, 'admin');
  const plans = audit.flatMap((entry) => entry.plan ?? []);
  assert.equal(plans[0]?.device, 'leaf1');
});

test('dryRun returns the plan and stores nothing', async (t) => {
  const { url, db } = await pg.fresh();
  const store = await openStore(t, url);
  const result = await store.apply(write('create', 'VPCAttachment', ARCHITECT, attachment('probe', 'blue/db', 'server2--leaf1'), undefined, true));
  assert.equal(result.dryRun, true);
  assert.ok(result.plan.some((p) => p.device === 'leaf1'));
  await rejects(Promise.resolve().then(() => store.get({ kind: 'VPCAttachment', namespace: 'default', name: 'probe' }, VIEWER)), 'not-found', /not found/);
  const rows = await db.query('SELECT 1 FROM resources WHERE name = $1', ['probe']);
  assert.equal(rows.rowCount, 0);
});

test('a VPC keeps its tenant: a replace that moves it to another tenant is refused naming spec.tenant, and nothing changes', async (t) => {
  const { url } = await pg.fresh();
  const store = await openStore(t, url);
  await store.apply(write('create', 'VPC', ARCHITECT, vpc('teal', 'acme', '10.98.0.0/24')));
  const before = store.get({ kind: 'VPC', namespace: 'default', name: 'teal' }, ARCHITECT);
  const refused = await rejects(store.apply(write('replace', 'VPC', ARCHITECT, vpc('teal', 'globex', '10.98.0.0/24'), 'teal')), 'invalid', /tenant of a VPC cannot change/);
  assert.deepEqual(
    refused.diagnostics.map((d) => [d.code, d.path]),
    [['WF107', 'VPC default/teal spec.tenant']],
  );
  const after = store.get({ kind: 'VPC', namespace: 'default', name: 'teal' }, ARCHITECT);
  assert.equal((after.spec as { tenant: string }).tenant, 'acme');
  assert.equal(after.metadata.resourceVersion, before.metadata.resourceVersion);
  // the same replace with the tenant unchanged goes through
  await store.apply(write('replace', 'VPC', ARCHITECT, vpc('teal', 'acme', '10.98.1.0/24'), 'teal'));
});

test('tenants are walled off: invisible objects are 404, nothing is created on another tenant\'s behalf', async (t) => {
  const { url } = await pg.fresh();
  const store = await openStore(t, url);
  await rejects(store.apply(write('create', 'VPC', ACME, vpc('evil', 'globex', '10.98.0.0/24'))), 'forbidden', /tenant acme cannot create or change a VPC of tenant globex/);
  await store.apply(write('create', 'VPC', GLOBEX, vpc('gx', 'globex', '10.98.0.0/24')));
  await rejects(Promise.resolve().then(() => store.get({ kind: 'VPC', namespace: 'default', name: 'gx' }, ACME)), 'not-found', /not found/);
  assert.ok(!store.list('VPC', {}, ACME).some((v) => v.metadata.name === 'gx'));
  assert.ok(store.list('VPC', {}, ACME).every((v) => (v.spec as { tenant: string }).tenant === 'acme'));
  const sneaky = await rejects(store.apply(write('create', 'VPCAttachment', ACME, attachment('sneaky', 'gx/web', 'server2--leaf1'))), 'invalid', /no valid VPC default\/gx/);
  assert.equal(sneaky.diagnostics[0]?.code, 'WF305');
  await rejects(store.apply(write('delete', 'VPC', ACME, undefined, 'gx')), 'not-found', /not found/);
  await rejects(store.apply(write('create', 'Switch', ACME, { metadata: { name: 'x' }, spec: { role: 'leaf', os: 'sonic' } })), 'forbidden', /architecture team/);
  await rejects(store.apply(write('create', 'VPC', VIEWER, vpc('v', 'acme', '10.97.0.0/24'))), 'forbidden', /viewer/);
  const acmeAudit = await store.audit({}, ACME);
  assert.ok(acmeAudit.every((e) => e.tenant === 'acme'));
});

test('a VPC in use cannot be deleted; once free, its VNIs are quarantined and persisted', async (t) => {
  const { url, db } = await pg.fresh();
  const store = await openStore(t, url);
  await store.apply(write('create', 'VPC', ARCHITECT, vpc('temp', 'acme', '10.96.0.0/24')));
  await store.apply(write('create', 'VPCAttachment', ARCHITECT, attachment('temp-web', 'temp/web', 'server2--leaf1')));
  const vni = store.compiled.allocations.vpcs['default/temp']?.vni;
  assert.ok(vni !== undefined);
  await rejects(store.apply(write('delete', 'VPC', ARCHITECT, undefined, 'temp')), 'conflict', /still in use/);
  await store.apply(write('delete', 'VPCAttachment', ARCHITECT, undefined, 'temp-web'));
  await store.apply(write('delete', 'VPC', ARCHITECT, undefined, 'temp'));
  assert.ok(store.compiled.allocations.quarantine.some((q) => q.value === vni));
  const rows = await db.query<{ vni: number }>('SELECT vni FROM vni_quarantine');
  assert.ok(rows.rows.some((r) => r.vni === vni));
  // a new VPC does not get the quarantined VNI
  await store.apply(write('create', 'VPC', ARCHITECT, vpc('next', 'acme', '10.95.0.0/24')));
  const next = store.compiled.allocations.vpcs['default/next'];
  assert.notEqual(next?.vni, vni);
  assert.ok(Object.values(next?.subnets ?? {}).every((s) => s.vni !== vni));
});

test('hundreds of concurrent creates: each succeeds or fails clearly, and every number has one owner', async (t) => {
  const { url, db } = await pg.fresh();
  const store = await openStore(t, url);
  const requests = Array.from({ length: 300 }, (_, i) =>
    store
      .apply(write('create', 'VPC', ARCHITECT, vpc(`c${i}`, `t${i % 30}`, `10.${100 + Math.floor(i / 250)}.${i % 250}.0/24`)))
      .then(() => 'ok' as const)
      .catch((e: unknown) => (e instanceof StoreError ? e.code : 'crash')),
  );
  const duplicate = store.apply(write('create', 'VPC', ARCHITECT, vpc('c1', 'x', '10.200.0.0/24'))).catch((e: unknown) => (e instanceof StoreError ? e.code : 'crash'));
  const outcomes = await Promise.all(requests);
  assert.deepEqual([...new Set(outcomes)], ['ok']);
  assert.equal(await duplicate, 'conflict');
  const vnis = await db.query<{ n: string; d: string }>('SELECT count(*) AS n, count(DISTINCT vni) AS d FROM vni_owners');
  assert.equal(vnis.rows[0]?.n, vnis.rows[0]?.d);
  const vrfs = await db.query<{ n: string }>('SELECT count(*) AS n FROM vrf_owners');
  assert.ok(Number(vrfs.rows[0]?.n) >= 300);
  const inMemory = Object.values(store.compiled.allocations.vpcs).flatMap((v) => [v.vni, ...Object.values(v.subnets).map((s) => s.vni)]).filter((x) => x !== undefined);
  assert.equal(new Set(inMemory).size, inMemory.length);
});

test('an agent status report shows on the Agent and makes VPCs Ready', async (t) => {
  const { url } = await pg.fresh();
  const store = await openStore(t, url);
  const blue = store.get({ kind: 'VPC', namespace: 'default', name: 'blue' }, VIEWER);
  const switches = (blue.status as VpcStatus).switches ?? [];
  assert.ok(switches.length > 0);
  const leafAgent: Actor = { name: 'agent-x', role: 'agent', switch: switches[0] ?? '' };
  await rejects(store.reportStatus('spine1', { appliedGeneration: 1 }, leafAgent), 'forbidden', /not spine1/);
  for (const sw of switches) {
    const generation = (store.agent(sw, ARCHITECT).spec as { generation: number }).generation;
    await store.reportStatus(sw, { appliedGeneration: generation, bgpNeighbors: [{ peer: 'Ethernet48', state: 'Established' }] }, { name: `agent-${sw}`, role: 'agent', switch: sw });
  }
  const ready = store.get({ kind: 'VPC', namespace: 'default', name: 'blue' }, VIEWER).status as VpcStatus;
  assert.equal(ready.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
  const agent = store.agent(switches[0] ?? '', ARCHITECT);
  assert.equal((agent.status as { bgpNeighbors: { state: string }[] }).bgpNeighbors[0]?.state, 'Established');
  // the switch shows it too
  const sw = store.get({ kind: 'Switch', name: switches[0] ?? '' }, VIEWER).status as { appliedGeneration: number; conditions: { type: string; status: string }[] };
  assert.equal(sw.conditions.find((c) => c.type === 'Applied')?.status, 'True');
  assert.equal(sw.appliedGeneration, (agent.spec as { generation: number }).generation);
  const other = store.get({ kind: 'Switch', name: 'spine1' }, VIEWER).status as { conditions: { type: string; reason: string }[] };
  assert.equal(other.conditions.find((c) => c.type === 'Applied')?.reason, 'NoReport');
});

test('writes that arrive together: every switch any of them changed gets a new generation, so a reopened store changes none', async (t) => {
  const { url } = await pg.fresh();
  const opened = await openTestStore(url);
  t.after(() => opened.close());
  const { store } = opened;
  const wiring = 'wiring.weft.dev/v1alpha1';
  const docs = [
    { apiVersion: wiring, kind: 'Switch', metadata: { name: 'spine1' }, spec: { role: 'spine', os: 'sonic' } },
    { apiVersion: wiring, kind: 'Switch', metadata: { name: 'leaf1' }, spec: { role: 'leaf', os: 'sonic' } },
    { apiVersion: wiring, kind: 'Switch', metadata: { name: 'leaf2' }, spec: { role: 'leaf', os: 'sonic' } },
    { apiVersion: wiring, kind: 'Server', metadata: { name: 'srv1' }, spec: {} },
    { apiVersion: wiring, kind: 'Server', metadata: { name: 'srv2' }, spec: {} },
    { apiVersion: wiring, kind: 'Connection', metadata: { name: 'spine1--leaf1' }, spec: { fabric: { spine: 'spine1/Ethernet0', leaf: 'leaf1/Ethernet48' } } },
    { apiVersion: wiring, kind: 'Connection', metadata: { name: 'spine1--leaf2' }, spec: { fabric: { spine: 'spine1/Ethernet4', leaf: 'leaf2/Ethernet48' } } },
    { apiVersion: wiring, kind: 'Connection', metadata: { name: 'srv1--leaf1' }, spec: { unbundled: { server: 'srv1/eth0', switch: 'leaf1/Ethernet0' } } },
    { apiVersion: wiring, kind: 'Connection', metadata: { name: 'srv2--leaf2' }, spec: { unbundled: { server: 'srv2/eth0', switch: 'leaf2/Ethernet0' } } },
    vpc('v1', 'acme', '10.31.1.0/24'),
    attachment('a1', 'v1/web', 'srv1--leaf1'),
  ] as { kind: string }[];
  // one batch; a later write of it (the server connection) rebuilds leaf1 only, an earlier one spine1 too
  await Promise.all(docs.map((d) => store.apply(write('create', d.kind, ARCHITECT, d))));
  const generations = (s: FabricStore): Record<string, number> => Object.fromEntries(s.listAgents(ARCHITECT).map((a) => [a.metadata.name, (a.spec as { generation: number }).generation]));
  const before = generations(store);
  assert.deepEqual(Object.keys(before).sort(), ['leaf1', 'leaf2', 'spine1']);
  const reopened = await openTestStore(url);
  t.after(() => reopened.close());
  assert.deepEqual(generations(reopened.store), before, 'the desired state each agent was given is what a fresh compile gives');
});
