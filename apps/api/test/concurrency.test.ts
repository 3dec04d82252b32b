// Allocation under concurrency, as clients see it: the real service (`weft serve`'s services on a
// real PostgreSQL) answers hundreds of concurrent writes over ~30 keep-alive HTTP connections.
// Every request succeeds or fails with a clear 400/409 (never a 500), no VNI, VRF or VLAN (per
// switch) has two owners in the database, the service's numbers are the database's, and deleted
// VPCs' VNIs stay in quarantine. The tests run in order: each builds on the state the one before
// left (the VPCs the first creates are attached and deleted by the second).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import type { Socket } from 'node:net';
import type { VpcStatus } from '#api';
import { isUniqueViolation } from '../src/database/database-errors.js';
import type { RunningService } from '../src/main.js';
import type { TestDatabase } from './support/postgres.js';
import { startTestService } from './support/service.js';

const CONNECTIONS = 30;
const ADMIN_TOKEN = 'concurrency-test-admin-token-0123456789';
/** the server connections of wiring/lab.yaml (leaf1..leaf4) */
const SERVER_CONNECTIONS = ['server1--leaf1', 'server2--leaf1', 'server3--leaf2', 'server7--leaf2', 'server4--leaf3', 'server5--leaf3', 'server6--leaf4'];
const LEAVES = ['leaf1', 'leaf2', 'leaf3', 'leaf4'];

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly socket: Socket;
}

interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly diagnostics?: readonly { code: string; path: string; message: string }[];
}

interface VpcObject {
  readonly metadata: { readonly name: string; readonly namespace: string };
  readonly status: VpcStatus;
}

let pg: TestDatabase;
let service: RunningService;
const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });


before(async () => {
  ({ pg, service } = await startTestService(ADMIN_TOKEN));
});

after(async () => {
  agent.destroy();
  await service.stop();
  await pg.stop();
});

