// The REST contract end to end: the real HTTP app (Nest on Fastify, on a loopback port) over the
// real fabric store and token service on an embedded PostgreSQL, seeded with the sample fabric.
// CRUD for every kind a user writes, dry runs that store nothing, the audit of every accepted
// write with its plan, VPC status, conflicts, a table of malformed requests that must each be a
// clear 4xx (never a 500) and change nothing, and the OpenAPI document against the routes served.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import type { VpcStatus } from '#api';
import { REST_COLLECTIONS } from '#codegen';
import type { DevicePlan } from '#compiler';
import type { ErrorBody } from '../src/http/errors.js';
import { createJsonLogger } from '../src/observability/logger.js';
import type { AuditEntry, ResourceObject } from '../src/store/store.types.js';
import { startStoreApp } from './support/app.js';
import { startTestDatabase, type TestDatabase } from './support/postgres.js';
import { openStream } from './support/event-stream.js';
import { responseSchema, undeclared, type OpenApiDocument } from './support/openapi-shape.js';

/** dist/apps/api/test/ -> the repository root */
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const ADMIN_TOKEN = 'rest-test-admin-token-0123456789';

interface Service {
  readonly base: string;
  readonly app: NestFastifyApplication;
  /** log lines at level error: an unhandled error would be here */
  readonly errors: Record<string, unknown>[];
  close(): Promise<void>;
}

/** The app as main.ts builds it: the StoreModule (store, tokens, seed) in createHttpApp. */
async function startService(url: string): Promise<Service> {
  const errors: Record<string, unknown>[] = [];
  const logger = createJsonLogger({ level: 'error', write: (line) => errors.push(JSON.parse(line) as Record<string, unknown>) });
  const started = await startStoreApp(url, { adminToken: ADMIN_TOKEN, logger });
  return { base: started.base, app: started.app, errors, close: () => started.close() };
}

let pg: TestDatabase;
let service: Service;

before(async () => {
  pg = await startTestDatabase();
  service = await startService(pg.url);
});

after(async () => {
  await service.close();
  await pg.stop();
});

interface Reply<T> {
  readonly status: number;
  readonly body: T;
  readonly requestId: string;
}

interface RequestOptions {
  readonly body?: unknown;
  /** sent as is, instead of JSON.stringify(body) */
  readonly raw?: string;
  readonly contentType?: string;
  readonly token?: string;
}

/** One request; every answer of the REST API is JSON, so anything else fails the test here. */
async function call<T = Record<string, unknown>>(method: string, path: string, options: RequestOptions = {}): Promise<Reply<T>> {
  const headers: Record<string, string> = { authorization: `Bearer ${options.token ?? ADMIN_TOKEN}` };
  const payload = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (payload !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  const response = await fetch(`${service.base}${path}`, { method, headers, ...(payload === undefined ? {} : { body: payload }) });
  const text = await response.text();
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/, `${method} ${path}: ${response.status} ${text.slice(0, 200)}`);
  return { status: response.status, body: JSON.parse(text) as T, requestId: response.headers.get('x-request-id') ?? '' };
}

/** A successful call: the status expected, else the error body in the failure message. */
async function ok<T = ResourceObject>(method: string, path: string, status: number, options: RequestOptions = {}): Promise<Reply<T>> {
  const reply = await call<T>(method, path, options);
  assert.equal(reply.status, status, `${method} ${path}: ${JSON.stringify(reply.body).slice(0, 400)}`);
  return reply;
}

/** A refused call: the status and code expected, a message, the request id; never a 500. */
async function refused(method: string, path: string, status: number, code: string, options: RequestOptions = {}): Promise<ErrorBody> {
  const reply = await call<ErrorBody>(method, path, options);
  assert.notEqual(reply.status, 500, `${method} ${path} must not be a 500`);
  assert.equal(reply.status, status, `${method} ${path}: ${JSON.stringify(reply.body).slice(0, 400)}`);
  assert.equal(reply.body.code, code, `${method} ${path}: ${reply.body.message}`);
  assert.equal(typeof reply.body.message, 'string');
  assert.ok(reply.body.message.length > 0);
  assert.equal(reply.body.requestId, reply.requestId);
  return reply.body;
}

interface List<T = ResourceObject> {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly continue?: string; readonly remainingItemCount?: number };
  readonly items: readonly T[];
}

interface WriteAnswer {
  readonly dryRun?: true;
  readonly object?: ResourceObject;
  readonly plan: readonly DevicePlan[];
  readonly diagnostics: readonly { code: string; path: string; message: string }[];
}

const vpcBody = (name: string, cidr: string, extra: { tenant?: string; namespace?: string; labels?: Record<string, string>; description?: string } = {}): Record<string, unknown> => ({
  apiVersion: 'vpc.weft.dev/v1alpha1',
  kind: 'VPC',
  metadata: { name, ...(extra.namespace === undefined ? {} : { namespace: extra.namespace }), ...(extra.labels === undefined ? {} : { labels: extra.labels }) },
  spec: { tenant: extra.tenant ?? 'acme', ...(extra.description === undefined ? {} : { description: extra.description }), subnets: { web: { cidr } } },
});

const attachmentBody = (name: string, subnet: string, connection: string): Record<string, unknown> => ({
  apiVersion: 'vpc.weft.dev/v1alpha1',
  kind: 'VPCAttachment',
  metadata: { name },
  spec: { subnet, connection },
});

const names = (list: List): string[] => list.items.map((item) => `${item.metadata.namespace === undefined ? '' : `${item.metadata.namespace}/`}${item.metadata.name}`);

/** The lines a plan changes in one file of one device. */
function planLines(plan: readonly DevicePlan[], device: string, file: string): readonly string[] {
  return plan.find((p) => p.device === device)?.files.find((f) => f.file === file)?.lines ?? [];
}

async function auditOf(query: string): Promise<readonly AuditEntry[]> {
  return (await ok<List<AuditEntry>>('GET', `/api/v1/audit?${query}`, 200)).body.items;
}

/** Everything a user can read, to compare before and after requests that must change nothing. */
async function snapshot(): Promise<string> {
  const collections = Object.entries(REST_COLLECTIONS).filter(([kind]) => kind !== 'Agent');
  const lists = await Promise.all(collections.map(async ([, collection]) => (await ok<List>('GET', `/api/v1/${collection}`, 200)).body.items));
  const agents = (await ok<List>('GET', '/api/v1/agents', 200)).body.items.map((agent) => [agent.metadata.name, agent.metadata.generation]);
  const tokens = (await ok<List<{ name: string }>>('GET', '/api/v1/tokens', 200)).body.items;
  const newestAudit = (await auditOf('limit=1'))[0]?.id;
  return JSON.stringify({ lists, agents, tokens, newestAudit });
}

test('VPC: create answers 201 with the object and its status, get and list show it, delete answers with the plan', async () => {
  const created = await ok('POST', '/api/v1/vpcs', 201, { body: vpcBody('red', '10.77.0.0/24', { description: 'first' }) });
  assert.equal(created.body.kind, 'VPC');
  assert.equal(created.body.metadata.name, 'red');
  assert.equal(created.body.metadata.namespace, 'default', 'the namespace defaults to default');
  assert.equal(created.body.metadata.generation, 1);
  assert.equal(created.body.metadata.annotations?.['weft.dev/owner'], 'api');
  assert.match(created.body.metadata.uid, /^[0-9a-f-]{36}$/);
  assert.deepEqual(created.body.spec, { tenant: 'acme', description: 'first', subnets: { web: { cidr: '10.77.0.0/24' } } });

  const read = await ok('GET', '/api/v1/vpcs/red', 200);
  assert.deepEqual(read.body, created.body);
  assert.ok(names((await ok<List>('GET', '/api/v1/vpcs', 200)).body).includes('default/red'));

  const deleted = await ok<WriteAnswer>('DELETE', '/api/v1/vpcs/red', 200);
  assert.deepEqual(deleted.body, { plan: [], diagnostics: [] }, 'a VPC that no switch carries changes no device');
  await refused('GET', '/api/v1/vpcs/red', 404, 'not-found');
  await refused('DELETE', '/api/v1/vpcs/red', 404, 'not-found');
});

