// Several replicas on one PostgreSQL, as an operator runs them behind a load balancer: two real
// `weft serve` processes on one database (an embedded PostgreSQL this test starts). They migrate
// and seed once between them; a write on one is read on the other (the change feed: LISTEN/NOTIFY
// and catch-up by version, the lag printed, not asserted); concurrent writes on both never give a
// number two owners and both replicas end with the same numbers; event streams on each replica
// carry the other's changes, agents' reports included; a quarantine released on one is released
// on the other; and a replica killed -9 in the middle of writes loses none it acknowledged.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { VpcStatus } from '#api';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres.js';
import { openStream } from './support/event-stream.js';
import { call } from './support/http-client.js';
import { sqlClient, type SqlClient } from './support/postgres.js';
import { spawnWeftServe, type WeftProcess } from './support/weft-process.js';

const ADMIN = 'replicas-admin-token-0123456789';

interface Vpc {
  readonly metadata: { readonly name: string; readonly resourceVersion: string };
  readonly status?: VpcStatus;
}

/** Polls `check` every 20 ms until it holds; fails with `what` after a generous 30 s. Returns how long it took. */
async function until(what: string, check: () => Promise<boolean> | boolean): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (await check()) return performance.now() - started;
    if (performance.now() - started > 30_000) assert.fail(`${what} never happened`);
    await sleep(20);
  }
}

const vpc = (name: string, third: number, tenant = 'acme'): unknown => ({
  metadata: { name },
  spec: { tenant, subnets: { a: { cidr: `10.${150 + Math.floor(third / 250)}.${third % 250}.0/24` }, b: { cidr: `10.${170 + Math.floor(third / 250)}.${third % 250}.0/24` } } },
});

async function vpcsOf(replica: WeftProcess): Promise<Map<string, string>> {
  const reply = await call<{ items: Vpc[] }>(replica.base, ADMIN, 'GET', '/api/v1/vpcs');
  assert.equal(reply.status, 200);
  return new Map(reply.body.items.map((item) => [item.metadata.name, JSON.stringify({ rv: item.metadata.resourceVersion, vni: item.status?.vni, vrf: item.status?.vrf, subnets: item.status?.subnets })]));
}

function same(a: Map<string, string>, b: Map<string, string>): boolean {
  return a.size === b.size && [...a].every(([key, value]) => b.get(key) === value);
}

async function poolUsed(replica: WeftProcess, pool: string): Promise<number> {
  const text = (await call(replica.base, ADMIN, 'GET', '/metrics')).text;
  const line = text.split('\n').find((l) => l.startsWith(`weft_pool_used{pool="${pool}"}`));
  return Number(line?.split(' ')[1]);
}

async function noDoubleOwners(db: SqlClient): Promise<void> {
  const vnis = await db.query<{ n: string; d: string }>('SELECT count(*) AS n, count(DISTINCT vni) AS d FROM vni_owners');
  assert.equal(vnis.rows[0]?.n, vnis.rows[0]?.d);
  const vlans = await db.query<{ n: string; d: string }>("SELECT count(*) AS n, count(DISTINCT switch || '/' || vlan) AS d FROM vlan_owners");
  assert.equal(vlans.rows[0]?.n, vlans.rows[0]?.d);
  // every stored VPC has its numbers: no half-written batch
  const orphans = await db.query("SELECT name FROM resources r WHERE kind = 'VPC' AND NOT EXISTS (SELECT 1 FROM vrf_owners v WHERE v.owner = r.namespace || '/' || r.name)");
  assert.deepEqual(orphans.rows, []);
}

async function startReplica(t: TestContext, url: string): Promise<WeftProcess> {
  return spawnWeftServe(t, { DATABASE_URL: url, WEFT_ADMIN_TOKEN: ADMIN, LOG_LEVEL: 'warn' });
}