/** One request on the shared keep-alive pool (at most CONNECTIONS sockets). */
function send(method: string, path: string, body?: unknown): Promise<Answer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolveAnswer, reject) => {
    const req = request(
      `${service.url}${path}`,
      {
        method,
        agent,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolveAnswer({ status: res.statusCode ?? 0, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>), socket: req.socket as Socket });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function vpc(name: string, tenant: string, cidrs: readonly [string, string]): unknown {
  return {
    apiVersion: 'vpc.weft.dev/v1alpha1',
    kind: 'VPC',
    metadata: { name, namespace: 'default' },
    spec: { tenant, subnets: { a: { cidr: cidrs[0] }, b: { cidr: cidrs[1] } } },
  };
}

function attachment(name: string, subnet: string, connection: string): unknown {
  return { apiVersion: 'vpc.weft.dev/v1alpha1', kind: 'VPCAttachment', metadata: { name, namespace: 'default' }, spec: { subnet, connection } };
}

/** Two distinct /24s per index, none of them used by the sample fabric. */
function cidrsOf(i: number): [string, string] {
  return [`10.${100 + Math.floor((2 * i) / 256)}.${(2 * i) % 256}.0/24`, `10.${100 + Math.floor((2 * i + 1) / 256)}.${(2 * i + 1) % 256}.0/24`];
}

/** The VNIs a VPC holds: its L3VNI and one per subnet. */
function vnisOf(status: VpcStatus): number[] {
  return [status.vni, ...Object.values(status.subnets ?? {}).map((s) => s.vni)].filter((v): v is number => v !== undefined);
}

function count<T>(values: readonly T[], wanted: T): number {
  return values.filter((v) => v === wanted).length;
}

async function rows<R extends Record<string, unknown>>(sql: string, values: unknown[] = []): Promise<R[]> {
  return (await pg.db.query<R>(sql, values)).rows;
}

async function writeBatches(): Promise<number> {
  const metrics = await (await fetch(`${service.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).text();
  const line = metrics.split('\n').find((l) => l.startsWith('weft_write_batch_size_count '));
  return Number(line?.split(' ')[1]);
}

/** Filled by the first test: the VNIs each created VPC got, from its 201 answer. */
const vnisByVpc = new Map<string, number[]>();
const VALID = 250;
const INVALID = 20;
const DUPLICATED_NAMES = 10;
const COPIES = 3;

test('300 concurrent creates over 30 connections: each is a 201, a 400 for a bad CIDR or a 409 for a taken name, never two owners', async () => {
  const batchesBefore = await writeBatches();
  const requests: { kind: 'valid' | 'invalid' | 'duplicate'; name: string; body: unknown }[] = [];
  for (let i = 0; i < VALID; i++) requests.push({ kind: 'valid', name: `v-${i}`, body: vpc(`v-${i}`, `t-${i % 25}`, cidrsOf(i)) });
  for (let i = 0; i < INVALID; i++) {
    // host bits set, or no address at all
    const cidr = i % 2 === 0 ? `10.250.${i}.5/24` : `10.${300 + i}.0.0/24`;
    requests.push({ kind: 'invalid', name: `bad-${i}`, body: vpc(`bad-${i}`, 'bad', [cidr, `10.251.${i}.0/24`]) });
  }
  for (let k = 0; k < DUPLICATED_NAMES; k++) {
    for (let copy = 0; copy < COPIES; copy++) requests.push({ kind: 'duplicate', name: `dup-${k}`, body: vpc(`dup-${k}`, 'dups', cidrsOf(1000 + k * COPIES + copy)) });
  }
  assert.equal(requests.length, 300);
  // valid and invalid writes interleaved; the copies of a name sent back to back, so they land
  // in one write batch (and in one compile of new VPCs) as well as in different ones
  const single = VALID + INVALID;
  const order = Array.from({ length: single }, (_, i) => (i * 7) % single);
  for (let k = DUPLICATED_NAMES - 1; k >= 0; k--) {
    const copies = Array.from({ length: COPIES }, (_, copy) => single + k * COPIES + copy);
    order.splice(k * 27, 0, ...(k % 2 === 0 ? copies : copies.slice(0, 2)));
    if (k % 2 === 1) order.splice(k * 27 + 60, 0, ...copies.slice(2));
  }
  assert.equal(new Set(order).size, requests.length);
  const answers = await Promise.all(order.map((i) => send('POST', '/api/v1/vpcs', requests[i]?.body).then((answer) => ({ request: requests[i]!, answer }))));

  assert.deepEqual([...new Set(answers.map(({ answer }) => answer.status))].sort(), [201, 400, 409]);
  const sockets = new Set(answers.map(({ answer }) => answer.socket));
  assert.equal(sockets.size, CONNECTIONS, 'the requests travelled over 30 connections at once');
  for (const { request: sent, answer } of answers) {
    if (sent.kind === 'valid') {
      assert.equal(answer.status, 201, `${sent.name}: ${JSON.stringify(answer.body)}`);
      const created = answer.body as unknown as VpcObject;
      assert.equal(created.metadata.name, sent.name);
      vnisByVpc.set(sent.name, vnisOf(created.status));
    } else if (sent.kind === 'invalid') {
      assert.equal(answer.status, 400, `${sent.name}: ${JSON.stringify(answer.body)}`);
      const error = answer.body as unknown as ErrorBody;
      assert.equal(error.code, 'invalid');
      assert.equal(error.diagnostics?.[0]?.path, `VPC default/${sent.name} spec.subnets.a.cidr`);
    }
  }
  for (let k = 0; k < DUPLICATED_NAMES; k++) {
    const copies = answers.filter(({ request: sent }) => sent.name === `dup-${k}`).map(({ answer }) => answer);
    const statuses = copies.map((a) => a.status);
    assert.equal(count(statuses, 201), 1, `dup-${k}: exactly one create wins, got ${statuses.join(', ')}`);
    assert.equal(count(statuses, 409), COPIES - 1);
    for (const refused of copies.filter((a) => a.status === 409)) {
      assert.deepEqual(refused.body.code, 'conflict');
      assert.equal(refused.body.message, `VPC default/dup-${k} exists already`);
    }
    const winner = copies.find((a) => a.status === 201)?.body as unknown as VpcObject;
    vnisByVpc.set(`dup-${k}`, vnisOf(winner.status));
  }
  // the writer saw them together: fewer write batches than writes
  assert.ok((await writeBatches()) - batchesBefore < VALID + DUPLICATED_NAMES);

  const created = [...vnisByVpc.values()].flat();
  assert.equal(created.length, (VALID + DUPLICATED_NAMES) * 3, 'an L3VNI and two L2VNIs per VPC');
  assert.equal(new Set(created).size, created.length, 'no VNI was handed to two VPCs');
  const [tally] = await rows<{ n: string; vnis: string; owners: string }>('SELECT count(*) AS n, count(DISTINCT vni) AS vnis, count(DISTINCT owner) AS owners FROM vni_owners');
  assert.equal(tally?.vnis, tally?.n);
  assert.equal(tally?.owners, tally?.n);
  const stored = await rows<{ vni: number }>("SELECT vni FROM vni_owners WHERE owner LIKE 'default/v-%' OR owner LIKE 'default/dup-%'");
  assert.deepEqual(stored.map((r) => r.vni).sort(), [...created].sort());
  assert.equal((await rows("SELECT 1 FROM resources WHERE kind = 'VPC' AND name LIKE 'bad-%'")).length, 0, 'nothing of a refused write is stored');
});

test('200 concurrent attachments mixed with deletes: VLANs per leaf have one owner, the service agrees with the database, deleted VNIs are quarantined', async () => {
  assert.equal(vnisByVpc.size, VALID + DUPLICATED_NAMES, 'the first test created the VPCs');
  const attached = Array.from({ length: 190 }, (_, i) => i);
  const deleted = Array.from({ length: 40 }, (_, i) => 200 + i);
  // a VPC attached and deleted at the same time: one of the two wins, the other is refused
  const raced = Array.from({ length: 10 }, (_, i) => 240 + i);
  const attach = (i: number): Promise<Answer> => send('POST', '/api/v1/vpc-attachments', attachment(`at-${i}`, `v-${i}/${i % 2 === 0 ? 'a' : 'b'}`, SERVER_CONNECTIONS[i % SERVER_CONNECTIONS.length] ?? ''));
  const remove = (i: number): Promise<Answer> => send('DELETE', `/api/v1/vpcs/v-${i}`);
  const work = [
    ...attached.map((i) => ({ what: 'attach', i, answer: attach(i) })),
    ...deleted.map((i) => ({ what: 'delete', i, answer: remove(i) })),
    ...raced.flatMap((i) => [
      { what: 'raced-attach', i, answer: attach(i) },
      { what: 'raced-delete', i, answer: remove(i) },
    ]),
  ];
  const answers = await Promise.all(work.map(async (w) => ({ ...w, answer: await w.answer })));
  assert.equal(answers.filter((a) => a.what.endsWith('attach')).length, 200);

  for (const { what, i, answer } of answers) {
    assert.ok([200, 201, 400, 409].includes(answer.status), `${what} v-${i}: ${answer.status} ${JSON.stringify(answer.body)}`);
    if (what === 'attach') assert.equal(answer.status, 201, `attach v-${i}: ${JSON.stringify(answer.body)}`);
    if (what === 'delete') assert.equal(answer.status, 200, `delete v-${i}: ${JSON.stringify(answer.body)}`);
  }
  const gone = [...deleted];
  for (const i of raced) {
    const attachAnswer = answers.find((a) => a.what === 'raced-attach' && a.i === i)?.answer;
    const deleteAnswer = answers.find((a) => a.what === 'raced-delete' && a.i === i)?.answer;
    const outcome = `${attachAnswer?.status ?? 0}/${deleteAnswer?.status ?? 0}`;
    // attached first: the delete is refused as still in use; deleted first: the attachment names no VPC
    assert.ok(outcome === '201/409' || outcome === '400/200', `v-${i}: attach/delete answered ${outcome}`);
    if (outcome === '201/409') assert.match(String(deleteAnswer?.body.message), new RegExp(`^VPC default/v-${i} is still in use`));
    else {
      assert.equal(attachAnswer?.body.code, 'invalid');
      gone.push(i);
    }
  }

  // no number has two owners: VNIs and VRFs fabric-wide, VLANs per switch
  for (const [table, column] of [
    ['vni_owners', 'vni'],
    ['vrf_owners', 'vrf'],
  ] as const) {
    const [tally] = await rows<{ n: string; numbers: string; owners: string }>(`SELECT count(*) AS n, count(DISTINCT ${column}) AS numbers, count(DISTINCT owner) AS owners FROM ${table}`);
    assert.equal(tally?.numbers, tally?.n, `${table}: a ${column} with two owners`);
    assert.equal(tally?.owners, tally?.n, `${table}: an owner with two numbers`);
  }
  const doubled = await rows('SELECT switch, vlan FROM vlan_owners GROUP BY switch, vlan HAVING count(*) > 1');
  assert.deepEqual(doubled, []);
  const vlansPerLeaf = await rows<{ switch: string; n: string }>('SELECT switch, count(*) AS n FROM vlan_owners GROUP BY switch ORDER BY switch');
  for (const leaf of LEAVES) assert.ok(Number(vlansPerLeaf.find((r) => r.switch === leaf)?.n) >= 40, `${leaf} carries VLANs of the new attachments`);

  // the service's numbers are the database's: every VPC's VNIs and VRF ...
  const vnis = new Map((await rows<{ vni: number; owner: string }>('SELECT vni, owner FROM vni_owners')).map((r) => [r.owner, r.vni]));
  const vrfs = new Map((await rows<{ vrf: number; owner: string }>('SELECT vrf, owner FROM vrf_owners')).map((r) => [r.owner, r.vrf]));
  const listed = await send('GET', '/api/v1/vpcs');
  const items = (listed.body.items ?? []) as VpcObject[];
  const expectedOwners: string[] = [];
  for (const item of items) {
    const key = `${item.metadata.namespace}/${item.metadata.name}`;
    if (item.status.vni !== undefined) {
      assert.equal(vnis.get(key), item.status.vni, `${key} L3VNI`);
      expectedOwners.push(key);
    }
    for (const [subnet, s] of Object.entries(item.status.subnets ?? {})) {
      if (s.vni === undefined) continue;
      assert.equal(vnis.get(`${key}/${subnet}`), s.vni, `${key}/${subnet} VNI`);
      expectedOwners.push(`${key}/${subnet}`);
    }
    assert.equal(item.status.vrf, `Vrf${vrfs.get(key) ?? '?'}`, `${key} VRF`);
  }
  assert.deepEqual([...vnis.keys()].filter((owner) => !owner.startsWith('external:')).sort(), expectedOwners.sort(), 'the database holds the VNIs of exactly the VPCs the service lists');
  // ... and every leaf's VLAN -> VNI map in the desired config_db is the database's
  for (const leaf of LEAVES) {
    const agentObject = await send('GET', `/api/v1/agents/${leaf}`);
    assert.equal(agentObject.status, 200);
    const configDb = (agentObject.body.spec as { configDb: { VLAN?: Record<string, unknown>; VXLAN_TUNNEL_MAP?: Record<string, { vlan: string; vni: string }> } }).configDb;
    const desired = Object.values(configDb.VXLAN_TUNNEL_MAP ?? {})
      .map((m) => `${m.vlan}=${m.vni}`)
      .sort();
    const stored = (await rows<{ vlan: number; vni: number }>('SELECT l.vlan, v.vni FROM vlan_owners l JOIN vni_owners v USING (owner) WHERE l.switch = $1', [leaf])).map((r) => `Vlan${r.vlan}=${r.vni}`).sort();
    assert.deepEqual(desired, stored, `${leaf}: config_db VLAN -> VNI map against vlan_owners`);
    // and no VLAN row outlives its owner (only the owners whose VLAN changed are written)
    const storedVlans = (await rows<{ vlan: number }>('SELECT vlan FROM vlan_owners WHERE switch = $1', [leaf])).map((r) => `Vlan${r.vlan}`).sort();
    assert.deepEqual(Object.keys(configDb.VLAN ?? {}).sort(), storedVlans, `${leaf}: config_db VLANs against vlan_owners`);
  }

  // deleted VPCs are gone, their VNIs held in quarantine and owned by nobody
  const quarantined = new Set((await rows<{ vni: number }>('SELECT vni FROM vni_quarantine')).map((r) => r.vni));
  for (const i of gone) {
    assert.equal((await send('GET', `/api/v1/vpcs/v-${i}`)).status, 404);
    for (const vni of vnisByVpc.get(`v-${i}`) ?? []) assert.ok(quarantined.has(vni), `v-${i}'s VNI ${vni} is quarantined`);
  }
  assert.ok(quarantined.size >= gone.length * 3);
  assert.deepEqual(await rows('SELECT vni FROM vni_owners JOIN vni_quarantine USING (vni)'), []);

  // later creates do not get a quarantined VNI
  const later = await Promise.all(Array.from({ length: 30 }, (_, i) => send('POST', '/api/v1/vpcs', vpc(`later-${i}`, `later-${i % 3}`, cidrsOf(2000 + i)))));
  for (const answer of later) {
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    for (const vni of vnisOf((answer.body as unknown as VpcObject).status)) assert.ok(!quarantined.has(vni), `quarantined VNI ${vni} handed out again`);
  }
});

test('the database itself refuses a second owner, whatever the service does: a VNI, an owner, a VLAN on a switch', async () => {
  const [taken] = await rows<{ vni: number; owner: string }>("SELECT vni, owner FROM vni_owners WHERE owner = 'default/v-0'");
  const [vlan] = await rows<{ switch: string; vlan: number; owner: string }>("SELECT switch, vlan, owner FROM vlan_owners WHERE switch = 'leaf1' ORDER BY vlan LIMIT 1");
  assert.ok(taken !== undefined && vlan !== undefined);
  const violation = async (sql: string, values: unknown[]): Promise<string | undefined> => {
    try {
      await pg.db.transaction(async (tx) => {
        await tx.query(sql, values);
      });
    } catch (e) {
      assert.ok(isUniqueViolation(e), `expected a unique violation, got ${String(e)}`);
      return e.constraint;
    }
    assert.fail(`PostgreSQL accepted ${sql} with ${JSON.stringify(values)}`);
  };
  assert.equal(await violation('INSERT INTO vni_owners (vni, owner) VALUES ($1, $2)', [taken.vni, 'default/intruder']), 'vni_owners_pkey');
  assert.equal(await violation('INSERT INTO vni_owners (vni, owner) VALUES ($1, $2)', [16_000_000, taken.owner]), 'vni_owners_owner_key');
  assert.equal(await violation('INSERT INTO vlan_owners (switch, vlan, owner) VALUES ($1, $2, $3)', [vlan.switch, vlan.vlan, 'default/intruder/a']), 'vlan_owners_pkey');
  assert.equal(await violation('INSERT INTO vrf_owners (vrf, owner) SELECT vrf, $1 FROM vrf_owners WHERE owner = $2', ['default/intruder', 'default/v-0']), 'vrf_owners_pkey');
  // nothing of the refused transactions stayed
  assert.deepEqual(await rows("SELECT owner FROM vni_owners WHERE owner LIKE '%intruder%' UNION SELECT owner FROM vlan_owners WHERE owner LIKE '%intruder%'"), []);
  // and the service still answers with the numbers it had
  const v0 = await send('GET', '/api/v1/vpcs/v-0');
  assert.equal((v0.body as unknown as VpcObject).status.vni, taken.vni);
});
