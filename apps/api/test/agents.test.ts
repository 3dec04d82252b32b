// Agents and the VNIs they free, over real HTTP against the service on an embedded PostgreSQL,
// with one agent token per switch as the agents use them. A deleted VPC's VNIs stay in
// quarantine until every switch has reported the generation that removed them; only then does
// the next VPC get them back (the pool hands out the lowest free number).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { VpcStatus } from '#api';
import type { ErrorBody } from '../src/http/errors.js';
import type { ResourceObject } from '../src/store/store.types.js';
import { startTestService, type TestService } from './support/service.js';

const ADMIN_TOKEN = 'agents-test-admin-token-0123456789';

let running: TestService;
let base = '';
/** agent tokens by switch */
const agentTokens = new Map<string, string>();

async function call(token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
  const response = await fetch(`${base}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: response.status, body: await response.json() };
}

async function ok<T = ResourceObject>(token: string, method: string, path: string, status: number, body?: unknown): Promise<T> {
  const reply = await call(token, method, path, body);
  assert.equal(reply.status, status, `${method} ${path}: ${JSON.stringify(reply.body).slice(0, 300)}`);
  return reply.body as T;
}

const vpcBody = (name: string, cidr: string): Record<string, unknown> => ({
  apiVersion: 'vpc.weft.dev/v1alpha1',
  kind: 'VPC',
  metadata: { name, namespace: 'default' },
  spec: { tenant: 'acme', subnets: { web: { cidr } } },
});

/** The VNIs a new VPC would get now: a dry run shows the numbers without keeping them. */
async function vnisOfNewVpc(): Promise<number[]> {
  const answer = await ok<{ object: ResourceObject }>(ADMIN_TOKEN, 'POST', '/api/v1/vpcs?dryRun=true', 200, vpcBody('probe', '10.98.0.0/24'));
  return vnisOf(answer.object.status as VpcStatus);
}

function vnisOf(status: VpcStatus): number[] {
  return [status.vni, ...Object.values(status.subnets ?? {}).map((s) => s.vni)].filter((v): v is number => v !== undefined).sort((a, b) => a - b);
}

/** Each switch's desired generation, as its agent reads it. */
async function desiredGenerations(): Promise<Map<string, number>> {
  const generations = new Map<string, number>();
  for (const [sw, token] of agentTokens) {
    const agent = await ok(token, 'GET', `/api/v1/agents/${sw}`, 200);
    generations.set(sw, (agent.spec as { generation: number }).generation);
  }
  return generations;
}

async function report(sw: string, appliedGeneration: number): Promise<void> {
  await ok(agentTokens.get(sw) ?? '', 'PUT', `/api/v1/agents/${sw}/status`, 200, { appliedGeneration });
}

before(async () => {
  running = await startTestService(ADMIN_TOKEN);
  base = running.service.url.replace(/\/$/, '');
  const agents = await ok<{ items: ResourceObject[] }>(ADMIN_TOKEN, 'GET', '/api/v1/agents', 200);
  for (const agent of agents.items) {
    const sw = agent.metadata.name;
    const created = await ok<{ token: string }>(ADMIN_TOKEN, 'POST', '/api/v1/tokens', 201, { name: `agent-${sw}`, role: 'agent', switch: sw });
    agentTokens.set(sw, created.token);
  }
});

after(async () => {
  await running.stop();
});

test('the lab has an agent per switch, each with a desired generation', async () => {
  assert.deepEqual([...agentTokens.keys()].sort(), ['border1', 'leaf1', 'leaf2', 'leaf3', 'leaf4', 'spine1', 'spine2']);
  for (const generation of (await desiredGenerations()).values()) assert.ok(generation >= 1);
});

test("a deleted VPC's VNIs come back only once every switch has reported the generation that removed them", async () => {
  // a VPC carried by leaf1, so deleting it changes that switch's desired state
  const created = await ok(ADMIN_TOKEN, 'POST', '/api/v1/vpcs', 201, vpcBody('short-lived', '10.97.0.0/24'));
  const freed = vnisOf(created.status as VpcStatus);
  assert.equal(freed.length, 2, 'an L3VNI and the subnet VNI');
  await ok(ADMIN_TOKEN, 'POST', '/api/v1/vpc-attachments', 201, {
    metadata: { name: 'short-lived-web', namespace: 'default' },
    spec: { subnet: 'short-lived/web', connection: 'server2--leaf1' },
  });
  // while it exists, a new VPC gets the next numbers up
  const next = await vnisOfNewVpc();
  assert.ok(next.every((vni) => vni > Math.max(...freed)), `${next.join(',')} above ${freed.join(',')}`);

  const beforeDelete = await desiredGenerations();
  await ok(ADMIN_TOKEN, 'DELETE', '/api/v1/vpc-attachments/short-lived-web', 200);
  await ok(ADMIN_TOKEN, 'DELETE', '/api/v1/vpcs/short-lived', 200);
  const desired = await desiredGenerations();
  assert.ok((desired.get('leaf1') ?? 0) > (beforeDelete.get('leaf1') ?? 0), 'leaf1 gets a new generation without the VPC');
  // a switch whose files did not change keeps its generation: nothing new for its agent to apply
  for (const sw of ['spine1', 'spine2', 'leaf3']) assert.equal(desired.get(sw), beforeDelete.get(sw), sw);
  // quarantined: the freed numbers are the lowest free ones, yet a new VPC does not get them
  assert.deepEqual(await vnisOfNewVpc(), next);

  // every switch but leaf1 reports what it should run: still quarantined
  const others = [...desired].filter(([sw]) => sw !== 'leaf1');
  for (const [sw, generation] of others) await report(sw, generation);
  assert.deepEqual(await vnisOfNewVpc(), next, 'six of seven switches is not every switch');

  // leaf1 reports the generation before the delete: it may still carry the VNIs
  await report('leaf1', beforeDelete.get('leaf1') ?? 0);
  assert.deepEqual(await vnisOfNewVpc(), next, 'a report of an older generation releases nothing');

  // leaf1 reports the generation without the VPC: released, and handed out again
  await report('leaf1', desired.get('leaf1') ?? 0);
  assert.deepEqual(await vnisOfNewVpc(), freed);
});

test('a report ahead of the desired generation is refused and changes nothing', async () => {
  const desired = await desiredGenerations();
  const leaf2 = desired.get('leaf2') ?? 0;
  const reply = await call(agentTokens.get('leaf2') ?? '', 'PUT', '/api/v1/agents/leaf2/status', { appliedGeneration: leaf2 + 1 });
  assert.equal(reply.status, 400);
  assert.equal((reply.body as ErrorBody).message, `appliedGeneration ${leaf2 + 1} is ahead of the desired generation ${leaf2}`);
  const agent = await ok(agentTokens.get('leaf2') ?? '', 'GET', '/api/v1/agents/leaf2', 200);
  assert.equal((agent.status as { appliedGeneration?: number } | undefined)?.appliedGeneration, leaf2);
});

test("a switch's generation goes up once for every change of its files, and only for those", async () => {
  const start = await desiredGenerations();
  await ok(ADMIN_TOKEN, 'POST', '/api/v1/vpcs', 201, vpcBody('counted', '10.96.0.0/24'));
  await ok(ADMIN_TOKEN, 'POST', '/api/v1/vpc-attachments', 201, {
    metadata: { name: 'counted-web', namespace: 'default' },
    spec: { subnet: 'counted/web', connection: 'server6--leaf4' },
  });
  const attached = await desiredGenerations();
  assert.equal(attached.get('leaf4'), (start.get('leaf4') ?? 0) + 1, 'leaf4 carries the attached subnet: one new generation');
  for (const sw of ['spine1', 'spine2', 'leaf1']) assert.equal(attached.get(sw), start.get(sw), sw);
  // detached: leaf4's files are back to what they were at the start, yet that is a change too
  await ok(ADMIN_TOKEN, 'DELETE', '/api/v1/vpc-attachments/counted-web', 200);
  const detached = await desiredGenerations();
  assert.equal(detached.get('leaf4'), (attached.get('leaf4') ?? 0) + 1, 'leaf4 without the subnet: one more generation');
  await ok(ADMIN_TOKEN, 'DELETE', '/api/v1/vpcs/counted', 200);
  // every switch runs what it should, so the VNIs of 'counted' leave quarantine
  for (const [sw, generation] of await desiredGenerations()) await report(sw, generation);
});

test('a switch that ran the generation freeing some VNIs still counts as caught up when a newer one comes before the last report', async () => {
  // carried by leaf1 and leaf4: deleting it changes both
  const created = await ok(ADMIN_TOKEN, 'POST', '/api/v1/vpcs', 201, vpcBody('freed-early', '10.95.0.0/24'));
  const freed = vnisOf(created.status as VpcStatus);
  for (const connection of ['server1--leaf1', 'server6--leaf4']) {
    await ok(ADMIN_TOKEN, 'POST', '/api/v1/vpc-attachments', 201, {
      metadata: { name: `freed-early-${connection.split('--')[1] ?? ''}`, namespace: 'default' },
      spec: { subnet: 'freed-early/web', connection },
    });
  }
  for (const name of ['freed-early-leaf1', 'freed-early-leaf4']) await ok(ADMIN_TOKEN, 'DELETE', `/api/v1/vpc-attachments/${name}`, 200);
  await ok(ADMIN_TOKEN, 'DELETE', '/api/v1/vpcs/freed-early', 200);
  const freeing = await desiredGenerations();
  for (const [sw, generation] of freeing) if (sw !== 'leaf4') await report(sw, generation);
  // leaf1 ran the freeing generation; now it gets a newer one, which it has not run yet
  await ok(ADMIN_TOKEN, 'POST', '/api/v1/vpcs', 201, vpcBody('after', '10.94.0.0/24'));
  await ok(ADMIN_TOKEN, 'POST', '/api/v1/vpc-attachments', 201, {
    metadata: { name: 'after-web', namespace: 'default' },
    spec: { subnet: 'after/web', connection: 'server1--leaf1' },
  });
  const newer = await desiredGenerations();
  assert.ok((newer.get('leaf1') ?? 0) > (freeing.get('leaf1') ?? 0), 'leaf1 has a newer desired state');
  assert.equal(newer.get('leaf4'), freeing.get('leaf4'), 'leaf4 is still to run the freeing generation');
  const probe = await vnisOfNewVpc();
  assert.ok(freed.every((vni) => !probe.includes(vni)), `still quarantined while leaf4 has not reported: ${probe.join(',')}`);
  // leaf4 reports: every switch has run a generation without the freed VNIs
  await report('leaf4', freeing.get('leaf4') ?? 0);
  assert.deepEqual(await vnisOfNewVpc(), freed);
  await ok(ADMIN_TOKEN, 'DELETE', '/api/v1/vpc-attachments/after-web', 200);
  await ok(ADMIN_TOKEN, 'DELETE', '/api/v1/vpcs/after', 200);
});

test('a switch that last ran a generation from before the VNIs were freed holds them, however up to date the others are', async () => {
  // every switch runs what it should: all caught up
  for (const [sw, generation] of await desiredGenerations()) await report(sw, generation);
  const created = await ok(ADMIN_TOKEN, 'POST', '/api/v1/vpcs', 201, vpcBody('held', '10.93.0.0/24'));
  const freed = vnisOf(created.status as VpcStatus);
  await ok(ADMIN_TOKEN, 'POST', '/api/v1/vpc-attachments', 201, {
    metadata: { name: 'held-web', namespace: 'default' },
    spec: { subnet: 'held/web', connection: 'server4--leaf3' },
  });
  await ok(ADMIN_TOKEN, 'DELETE', '/api/v1/vpc-attachments/held-web', 200);
  await ok(ADMIN_TOKEN, 'DELETE', '/api/v1/vpcs/held', 200);
  // every switch but leaf3 is up to date; leaf3 last ran a generation from before 'held' existed
  const desired = await desiredGenerations();
  for (const [sw, generation] of desired) if (sw !== 'leaf3') await report(sw, generation);
  const probe = await vnisOfNewVpc();
  assert.ok(freed.every((vni) => !probe.includes(vni)), `quarantined while leaf3 is behind: ${probe.join(',')}`);
  await report('leaf3', desired.get('leaf3') ?? 0);
  assert.deepEqual(await vnisOfNewVpc(), freed);
});