test('two weft serve replicas on one PostgreSQL', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'wd-replicas-'));
  const postgres = await startEmbeddedPostgres(dir);
  const db = sqlClient(postgres.url);
  t.after(async () => {
    await db.close();
    await postgres.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  // both start at once on an empty database: one migrates and seeds, the other waits and reads
  const [a, b] = await Promise.all([startReplica(t, postgres.url), startReplica(t, postgres.url)]);

  await t.test('they migrate and seed once between them, and serve the same fabric', async () => {
    const seeded = await db.query<{ n: string }>("SELECT count(*) AS n FROM audit WHERE via = 'system'");
    const objects = await db.query<{ n: string }>('SELECT count(*) AS n FROM resources');
    assert.equal(seeded.rows[0]?.n, objects.rows[0]?.n, 'each sample object seeded once');
    assert.ok(same(await vpcsOf(a), await vpcsOf(b)));
  });

  await t.test('a write on A is read on B, and B\'s event stream carries it', async (st) => {
    const stream = await openStream(b.base, ADMIN, '/api/v1/events?kind=VPC');
    st.after(() => {
      stream.close();
    });
    const created = await call<Vpc>(a.base, ADMIN, 'POST', '/api/v1/vpcs', vpc('from-a', 1));
    assert.equal(created.status, 201, created.text);
    const lag = await until('the VPC written on A read on B', async () => (await call(b.base, ADMIN, 'GET', '/api/v1/vpcs/from-a')).status === 200);
    st.diagnostic(`read on B ${lag.toFixed(0)} ms after A answered the write`);
    const event = await stream.next();
    assert.equal(event.type, 'ADDED');
    assert.equal(event.object.metadata.name, 'from-a');
    const onB = await call<Vpc>(b.base, ADMIN, 'GET', '/api/v1/vpcs/from-a');
    assert.deepEqual(onB.body.status?.vni, created.body.status?.vni, 'the numbers A allocated');
    // and back: a write on B that depends on A's (an attachment to A's VPC)
    const attached = await call(b.base, ADMIN, 'POST', '/api/v1/vpc-attachments', { metadata: { name: 'from-a-at' }, spec: { subnet: 'from-a/a', connection: 'server1--leaf1' } });
    assert.equal(attached.status, 201, attached.text);
  });

  await t.test('concurrent writes on both: every write answered, no number with two owners, both replicas end with the same numbers', async () => {
    const writes = Array.from({ length: 80 }, (_, i) => call<Vpc>(i % 2 === 0 ? a.base : b.base, ADMIN, 'POST', '/api/v1/vpcs', vpc(`both-${i}`, 10 + i, `tenant-${i % 5}`)));
    // one name on both at once: one of them wins
    const contested = [call(a.base, ADMIN, 'POST', '/api/v1/vpcs', vpc('contested', 200)), call(b.base, ADMIN, 'POST', '/api/v1/vpcs', vpc('contested', 201))];
    const answers = await Promise.all(writes);
    for (const answer of answers) assert.equal(answer.status, 201, answer.text);
    assert.deepEqual((await Promise.all(contested)).map((r) => r.status).sort(), [201, 409]);
    // attachments on both, to the same leaves
    const connections = ['server1--leaf1', 'server2--leaf1', 'server3--leaf2', 'server4--leaf3'];
    const attachments = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        call(i % 2 === 0 ? b.base : a.base, ADMIN, 'POST', '/api/v1/vpc-attachments', { metadata: { name: `both-${i}-at` }, spec: { subnet: `both-${i}/a`, connection: connections[i % connections.length] } }),
      ),
    );
    for (const answer of attachments) assert.equal(answer.status, 201, answer.text);
    await noDoubleOwners(db);
    await until('both replicas show the same VPCs with the same numbers', async () => same(await vpcsOf(a), await vpcsOf(b)));
    const vnis = [...(await vpcsOf(a)).values()].map((v) => (JSON.parse(v) as { vni?: number }).vni).filter((v) => v !== undefined);
    assert.equal(new Set(vnis).size, vnis.length, 'one VPC per VNI');
  });

  await t.test('an agent\'s report on A reaches B\'s streams and status; a quarantine A releases is released on B', async (st) => {
    const stream = await openStream(b.base, ADMIN, '/api/v1/events?kind=Switch');
    st.after(() => {
      stream.close();
    });
    // a VPC deleted on B: its VNIs are quarantined (still counted as used), on both
    const vniBefore = await poolUsed(a, 'vni');
    assert.equal((await call(b.base, ADMIN, 'DELETE', '/api/v1/vpcs/both-79')).status, 200);
    await until('A knows of the deletion', async () => (await call(a.base, ADMIN, 'GET', '/api/v1/vpcs/both-79')).status === 404);
    const quarantined = Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM vni_quarantine')).rows[0]?.n);
    assert.ok(quarantined > 0);
    assert.equal(await poolUsed(a, 'vni'), vniBefore);
    const agents = (await call<{ items: { metadata: { name: string }; spec: { generation: number } }[] }>(a.base, ADMIN, 'GET', '/api/v1/agents')).body.items;
    for (const agent of agents) {
      const reported = await call(a.base, ADMIN, 'PUT', `/api/v1/agents/${agent.metadata.name}/status`, { appliedGeneration: agent.spec.generation });
      assert.equal(reported.status, 200, reported.text);
    }
    const event = await stream.next();
    assert.equal(event.type, 'MODIFIED');
    await until('B shows the switches applied', async () => {
      const sw = await call<{ status: { conditions: { type: string; status: string }[] } }>(b.base, ADMIN, 'GET', '/api/v1/switches/leaf1');
      return sw.body.status.conditions.some((c) => c.type === 'Applied' && c.status === 'True');
    });
    // every switch runs its current state, so none holds a freed VNI: the quarantine is released, and B's pools follow
    const released = vniBefore - quarantined;
    await until('A released the quarantined VNIs', async () => (await poolUsed(a, 'vni')) === released);
    await until('B released them too', async () => (await poolUsed(b, 'vni')) === released);
    assert.deepEqual((await db.query('SELECT vni FROM vni_quarantine')).rows, []);
  });

  await t.test('A killed -9 in the middle of writes: every write it acknowledged is on B, B goes on, a new A catches up', async () => {
    const acknowledged: string[] = [];
    let stop = false;
    const writers = Array.from({ length: 6 }, async (_, w) => {
      for (let i = 0; !stop; i++) {
        const name = `kill-${w}-${i}`;
        try {
          const reply = await call(a.base, ADMIN, 'POST', '/api/v1/vpcs', vpc(name, 300 + w * 60 + i, `kill-${w}`));
          if (reply.status === 201) acknowledged.push(name);
        } catch {
          return; // the connection died with the process
        }
      }
    });
    await until('writes acknowledged on A', () => acknowledged.length >= 12);
    a.child.kill('SIGKILL');
    await a.exited;
    stop = true;
    await Promise.all(writers);
    await until('B reads every write A acknowledged', async () => {
      const onB = await vpcsOf(b);
      return acknowledged.every((name) => onB.has(name));
    });
    await noDoubleOwners(db);
    // B takes writes on its own
    assert.equal((await call(b.base, ADMIN, 'POST', '/api/v1/vpcs', vpc('after-kill', 499))).status, 201);
    // a new A starts on the same database and serves what B has
    const again = await startReplica(t, postgres.url);
    await until('the new A and B agree', async () => same(await vpcsOf(again), await vpcsOf(b)));
    const stored = await db.query<{ n: string }>("SELECT count(*) AS n FROM resources WHERE kind = 'VPC'");
    assert.equal((await vpcsOf(b)).size, Number(stored.rows[0]?.n), 'what B serves is what is stored');
  });
});