test('a DELETE from a client that sends Content-Type: application/json and no body is answered like any DELETE', async () => {
  await ok('POST', '/api/v1/vpcs', 201, { body: vpcBody('bodyless', '10.78.0.0/24') });
  const response = await fetch(`${service.base}/api/v1/vpcs/bodyless`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' } });
  assert.equal(response.status, 200, await response.clone().text());
  assert.deepEqual(await response.json(), { plan: [], diagnostics: [] });
});

test('replace bumps metadata.generation only when the spec changes; labels alone do not', async () => {
  const created = await ok('POST', '/api/v1/vpcs', 201, { body: vpcBody('amber', '10.78.0.0/24') });
  const same = await ok('PUT', '/api/v1/vpcs/amber', 200, { body: vpcBody('amber', '10.78.0.0/24') });
  assert.equal(same.body.metadata.generation, 1);
  assert.equal(same.body.metadata.uid, created.body.metadata.uid);
  const labelled = await ok('PUT', '/api/v1/vpcs/amber', 200, { body: vpcBody('amber', '10.78.0.0/24', { labels: { team: 'web' } }) });
  assert.equal(labelled.body.metadata.generation, 1, 'a label is metadata, not spec');
  assert.deepEqual(labelled.body.metadata.labels, { team: 'web' });
  assert.ok(Number(labelled.body.metadata.resourceVersion) > Number(created.body.metadata.resourceVersion), 'every write gets a new resourceVersion');
  const changed = await ok('PUT', '/api/v1/vpcs/amber', 200, { body: vpcBody('amber', '10.78.0.0/24', { description: 'now described' }) });
  assert.equal(changed.body.metadata.generation, 2);
  assert.equal((changed.body.spec as { description: string }).description, 'now described');
  assert.equal(changed.body.metadata.uid, created.body.metadata.uid, 'a replace keeps the uid');
  assert.equal(changed.body.metadata.creationTimestamp, created.body.metadata.creationTimestamp);
  assert.equal((changed.body.status as VpcStatus).observedGeneration, 2);
  await refused('PUT', '/api/v1/vpcs/nosuch', 404, 'not-found', { body: vpcBody('nosuch', '10.79.0.0/24') });
  await ok('DELETE', '/api/v1/vpcs/amber', 200);
});

test('VPCAttachment: the plan names the leaf and its VLAN lines, and the VPC status gains the switch and the subnet VLAN', async () => {
  await ok('POST', '/api/v1/vpcs', 201, { body: vpcBody('teal', '10.80.0.0/24') });
  const before = (await ok('GET', '/api/v1/vpcs/teal', 200)).body.status as VpcStatus;
  assert.deepEqual(before.switches, []);
  assert.equal(before.subnets?.web?.vlan, undefined, 'no VLAN until a switch carries the subnet');

  const created = await ok('POST', '/api/v1/vpc-attachments', 201, { body: attachmentBody('teal-web-server2', 'teal/web', 'server2--leaf1') });
  assert.deepEqual(created.body.spec, { subnet: 'teal/web', connection: 'server2--leaf1' });
  const status = (await ok('GET', '/api/v1/vpcs/teal', 200)).body.status as VpcStatus;
  assert.deepEqual(status.switches, ['leaf1']);
  const vlan = status.subnets?.web?.vlan;
  assert.ok(vlan !== undefined && vlan >= 1000 && vlan <= 2999, `a VLAN from the policy pool, got ${String(vlan)}`);

  const audit = await auditOf('kind=VPCAttachment&name=teal-web-server2');
  assert.equal(audit.length, 1);
  assert.equal(audit[0]?.action, 'create');
  assert.equal(audit[0].requestId, created.requestId, 'the audit row carries the request id of the write');
  assert.deepEqual(
    audit[0].plan?.map((p) => p.device),
    ['leaf1'],
  );
  assert.ok(planLines(audit[0].plan ?? [], 'leaf1', 'config_db.json').includes(`+ VLAN_MEMBER|Vlan${vlan}|Ethernet4 {"tagging_mode":"tagged"}`));

  const removed = await ok<WriteAnswer>('DELETE', '/api/v1/vpc-attachments/teal-web-server2', 200);
  assert.deepEqual(
    removed.body.plan.map((p) => p.device),
    ['leaf1'],
  );
  assert.ok(planLines(removed.body.plan, 'leaf1', 'config_db.json').includes(`- VLAN|Vlan${vlan}`));
  const deleteAudit = await auditOf('kind=VPCAttachment&name=teal-web-server2&limit=1');
  assert.equal(deleteAudit[0]?.action, 'delete');
  assert.deepEqual(deleteAudit[0].plan, removed.body.plan, 'the audit records the plan the delete answered');
  await ok('DELETE', '/api/v1/vpcs/teal', 200);
});

test('VPCPeering: create, replace with a permit list, delete; each write is audited with its plan', async () => {
  await ok('POST', '/api/v1/vpcs', 201, { body: { ...vpcBody('north', '10.81.0.0/24'), spec: { tenant: 'acme', subnets: { web: { cidr: '10.81.0.0/24' }, db: { cidr: '10.81.1.0/24' } } } } });
  await ok('POST', '/api/v1/vpcs', 201, { body: vpcBody('south', '10.82.0.0/24') });
  const peering = { apiVersion: 'vpc.weft.dev/v1alpha1', kind: 'VPCPeering', metadata: { name: 'north--south' }, spec: { vpcs: ['north', 'south'] } };
  const created = await ok('POST', '/api/v1/vpc-peerings', 201, { body: peering });
  assert.deepEqual(created.body.spec, { vpcs: ['north', 'south'] });
  const replaced = await ok('PUT', '/api/v1/vpc-peerings/north--south', 200, { body: { ...peering, spec: { vpcs: ['north', 'south'], permit: [['north/db', 'south/web']] } } });
  assert.equal(replaced.body.metadata.generation, 2);
  await refused('DELETE', '/api/v1/vpcs/north', 409, 'conflict');
  const deleted = await ok<WriteAnswer>('DELETE', '/api/v1/vpc-peerings/north--south', 200);
  assert.deepEqual(deleted.body.diagnostics, []);
  const audit = await auditOf('kind=VPCPeering&name=north--south');
  assert.deepEqual(
    audit.map((entry) => entry.action),
    ['delete', 'replace', 'create'],
    'newest first',
  );
  for (const entry of audit) assert.ok(Array.isArray(entry.plan), `the ${entry.action} row records its plan`);
  assert.deepEqual(audit[1]?.before, { vpcs: ['north', 'south'] });
  assert.deepEqual(audit[1].after, { vpcs: ['north', 'south'], permit: [['north/db', 'south/web']] });
  await ok('DELETE', '/api/v1/vpcs/north', 200);
  await ok('DELETE', '/api/v1/vpcs/south', 200);
});

test('Server, Switch and Connection (architect): a new leaf cabled to a spine changes both, and comes out again', async () => {
  const leaf = { apiVersion: 'wiring.weft.dev/v1alpha1', kind: 'Switch', metadata: { name: 'leaf5' }, spec: { role: 'leaf', os: 'sonic', description: 'leaf 5, rack 5' } };
  const createdSwitch = await ok('POST', '/api/v1/switches', 201, { body: leaf });
  assert.equal(createdSwitch.body.metadata.namespace, undefined, 'a Switch is cluster-wide');
  const uplink = { apiVersion: 'wiring.weft.dev/v1alpha1', kind: 'Connection', metadata: { name: 'spine1--leaf5' }, spec: { fabric: { spine: 'spine1/Ethernet16', leaf: 'leaf5/Ethernet48' } } };
  const dryRun = await ok<WriteAnswer>('POST', '/api/v1/connections?dryRun=true', 200, { body: uplink });
  assert.deepEqual(
    dryRun.body.plan.map((p) => p.device),
    ['leaf5', 'spine1'],
  );
  assert.ok(planLines(dryRun.body.plan, 'spine1', 'frr.conf').some((line) => line.startsWith('+ interface Ethernet16')));
  await ok('POST', '/api/v1/connections', 201, { body: uplink });
  const agent = await ok('GET', '/api/v1/agents/leaf5', 200);
  assert.match((agent.body.spec as { frr: string }).frr, /router bgp/);

  const renamed = await ok('PUT', '/api/v1/switches/leaf5', 200, { body: { ...leaf, spec: { ...leaf.spec, description: 'leaf 5, rack 6' } } });
  assert.equal(renamed.body.metadata.generation, 2);
  await refused('DELETE', '/api/v1/switches/leaf5', 409, 'conflict');

  const server = { apiVersion: 'wiring.weft.dev/v1alpha1', kind: 'Server', metadata: { name: 'server8' }, spec: { description: 'rack 5 host' } };
  await ok('POST', '/api/v1/servers', 201, { body: server });
  const cable = { apiVersion: 'wiring.weft.dev/v1alpha1', kind: 'Connection', metadata: { name: 'server8--leaf5' }, spec: { unbundled: { server: 'server8/eth0', switch: 'leaf5/Ethernet0' } } };
  await ok('POST', '/api/v1/connections', 201, { body: cable });
  assert.deepEqual(names((await ok<List>('GET', '/api/v1/connections?labelSelector=', 200)).body).filter((name) => name.includes('leaf5')), ['server8--leaf5', 'spine1--leaf5']);

  await ok('DELETE', '/api/v1/connections/server8--leaf5', 200);
  await ok('DELETE', '/api/v1/servers/server8', 200);
  const unplugged = await ok<WriteAnswer>('DELETE', '/api/v1/connections/spine1--leaf5', 200);
  assert.ok(unplugged.body.plan.some((p) => p.device === 'spine1'));
  await ok('DELETE', '/api/v1/switches/leaf5', 200);
  await refused('GET', '/api/v1/agents/leaf5', 404, 'not-found');
});

test('FabricPolicy: a new anycast gateway MAC is planned on every leaf; replace and its dry run', async () => {
  const current = (await ok('GET', '/api/v1/fabric-policies/default', 200)).body;
  const spec = { ...(current.spec as Record<string, unknown>), anycastGatewayMac: '02:00:5e:00:01:99' };
  const body = { apiVersion: current.apiVersion, kind: current.kind, metadata: { name: 'default' }, spec };
  const planned = await ok<WriteAnswer>('PUT', '/api/v1/fabric-policies/default?dryRun=true', 200, { body });
  assert.deepEqual(
    planned.body.plan.map((p) => p.device),
    ['leaf1', 'leaf2', 'leaf3', 'leaf4'],
  );
  assert.deepEqual(planLines(planned.body.plan, 'leaf3', 'config_db.json'), ['~ SAG|GLOBAL gateway_mac: 00:00:5e:00:01:01 -> 02:00:5e:00:01:99']);
  assert.equal((await ok('GET', '/api/v1/fabric-policies/default', 200)).body.metadata.generation, current.metadata.generation, 'the dry run stored nothing');
  const replaced = await ok('PUT', '/api/v1/fabric-policies/default', 200, { body });
  assert.equal(replaced.body.metadata.generation, current.metadata.generation + 1);
  const audit = await auditOf('kind=FabricPolicy&name=default&limit=1');
  assert.deepEqual(audit[0]?.plan, planned.body.plan, 'the write records the plan its dry run showed');
  await ok('PUT', '/api/v1/fabric-policies/default', 200, { body: { ...body, spec: current.spec } });
  await refused('POST', '/api/v1/fabric-policies', 409, 'conflict', { body });
});

test('lists filter by namespace and labelSelector and stop at limit, sorted by namespace and name', async () => {
  await ok('POST', '/api/v1/vpcs', 201, { body: vpcBody('l-one', '10.83.0.0/24', { namespace: 'lists', labels: { tier: 'gold' } }) });
  await ok('POST', '/api/v1/vpcs?namespace=lists', 201, { body: vpcBody('l-two', '10.83.1.0/24', { labels: { tier: 'silver' } }) });
  await ok('POST', '/api/v1/vpcs', 201, { body: vpcBody('l-three', '10.83.2.0/24', { namespace: 'lists', labels: { tier: 'gold', zone: 'a' } }) });

  const inNamespace = (await ok<List>('GET', '/api/v1/vpcs?namespace=lists', 200)).body;
  assert.equal(inNamespace.apiVersion, 'vpc.weft.dev/v1alpha1', "a list carries its kind's group and version");
  assert.equal(inNamespace.kind, 'VPCList');
  assert.deepEqual(inNamespace.metadata, {}, 'the whole list: no continue token');
  assert.deepEqual(names(inNamespace), ['lists/l-one', 'lists/l-three', 'lists/l-two']);
  assert.deepEqual(names((await ok<List>('GET', '/api/v1/vpcs?namespace=lists&labelSelector=tier%3Dgold', 200)).body), ['lists/l-one', 'lists/l-three']);
  assert.deepEqual(names((await ok<List>('GET', '/api/v1/vpcs?labelSelector=tier%3Dgold,zone%3Da', 200)).body), ['lists/l-three']);
  assert.deepEqual(names((await ok<List>('GET', '/api/v1/vpcs?namespace=lists&limit=2', 200)).body), ['lists/l-one', 'lists/l-three']);
  assert.deepEqual(names((await ok<List>('GET', '/api/v1/vpcs?namespace=nothing-here', 200)).body), []);
  const all = names((await ok<List>('GET', '/api/v1/vpcs', 200)).body);
  assert.ok(all.includes('default/blue') && all.includes('globex/shop') && all.includes('lists/l-two'), 'without ?namespace= every namespace');
  assert.deepEqual(all, [...all].sort(), 'sorted');
  const switches = (await ok<List>('GET', '/api/v1/switches', 200)).body;
  assert.deepEqual([switches.apiVersion, switches.kind], ['wiring.weft.dev/v1alpha1', 'SwitchList']);
  await ok('GET', '/api/v1/vpcs/l-two?namespace=lists', 200);
  await refused('GET', '/api/v1/vpcs/l-two', 404, 'not-found');
  for (const name of ['l-one', 'l-two', 'l-three']) await ok('DELETE', `/api/v1/vpcs/${name}?namespace=lists`, 200);
});

test('lists page with limit and continue: remainingItemCount counts what follows; writes between pages neither repeat nor skip an object', async () => {
  for (const [i, name] of ['p-b', 'p-d', 'p-f', 'p-h'].entries()) await ok('POST', '/api/v1/vpcs?namespace=pages', 201, { body: vpcBody(name, `10.88.${i}.0/24`) });
  const first = (await ok<List>('GET', '/api/v1/vpcs?namespace=pages&limit=2', 200)).body;
  assert.deepEqual(names(first), ['pages/p-b', 'pages/p-d']);
  assert.equal(first.metadata.remainingItemCount, 2);
  assert.equal(typeof first.metadata.continue, 'string');
  // one object before the cursor and one after it are created, one after it is deleted
  await ok('POST', '/api/v1/vpcs?namespace=pages', 201, { body: vpcBody('p-a', '10.88.10.0/24') });
  await ok('POST', '/api/v1/vpcs?namespace=pages', 201, { body: vpcBody('p-e', '10.88.11.0/24') });
  await ok('DELETE', '/api/v1/vpcs/p-f?namespace=pages', 200);
  const token = encodeURIComponent(first.metadata.continue ?? '');
  const second = (await ok<List>('GET', `/api/v1/vpcs?namespace=pages&limit=2&continue=${token}`, 200)).body;
  assert.deepEqual(names(second), ['pages/p-e', 'pages/p-h']);
  assert.deepEqual(second.metadata, {}, 'the last page');
  const rest = (await ok<List>('GET', `/api/v1/vpcs?namespace=pages&continue=${token}`, 200)).body;
  assert.deepEqual(names(rest), ['pages/p-e', 'pages/p-h'], 'continue without limit: everything after the cursor');
  const other = await refused('GET', `/api/v1/vpcs?namespace=default&limit=2&continue=${token}`, 400, 'invalid');
  assert.match(other.message, /belongs to another list/);
  const bogus = await refused('GET', '/api/v1/vpcs?limit=2&continue=eyJub3QiOiJvdXJzIn0', 400, 'invalid');
  assert.match(bogus.message, /the continue token is not valid/);
  await refused('GET', '/api/v1/vpcs?continue=%25%25%25', 400, 'invalid');
  const agents = (await ok<List>('GET', '/api/v1/agents?limit=3', 200)).body;
  assert.deepEqual([agents.apiVersion, agents.kind, agents.items.length, agents.metadata.remainingItemCount], ['agent.weft.dev/v1alpha1', 'AgentList', 3, 4]);
  for (const name of ['p-a', 'p-b', 'p-d', 'p-e', 'p-h']) await ok('DELETE', `/api/v1/vpcs/${name}?namespace=pages`, 200);
});

test('PATCH with a JSON merge patch or a JSON patch changes what it names; dryRun stores nothing; a stale resourceVersion or a failed test is a 409', async () => {
  const created = await ok('POST', '/api/v1/vpcs', 201, { body: vpcBody('patched', '10.89.0.0/24', { labels: { tier: 'gold', zone: 'a' } }) });
  const merge = { contentType: 'application/merge-patch+json' };
  const jsonPatch = { contentType: 'application/json-patch+json' };
  const described = await ok('PATCH', '/api/v1/vpcs/patched', 200, { ...merge, body: { metadata: { labels: { zone: null } }, spec: { description: 'merged' } } });
  assert.deepEqual(described.body.metadata.labels, { tier: 'gold' }, 'null removes a key');
  assert.deepEqual(described.body.spec, { tenant: 'acme', description: 'merged', subnets: { web: { cidr: '10.89.0.0/24' } } });
  assert.equal(described.body.metadata.generation, created.body.metadata.generation + 1);

  const planned = await ok<{ dryRun: boolean; object: ResourceObject; plan: DevicePlan[] }>('PATCH', '/api/v1/vpcs/patched?dryRun=true', 200, {
    ...jsonPatch,
    body: [{ op: 'add', path: '/spec/subnets/db', value: { cidr: '10.89.1.0/24' } }],
  });
  assert.equal(planned.body.dryRun, true);
  assert.deepEqual(Object.keys((planned.body.object.spec as { subnets: object }).subnets).sort(), ['db', 'web']);
  assert.deepEqual(Object.keys(((await ok('GET', '/api/v1/vpcs/patched', 200)).body.spec as { subnets: object }).subnets), ['web'], 'the dry run stored nothing');

  const version = described.body.metadata.resourceVersion;
  const tested = await ok('PATCH', '/api/v1/vpcs/patched', 200, {
    ...jsonPatch,
    body: [
      { op: 'test', path: '/metadata/resourceVersion', value: version },
      { op: 'replace', path: '/spec/description', value: 'patched' },
    ],
  });
  assert.equal((tested.body.spec as { description: string }).description, 'patched');
  const stale = await refused('PATCH', '/api/v1/vpcs/patched', 409, 'conflict', { ...jsonPatch, body: [{ op: 'test', path: '/metadata/resourceVersion', value: version }] });
  assert.match(stale.message, /operation 0 \(test \/metadata\/resourceVersion\) failed/);
  const older = await refused('PATCH', '/api/v1/vpcs/patched', 409, 'conflict', { ...merge, body: { metadata: { resourceVersion: version }, spec: { description: 'late' } } });
  assert.match(older.message, /has changed: the patch expects resourceVersion/);

  await refused('PATCH', '/api/v1/vpcs/patched', 400, 'invalid', { ...jsonPatch, body: [{ op: 'remove', path: '/spec/nothing/here' }] });
  await refused('PATCH', '/api/v1/vpcs/patched', 400, 'invalid', { ...jsonPatch, body: [{ op: 'add', path: '/__proto__/polluted', value: true }] });
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  await refused('PATCH', '/api/v1/vpcs/patched', 400, 'invalid', { ...jsonPatch, body: { op: 'add' } });
  await refused('PATCH', '/api/v1/vpcs/patched', 400, 'invalid', { ...merge, body: [1] });
  const renamed = await refused('PATCH', '/api/v1/vpcs/patched', 400, 'invalid', { ...merge, body: { metadata: { name: 'other' } } });
  assert.match(renamed.message, /does not match the URL/);
  const badSpec = await refused('PATCH', '/api/v1/vpcs/patched', 400, 'invalid', { ...merge, body: { spec: { subnets: { web: { cidr: '10.89.0.5/24' } } } } });
  assert.ok(badSpec.diagnostics?.some((d) => d.path === 'VPC default/patched spec.subnets.web.cidr'));
  const plain = await refused('PATCH', '/api/v1/vpcs/patched', 415, 'unsupported-media-type', { body: { spec: {} } });
  assert.match(plain.message, /application\/merge-patch\+json/);
  await refused('PATCH', '/api/v1/vpcs/absent', 404, 'not-found', { ...merge, body: { spec: {} } });
  await ok('DELETE', '/api/v1/vpcs/patched', 200);
});

test('conflicts are 409: a name taken, a VPC in use, an AS number taken, an object Kubernetes owns', async () => {
  const taken = await refused('POST', '/api/v1/vpcs', 409, 'conflict', { body: vpcBody('blue', '10.84.0.0/24') });
  assert.match(taken.message, /VPC default\/blue exists already/);

  const inUse = await refused('DELETE', '/api/v1/vpcs/blue', 409, 'conflict');
  assert.match(inUse.message, /VPC default\/blue is still in use/);
  assert.ok(
    inUse.diagnostics?.some((d) => d.code === 'WF305' && d.path === 'VPCAttachment default/server1-blue-web spec.subnet'),
    'the diagnostics name each object that still refers to the VPC',
  );

  const asn = await refused('POST', '/api/v1/switches', 409, 'conflict', { body: { apiVersion: 'wiring.weft.dev/v1alpha1', kind: 'Switch', metadata: { name: 'leaf9' }, spec: { role: 'leaf', os: 'sonic', asn: 65100 } } });
  assert.equal(asn.diagnostics?.[0]?.code, 'WF206');
  assert.match(asn.message, /AS 65100 is the AS number of spine1/);
  await refused('GET', '/api/v1/switches/leaf9', 404, 'not-found');
});

test('an object owned by its Kubernetes object is read-only over REST: 409 naming it', async () => {
  const { url, db } = await pg.fresh();
  const first = await startService(url);
  await first.close();
  await db.query("UPDATE resources SET owner = 'kubernetes' WHERE kind = 'VPC' AND name = 'green'");
  const owned = await startService(url);
  const previous = service;
  service = owned;
  try {
    const green = await ok('GET', '/api/v1/vpcs/green', 200);
    assert.equal(green.body.metadata.annotations?.['weft.dev/owner'], 'kubernetes');
    assert.ok(!('owner' in green.body.metadata), 'no field of its own in metadata: kubectl would refuse the object');
    const body = { apiVersion: green.body.apiVersion, kind: 'VPC', metadata: { name: 'green' }, spec: green.body.spec };
    const replace = await refused('PUT', '/api/v1/vpcs/green', 409, 'conflict', { body });
    assert.match(replace.message, /VPC default\/green is owned by its Kubernetes object; change it with kubectl/);
    await refused('DELETE', '/api/v1/vpcs/green', 409, 'conflict');
    await refused('DELETE', '/api/v1/vpcs/green?dryRun=true', 409, 'conflict');
    assert.equal((await ok('GET', '/api/v1/vpcs/green', 200)).body.metadata.generation, green.body.metadata.generation);
  } finally {
    service = previous;
    await owned.close();
  }
});

test('dryRun=true on create, replace and delete answers the per-device plan and stores nothing', async () => {
  const before = await snapshot();
  const rowsBefore = await pg.db.query('SELECT kind, name, generation FROM resources ORDER BY kind, namespace, name');

  const create = await ok<WriteAnswer>('POST', '/api/v1/vpc-attachments?dryRun=true', 200, { body: attachmentBody('probe', 'blue/db', 'server2--leaf1') });
  assert.equal(create.body.dryRun, true);
  assert.equal(create.body.object?.metadata.name, 'probe', 'the object as it would be saved');
  assert.deepEqual(
    create.body.plan.map((p) => p.device),
    ['leaf1'],
  );
  assert.ok(planLines(create.body.plan, 'leaf1', 'config_db.json').some((line) => /^\+ VLAN_MEMBER\|Vlan\d+\|Ethernet4 /.test(line)));
  await refused('GET', '/api/v1/vpc-attachments/probe', 404, 'not-found');

  const blue = (await ok('GET', '/api/v1/vpcs/blue', 200)).body;
  const spec = blue.spec as { tenant: string; subnets: Record<string, unknown> };
  const replace = await ok<WriteAnswer>('PUT', '/api/v1/vpcs/blue?dryRun=true', 200, {
    body: { apiVersion: blue.apiVersion, kind: 'VPC', metadata: { name: 'blue' }, spec: { ...spec, subnets: { ...spec.subnets, cache: { cidr: '10.10.9.0/24' } } } },
  });
  assert.equal(replace.body.dryRun, true);
  assert.equal(replace.body.object?.metadata.generation, blue.metadata.generation + 1, 'the generation it would get');
  assert.ok((replace.body.object.status as VpcStatus).subnets?.cache?.vni !== undefined, 'the numbers it would get');
  assert.deepEqual((await ok('GET', '/api/v1/vpcs/blue', 200)).body, blue, 'unchanged');

  const remove = await ok<WriteAnswer>('DELETE', '/api/v1/vpc-attachments/server1-blue-web?dryRun=true', 200);
  assert.equal(remove.body.dryRun, true);
  assert.equal(remove.body.object, undefined);
  assert.ok(planLines(remove.body.plan, 'leaf1', 'config_db.json').includes('- VLAN_MEMBER|Vlan1001|Ethernet0'));
  await ok('GET', '/api/v1/vpc-attachments/server1-blue-web', 200);

  assert.equal(await snapshot(), before, 'no object, agent generation, token or audit row changed');
  assert.deepEqual((await pg.db.query('SELECT kind, name, generation FROM resources ORDER BY kind, namespace, name')).rows, rowsBefore.rows);
});

test('VPC status: isolation, the rule that chose it, VRF, L3VNI, per-subnet VNI and VLAN, Accepted and Ready conditions', async () => {
  const blue = (await ok('GET', '/api/v1/vpcs/blue', 200)).body.status as VpcStatus;
  assert.equal(blue.isolation, 'evpn-l3vni');
  assert.equal(blue.rule, 'default');
  assert.match(blue.vrf ?? '', /^Vrf\d+$/);
  assert.ok(blue.vni !== undefined && blue.vni >= 10000 && blue.vni <= 99999, 'the L3VNI from the policy pool');
  assert.deepEqual(Object.keys(blue.subnets ?? {}).sort(), ['app', 'db', 'web']);
  const web = blue.subnets?.web;
  assert.ok(web?.vni !== undefined && web.vni !== blue.vni);
  assert.ok(web.vlan !== undefined, 'blue/web is attached, so it has a VLAN');
  assert.equal(web.gateway, '10.10.1.1');
  assert.equal(blue.observedGeneration, 1);
  const condition = (type: string): { status: string; reason: string } | undefined => blue.conditions?.find((c) => c.type === type);
  assert.deepEqual(condition('Accepted'), { type: 'Accepted', status: 'True', reason: 'Compiled', message: 'isolation evpn-l3vni chosen by the policy default' });
  assert.equal(condition('Ready')?.status, 'False');
  assert.equal(condition('Ready')?.reason, 'AwaitingAgents', 'no agent has reported yet');

  // the policy's l2 rule: a label picks evpn-l2vni, which has no L3VNI
  const l2 = await ok('POST', '/api/v1/vpcs', 201, { body: vpcBody('flat', '10.85.0.0/24', { labels: { 'weft.dev/isolation': 'l2' } }) });
  const status = l2.body.status as VpcStatus;
  assert.equal(status.isolation, 'evpn-l2vni');
  assert.equal(status.rule, 'l2-only');
  assert.equal(status.vni, undefined);
  assert.ok(status.subnets?.web?.vni !== undefined);
  assert.equal(status.conditions?.find((c) => c.type === 'Ready')?.reason, 'NothingToApply');
  await ok('DELETE', '/api/v1/vpcs/flat', 200);
});

interface Malformed {
  readonly what: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly body?: unknown;
  readonly raw?: string;
  readonly contentType?: string;
  readonly status: 400 | 404 | 413 | 415;
  readonly code: string;
  /** part of the message, or of a diagnostic's path/message/hint */
  readonly says?: RegExp;
}

const GOOD_SPEC = { tenant: 'acme', subnets: { web: { cidr: '10.86.0.0/24' } } };
const HUGE = 'a'.repeat(100_000);

const MALFORMED: readonly Malformed[] = [
  { what: 'null body', method: 'POST', path: '/api/v1/vpcs', body: null, status: 400, code: 'invalid', says: /the body must be a VPC object/ },
  { what: 'an array as the body', method: 'POST', path: '/api/v1/vpcs', body: [vpcBody('arr', '10.86.0.0/24')], status: 400, code: 'invalid', says: /the body must be a VPC object/ },
  { what: 'a string as the body', method: 'POST', path: '/api/v1/vpcs', body: 'vpc', status: 400, code: 'invalid' },
  { what: 'a number as the body', method: 'POST', path: '/api/v1/vpcs', body: 42, status: 400, code: 'invalid' },
  { what: 'an empty object', method: 'POST', path: '/api/v1/vpcs', body: {}, status: 400, code: 'invalid', says: /metadata: required field is missing/ },
  { what: 'missing metadata', method: 'POST', path: '/api/v1/vpcs', body: { spec: GOOD_SPEC }, status: 400, code: 'invalid', says: /metadata: required field is missing/ },
  { what: 'missing spec', method: 'POST', path: '/api/v1/vpcs', body: { metadata: { name: 'nospec' } }, status: 400, code: 'invalid', says: /VPC default\/nospec spec: required field is missing/ },
  { what: 'spec null', method: 'POST', path: '/api/v1/vpcs', body: { metadata: { name: 'x' }, spec: null }, status: 400, code: 'invalid', says: /spec: expected an object, got null/ },
  { what: 'spec an array', method: 'POST', path: '/api/v1/vpcs', body: { metadata: { name: 'x' }, spec: [GOOD_SPEC] }, status: 400, code: 'invalid', says: /spec: expected an object, got a list/ },
  { what: 'metadata.name a number', method: 'POST', path: '/api/v1/vpcs', body: { metadata: { name: 5 }, spec: GOOD_SPEC }, status: 400, code: 'invalid', says: /metadata.name: expected a string, got 5/ },
  { what: 'metadata.name null', method: 'POST', path: '/api/v1/vpcs', body: { metadata: { name: null }, spec: GOOD_SPEC }, status: 400, code: 'invalid', says: /metadata.name/ },
  { what: 'tenant null', method: 'POST', path: '/api/v1/vpcs', body: { metadata: { name: 'x' }, spec: { ...GOOD_SPEC, tenant: null } }, status: 400, code: 'invalid', says: /spec.tenant/ },
  { what: 'subnets a list', method: 'POST', path: '/api/v1/vpcs', body: { metadata: { name: 'x' }, spec: { tenant: 'acme', subnets: [{ cidr: '10.86.0.0/24' }] } }, status: 400, code: 'invalid', says: /spec.subnets/ },
  { what: 'a cidr of the wrong type', method: 'POST', path: '/api/v1/vpcs', body: { metadata: { name: 'x' }, spec: { tenant: 'acme', subnets: { web: { cidr: 10 } } } }, status: 400, code: 'invalid', says: /spec.subnets.web.cidr/ },
  { what: 'a cidr that is no address', method: 'POST', path: '/api/v1/vpcs', body: { metadata: { name: 'x' }, spec: { tenant: 'acme', subnets: { web: { cidr: '999.1.0.0/24' } } } }, status: 400, code: 'invalid', says: /expected an IPv4 prefix/ },
  { what: 'a cidr with host bits', method: 'POST', path: '/api/v1/vpcs', body: { metadata: { name: 'x' }, spec: { tenant: 'acme', subnets: { web: { cidr: '10.86.0.5/24' } } } }, status: 400, code: 'invalid', says: /host bits/ },
  { what: 'a 100 kB name', method: 'POST', path: '/api/v1/vpcs', body: { metadata: { name: HUGE }, spec: GOOD_SPEC }, status: 400, code: 'invalid', says: /is not a valid name/ },
  { what: 'a 100 kB description', method: 'POST', path: '/api/v1/vpcs', body: { metadata: { name: 'x' }, spec: { ...GOOD_SPEC, description: HUGE } }, status: 400, code: 'invalid', says: /spec.description/ },
  { what: 'a 100 kB tenant', method: 'POST', path: '/api/v1/vpcs', body: { metadata: { name: 'x' }, spec: { ...GOOD_SPEC, tenant: HUGE } }, status: 400, code: 'invalid', says: /spec.tenant/ },
  { what: 'a unicode name', method: 'POST', path: '/api/v1/vpcs', body: { metadata: { name: 'vpc-ünïcödé-🙂' }, spec: GOOD_SPEC }, status: 400, code: 'invalid', says: /is not a valid name/ },
  { what: 'a right-to-left and zero-width name', method: 'POST', path: '/api/v1/vpcs', body: { metadata: { name: 'a\u202eb\u200bc' }, spec: GOOD_SPEC }, status: 400, code: 'invalid', says: /is not a valid name/ },
  { what: 'a path as the name', method: 'POST', path: '/api/v1/vpcs', body: { metadata: { name: '../etc/passwd' }, spec: GOOD_SPEC }, status: 400, code: 'invalid', says: /"..\/etc\/passwd" is not a valid name/ },
  { what: 'a path as the namespace', method: 'POST', path: '/api/v1/vpcs', body: { metadata: { name: 'x', namespace: '../../root' }, spec: GOOD_SPEC }, status: 400, code: 'invalid', says: /metadata.namespace/ },
  { what: 'an upper-case namespace', method: 'POST', path: '/api/v1/vpcs', body: { metadata: { name: 'x', namespace: 'UPPER' }, spec: GOOD_SPEC }, status: 400, code: 'invalid', says: /metadata.namespace/ },
  { what: 'a label value that is a number', method: 'POST', path: '/api/v1/vpcs', body: { metadata: { name: 'x', labels: { team: 5 } }, spec: GOOD_SPEC }, status: 400, code: 'invalid', says: /metadata.labels.team: expected a string/ },
  { what: 'a misspelt spec field, with a hint', method: 'POST', path: '/api/v1/vpcs', body: { metadata: { name: 'x' }, spec: { ...GOOD_SPEC, tenatn: 'acme' } }, status: 400, code: 'invalid', says: /did you mean "tenant"\?/ },
  { what: 'a VLAN field, which the policy decides', method: 'POST', path: '/api/v1/vpcs', body: { metadata: { name: 'x' }, spec: { ...GOOD_SPEC, vlan: 100 } }, status: 400, code: 'invalid', says: /unknown field "vlan"/ },
  { what: 'an unknown subnet field', method: 'POST', path: '/api/v1/vpcs', body: { metadata: { name: 'x' }, spec: { tenant: 'acme', subnets: { web: { cidr: '10.86.0.0/24', vni: 5 } } } }, status: 400, code: 'invalid', says: /unknown field "vni"/ },
  { what: 'a wrong apiVersion', method: 'POST', path: '/api/v1/vpcs', body: { apiVersion: 'vpc.weft.dev/v2', kind: 'VPC', metadata: { name: 'x' }, spec: GOOD_SPEC }, status: 400, code: 'invalid', says: /use apiVersion vpc.weft.dev\/v1alpha1/ },
  { what: 'a body of another kind', method: 'POST', path: '/api/v1/vpcs', body: { apiVersion: 'wiring.weft.dev/v1alpha1', kind: 'Switch', metadata: { name: 'x' }, spec: { role: 'leaf', os: 'sonic' } }, status: 400, code: 'invalid', says: /the body is a Switch, this is the VPC collection/ },
  { what: 'kind null', method: 'POST', path: '/api/v1/vpcs', body: { kind: null, metadata: { name: 'x' }, spec: GOOD_SPEC }, status: 400, code: 'invalid' },
  { what: 'a namespace on a cluster-wide kind', method: 'POST', path: '/api/v1/switches', body: { metadata: { name: 'x', namespace: 'default' }, spec: { role: 'leaf', os: 'sonic' } }, status: 400, code: 'invalid', says: /Switch is cluster-wide and takes no namespace/ },
  { what: 'an attachment to a subnet that does not exist', method: 'POST', path: '/api/v1/vpc-attachments', body: attachmentBody('x', 'blue/nope', 'server2--leaf1'), status: 400, code: 'invalid', says: /VPC default\/blue has no subnet "nope"/ },
  { what: 'a peering of a VPC with itself', method: 'POST', path: '/api/v1/vpc-peerings', body: { metadata: { name: 'x' }, spec: { vpcs: ['blue', 'blue'] } }, status: 400, code: 'invalid', says: /peers blue with itself/ },
  { what: 'a token request of the wrong shape', method: 'POST', path: '/api/v1/tokens', body: ['admin'], status: 400, code: 'invalid' },
  { what: 'a token request with an unknown field', method: 'POST', path: '/api/v1/tokens', body: { name: 'x', role: 'viewer', admin: true }, status: 400, code: 'invalid', says: /admin: unknown field/ },
  { what: 'a token with an unknown role', method: 'POST', path: '/api/v1/tokens', body: { name: 'x', role: 'root' }, status: 400, code: 'invalid', says: /role: one of architect, tenant, viewer, agent/ },
  { what: 'invalid JSON', method: 'POST', path: '/api/v1/vpcs', raw: '{"metadata": {"name": "x"', status: 400, code: 'invalid-json', says: /not valid JSON/ },
  { what: 'JSON with a trailing comma', method: 'POST', path: '/api/v1/vpcs', raw: '{"metadata": {"name": "x"},}', status: 400, code: 'invalid-json' },
  { what: 'an empty body that says JSON', method: 'POST', path: '/api/v1/vpcs', raw: '', status: 400, code: 'invalid', says: /the body must be a VPC object/ },
  { what: 'a __proto__ key', method: 'POST', path: '/api/v1/vpcs', raw: '{"__proto__": {"admin": true}, "metadata": {"name": "x"}}', status: 400, code: 'invalid-json', says: /__proto__/ },
  { what: 'a body over 1 MiB', method: 'POST', path: '/api/v1/vpcs', raw: JSON.stringify({ metadata: { name: 'x' }, spec: { description: 'a'.repeat(1_100_000) } }), status: 413, code: 'too-large' },
  { what: 'a YAML body', method: 'POST', path: '/api/v1/vpcs', raw: 'metadata:\n  name: x\n', contentType: 'application/yaml', status: 415, code: 'unsupported-media-type' },
  { what: 'an XML body', method: 'PUT', path: '/api/v1/vpcs/blue', raw: '<vpc/>', contentType: 'application/xml', status: 415, code: 'unsupported-media-type' },
  { what: 'a plain-text body', method: 'POST', path: '/api/v1/vpcs', raw: '{"metadata":{"name":"x"}}', contentType: 'text/plain', status: 415, code: 'unsupported-media-type' },
  { what: 'metadata.name not matching the URL', method: 'PUT', path: '/api/v1/vpcs/blue', body: vpcBody('green', '10.10.1.0/24'), status: 400, code: 'invalid', says: /metadata.name "green" does not match the URL \(blue\)/ },
  { what: 'metadata.namespace not matching ?namespace=', method: 'PUT', path: '/api/v1/vpcs/shop?namespace=globex', body: vpcBody('shop', '10.30.1.0/24', { namespace: 'default', tenant: 'globex' }), status: 400, code: 'invalid', says: /does not match/ },
  { what: 'metadata a string on replace', method: 'PUT', path: '/api/v1/vpcs/blue', body: { metadata: 'blue', spec: GOOD_SPEC }, status: 400, code: 'invalid', says: /metadata/ },
  { what: 'metadata a list on replace', method: 'PUT', path: '/api/v1/vpcs/blue', body: { metadata: ['blue'], spec: GOOD_SPEC }, status: 400, code: 'invalid', says: /metadata/ },
  { what: 'spec missing on replace', method: 'PUT', path: '/api/v1/vpcs/blue', body: { metadata: { name: 'blue' } }, status: 400, code: 'invalid', says: /spec: required field is missing/ },
  { what: 'null on replace', method: 'PUT', path: '/api/v1/vpcs/blue', body: null, status: 400, code: 'invalid' },
  { what: 'a path in the URL name', method: 'GET', path: '/api/v1/vpcs/..%2F..%2Fetc%2Fpasswd', status: 404, code: 'not-found' },
  { what: 'a path in the URL name, on delete', method: 'DELETE', path: '/api/v1/vpcs/..%2Fblue', status: 404, code: 'not-found' },
  { what: 'a unicode URL name', method: 'GET', path: `/api/v1/vpcs/${encodeURIComponent('blüe')}`, status: 404, code: 'not-found' },
  { what: 'a NUL in the URL name', method: 'GET', path: '/api/v1/vpcs/blue%00', status: 404, code: 'not-found' },
  { what: 'a broken percent-escape', method: 'GET', path: '/api/v1/vpcs/%ZZ', status: 400, code: 'invalid' },
  { what: 'an unknown collection', method: 'GET', path: '/api/v1/routers', status: 404, code: 'not-found', says: /no collection \/api\/v1\/routers/ },
  { what: 'a create in an unknown collection', method: 'POST', path: '/api/v1/routers', body: vpcBody('x', '10.86.0.0/24'), status: 404, code: 'not-found' },
  { what: 'limit=-1', method: 'GET', path: '/api/v1/vpcs?limit=-1', status: 400, code: 'invalid', says: /limit must be a whole number from 1/ },
  { what: 'limit=0', method: 'GET', path: '/api/v1/vpcs?limit=0', status: 400, code: 'invalid', says: /limit/ },
  { what: 'limit=ten', method: 'GET', path: '/api/v1/vpcs?limit=ten', status: 400, code: 'invalid', says: /limit/ },
  { what: 'limit given twice', method: 'GET', path: '/api/v1/vpcs?limit=1&limit=2', status: 400, code: 'invalid', says: /query parameter limit is given 2 times/ },
  { what: 'namespace=UPPER', method: 'GET', path: '/api/v1/vpcs?namespace=UPPER', status: 400, code: 'invalid', says: /namespace "UPPER" is not a valid namespace name/ },
  { what: 'a path as ?namespace=', method: 'GET', path: '/api/v1/vpcs/blue?namespace=..%2Fetc', status: 400, code: 'invalid', says: /namespace/ },
  { what: 'a labelSelector without =', method: 'GET', path: '/api/v1/vpcs?labelSelector=tier', status: 400, code: 'invalid', says: /labelSelector takes key=value pairs/ },
  { what: 'dryRun=maybe on create', method: 'POST', path: '/api/v1/vpcs?dryRun=maybe', body: vpcBody('maybe', '10.86.0.0/24'), status: 400, code: 'invalid', says: /dryRun must be true or false, got "maybe"/ },
  { what: 'dryRun=maybe on replace', method: 'PUT', path: '/api/v1/vpcs/blue?dryRun=maybe', body: vpcBody('blue', '10.10.1.0/24'), status: 400, code: 'invalid', says: /dryRun/ },
  { what: 'dryRun=maybe on delete', method: 'DELETE', path: '/api/v1/vpc-attachments/server1-blue-web?dryRun=maybe', status: 400, code: 'invalid', says: /dryRun/ },
  { what: 'a misspelt dryRun, which must not write for real', method: 'POST', path: '/api/v1/vpcs?dryrun=true', body: vpcBody('typo', '10.86.0.0/24'), status: 400, code: 'invalid', says: /unknown query parameter "dryrun"/ },
  { what: 'a misspelt labelSelector, which must not list everything', method: 'GET', path: '/api/v1/vpcs?labelselector=tier%3Dgold', status: 400, code: 'invalid', says: /unknown query parameter "labelselector"/ },
  { what: 'an audit filter of an unknown kind', method: 'GET', path: '/api/v1/audit?kind=Router', status: 400, code: 'invalid', says: /unknown kind Router/ },
  { what: 'an audit since that is no date', method: 'GET', path: '/api/v1/audit?since=yesterday', status: 400, code: 'invalid', says: /since must be a date and time/ },
  { what: 'an audit id that is no number', method: 'GET', path: '/api/v1/audit/..%2F1', status: 404, code: 'not-found' },
  { what: 'an agent status of the wrong type', method: 'PUT', path: '/api/v1/agents/leaf1/status', body: { appliedGeneration: 'latest' }, status: 400, code: 'invalid', says: /status.appliedGeneration/ },
  { what: 'an agent status ahead of the desired generation', method: 'PUT', path: '/api/v1/agents/leaf1/status', body: { appliedGeneration: 1_000_000 }, status: 400, code: 'invalid', says: /is ahead of the desired generation/ },
  { what: 'a status for a switch that does not exist', method: 'PUT', path: '/api/v1/agents/leaf99/status', body: { appliedGeneration: 1 }, status: 404, code: 'not-found' },
];

test(`${MALFORMED.length} malformed requests: each a clear 4xx JSON error, never a 500, and nothing changes`, async () => {
  assert.ok(MALFORMED.length >= 40);
  const before = await snapshot();
  for (const request of MALFORMED) {
    const options = {
      ...(request.body === undefined ? {} : { body: request.body }),
      ...(request.raw === undefined ? {} : { raw: request.raw }),
      ...(request.contentType === undefined ? {} : { contentType: request.contentType }),
    };
    let error: ErrorBody;
    try {
      error = await refused(request.method, request.path, request.status, request.code, options);
    } catch (e) {
      throw new Error(`${request.what}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    if (request.says !== undefined) {
      const said = [error.message, ...(error.diagnostics ?? []).flatMap((d) => [d.path, d.message, d.hint ?? ''])].join('\n');
      assert.match(said, request.says, request.what);
    }
    assert.ok(error.message.length <= 1100, `${request.what}: the message is clipped, not an echo of the request`);
  }
  assert.equal(await snapshot(), before, 'the stored data is unchanged');
  assert.deepEqual(
    service.errors.filter((line) => line.msg === 'unhandled error'),
    [],
    'no request was an unhandled error',
  );
});

test('the diagnostics of a 400 are those of weft validate: code, path, message, severity, hint', async () => {
  const error = await refused('POST', '/api/v1/vpcs', 400, 'invalid', { body: { metadata: { name: 'x' }, spec: { tenatn: 'acme', subnets: { web: { cidr: '10.86.0.5/24' } } } } });
  assert.deepEqual(error.diagnostics, [
    { code: 'WF103', path: 'VPC default/x spec.tenant', message: 'required field is missing', severity: 'error' },
    { code: 'WF103', path: 'VPC default/x spec.tenatn', message: 'unknown field "tenatn"', severity: 'error', hint: 'did you mean "tenant"?' },
  ]);
});

// ---- the event stream ---------------------------------------------------------------------------

test('event stream ids: a client that reconnects with Last-Event-ID gets what it missed; an id that cannot be resumed is a 410', async () => {
  const stream = await openStream(service.base, ADMIN_TOKEN, '/api/v1/events?kind=VPC');
  await ok('POST', '/api/v1/vpcs', 201, { body: vpcBody('resume-1', '10.90.0.0/24') });
  const first = await stream.next();
  stream.close();
  assert.match(first.id ?? '', /^[0-9a-f]{8}\.[0-9]+$/);
  // while the client is away
  await ok('POST', '/api/v1/vpcs', 201, { body: vpcBody('resume-2', '10.90.1.0/24') });
  await ok('DELETE', '/api/v1/vpcs/resume-1', 200);
  const resumed = await openStream(service.base, ADMIN_TOKEN, '/api/v1/events?kind=VPC', first.id);
  try {
    const missed = [await resumed.next(), await resumed.next()];
    assert.deepEqual(missed.map((e) => `${e.type} ${e.object.metadata.name}`), ['ADDED resume-2', 'DELETED resume-1']);
    await ok('DELETE', '/api/v1/vpcs/resume-2', 200);
    const live = await resumed.next();
    assert.deepEqual(`${live.type} ${live.object.metadata.name}`, 'DELETED resume-2');
    assert.ok(Number(live.id?.split('.')[1]) > Number(missed[1]?.id?.split('.')[1]), 'ids grow');
  } finally {
    resumed.close();
  }
  for (const id of ['0123abcd.1', 'garbage']) {
    const gone = await fetch(`${service.base}/api/v1/events`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'last-event-id': id } });
    assert.equal(gone.status, 410, id);
    const body = (await gone.json()) as ErrorBody;
    assert.equal(body.code, 'gone');
    assert.match(body.message, /list the objects again, then open the stream without Last-Event-ID/);
  }
});

test('the event stream sends each written object as a read shows it; ?kind= filters', async () => {
  const stream = await openStream(service.base, ADMIN_TOKEN, '/api/v1/events?kind=VPC');
  try {
    await ok('POST', '/api/v1/vpcs', 201, { body: vpcBody('stream', '10.87.0.0/24') });
    const added = await stream.next();
    assert.equal(added.type, 'ADDED');
    assert.deepEqual(added.object, (await ok('GET', '/api/v1/vpcs/stream', 200)).body);

    // a Server is no VPC: it is left out
    await ok('PUT', '/api/v1/servers/server6', 200, { body: { apiVersion: 'wiring.weft.dev/v1alpha1', kind: 'Server', metadata: { name: 'server6' }, spec: { description: 'web host in rack 4, streamed' } } });
    await ok('PUT', '/api/v1/vpcs/stream', 200, { body: vpcBody('stream', '10.87.0.0/24', { description: 'described' }) });
    const replaced = await stream.next();
    assert.equal(replaced.type, 'MODIFIED');
    assert.equal(replaced.object.metadata.generation, 2);
    assert.equal((replaced.object.spec as { description: string }).description, 'described');

    await ok('DELETE', '/api/v1/vpcs/stream', 200);
    const deleted = await stream.next();
    assert.equal(deleted.type, 'DELETED');
    assert.equal(deleted.object.metadata.name, 'stream');
  } finally {
    stream.close();
  }
});

// ---- the OpenAPI document against the routes served ------------------------------------------

type OpenApiOperation = Record<string, unknown>;
type OpenApiPaths = Record<string, Record<string, OpenApiOperation>>;

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** `/api/v1/vpcs/{name}` and `/api/v1/:collection/:name` both become `/api/v1/vpcs/*`. */
function normalise(path: string): string {
  return path.replace(/\{[^}]+\}|:[A-Za-z]+/g, '*');
}

/**
 * The routes Fastify has, from its route tree (`printRoutes`): one `METHOD /path` per route,
 * without the HEAD routes it adds for every GET.
 */
function servedRoutes(app: NestFastifyApplication): string[] {
  const fastify: FastifyInstance = app.getHttpAdapter().getInstance();
  const tree = fastify.printRoutes({ commonPrefix: false });
  const stack: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+) \(([A-Z, ]+)\)$/.exec(line);
    if (match === null) continue;
    const depth = (match[1] ?? '').length / 4;
    stack.length = depth;
    stack.push(match[2] ?? '');
    const path = stack.join('');
    for (const method of (match[3] ?? '').split(', ')) if (method !== 'HEAD') routes.push(`${method} ${path}`);
  }
  return routes;
}

/** A path of the document with its parameters filled: names that exist nowhere, ids that too. */
function concretePath(path: string): string {
  return path.replace('{name}', 'leaf1').replace('{id}', '999999');
}

test('the OpenAPI document lists exactly the routes the service serves', async () => {
  const document = JSON.parse(await readFile(`${ROOT}api/openapi.json`, 'utf8')) as { paths: OpenApiPaths };
  const served = await ok<{ paths: OpenApiPaths }>('GET', '/api/openapi.json', 200);
  assert.deepEqual(served.body, document, 'the service serves the committed document');

  const documented = Object.entries(document.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((key) => HTTP_METHODS.includes(key))
      .map((method) => ({ route: `${method.toUpperCase()} ${path}`, dryRun: JSON.stringify(item[method]?.parameters ?? []).includes('dryRun') })),
  );
  const documentedShapes = new Set(documented.map(({ route }) => normalise(route)));
  // the generic /api/v1/:collection routes serve every kind but Agent, which has routes of its own
  const collections = Object.entries(REST_COLLECTIONS)
    .filter(([kind]) => kind !== 'Agent')
    .map(([, collection]) => collection);
  const routes = servedRoutes(service.app)
    .filter((route) => route.split(' ')[1]?.startsWith('/api/') === true)
    .flatMap((route) => (route.includes(':collection') ? collections.map((collection) => route.replace(':collection', collection)) : [route]));
  assert.ok(routes.length > 60, `${routes.length} routes`);
  for (const route of routes) assert.ok(documentedShapes.has(normalise(route)), `${route} is served but not in the OpenAPI document`);

  // every documented route answers from a handler, not the router's "Cannot GET ..."
  for (const { route, dryRun } of documented) {
    const [method, path] = route.split(' ') as [string, string];
    const url = `${service.base}${concretePath(path)}${dryRun ? '?dryRun=true' : ''}`;
    const controller = new AbortController();
    const withBody = method === 'PUT' || method === 'POST';
    // a list is no valid body for any write: nothing is written
    const response = await fetch(url, {
      method,
      signal: controller.signal,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(withBody ? { 'content-type': 'application/json' } : {}) },
      ...(withBody ? { body: '[]' } : {}),
    });
    const contentType = response.headers.get('content-type') ?? '';
    if (contentType.startsWith('text/event-stream')) {
      assert.equal(response.status, 200, route);
      controller.abort();
      continue;
    }
    const text = await response.text();
    assert.notEqual(response.status, 500, `${route}: ${text.slice(0, 200)}`);
    assert.ok(!(response.status === 404 && /"message":"Cannot [A-Z]+ /.test(text)), `${route} is documented but the router does not know it: ${text.slice(0, 200)}`);
  }
});

test('every field an answer carries is declared in the OpenAPI document, with its type', async () => {
  const document = JSON.parse(await readFile(`${ROOT}api/openapi.json`, 'utf8')) as OpenApiDocument;
  const checked: string[] = [];
  const check = async (method: string, url: string, documented: string, status: number, options: RequestOptions = {}): Promise<Record<string, unknown>> => {
    const reply = await ok<Record<string, unknown>>(method, url, status, options);
    assert.deepEqual(undeclared(document, responseSchema(document, method, documented, String(status)), reply.body), [], `${method} ${url}`);
    checked.push(`${method} ${documented}`);
    return reply.body;
  };
  for (const [kind, collection] of Object.entries(REST_COLLECTIONS)) {
    const list = (await check('GET', `/api/v1/${collection}`, `/api/v1/${collection}`, 200)) as unknown as List;
    const first = list.items[0];
    assert.ok(first !== undefined, `the sample fabric has a ${kind}`);
    const namespace = first.metadata.namespace === undefined || kind === 'Agent' ? '' : `?namespace=${first.metadata.namespace}`;
    await check('GET', `/api/v1/${collection}/${first.metadata.name}${namespace}`, `/api/v1/${collection}/{name}`, 200);
  }
  await check('GET', '/api/v1/vpcs?limit=1', '/api/v1/vpcs', 200);
  await check('GET', '/api/v1/agents?limit=1', '/api/v1/agents', 200);
  const body = vpcBody('described', '10.91.0.0/24');
  await check('POST', '/api/v1/vpcs?dryRun=true', '/api/v1/vpcs', 200, { body });
  await check('POST', '/api/v1/vpcs', '/api/v1/vpcs', 201, { body });
  await check('PUT', '/api/v1/vpcs/described', '/api/v1/vpcs/{name}', 200, { body });
  await check('PATCH', '/api/v1/vpcs/described', '/api/v1/vpcs/{name}', 200, { contentType: 'application/merge-patch+json', body: { spec: { description: 'x' } } });
  await check('DELETE', '/api/v1/vpcs/described?dryRun=true', '/api/v1/vpcs/{name}', 200);
  await check('DELETE', '/api/v1/vpcs/described', '/api/v1/vpcs/{name}', 200);
  await check('GET', '/api/v1/vpcs/blue/explain', '/api/v1/vpcs/{name}/explain', 200);
  await check('GET', '/api/v1/whoami', '/api/v1/whoami', 200);
  const created = await check('POST', '/api/v1/tokens', '/api/v1/tokens', 201, { body: { name: 'shape-acme', role: 'tenant', tenant: 'acme', ttlSeconds: 3600 } });
  await check('GET', '/api/v1/tokens', '/api/v1/tokens', 200);
  await check('GET', '/api/v1/tokens/shape-acme', '/api/v1/tokens/{name}', 200);
  // a tenant reads a Switch as its own VPCs on it
  await check('GET', '/api/v1/switches/leaf1', '/api/v1/switches/{name}', 200, { token: String(created.token) });
  const audit = (await check('GET', '/api/v1/audit?limit=5', '/api/v1/audit', 200)) as { items: AuditEntry[] };
  await check('GET', `/api/v1/audit/${audit.items[0]?.id ?? 0}`, '/api/v1/audit/{id}', 200);
  await check('PUT', '/api/v1/agents/leaf2/status', '/api/v1/agents/{name}/status', 200, { body: { appliedGeneration: 1, bgpNeighbors: [{ peer: 'Ethernet48', state: 'Established' }] } });
  await check('DELETE', '/api/v1/tokens/shape-acme', '/api/v1/tokens/{name}', 200);
  assert.ok(checked.length > 30, `${checked.length} answers checked`);
});
