// GraphQL at /graphql against the real service: the fabric store on embedded PostgreSQL seeded
// with the sample fabric, the token service, and the HTTP app on a loopback port. What a GraphQL
// client sees: data in the schema's shape, refused writes as errors with the store's code and
// diagnostics, tenants walled off, malformed requests as 400 (never a 500), and subscriptions as
// server-sent events whose store listener goes away with the client.
import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { getIntrospectionQuery } from 'graphql';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RawDocument } from '#domain';
import { loadConfig } from '../src/config.js';
import { MAX_ALIASES, MAX_DEPTH, MAX_INTROSPECTION_DEPTH, MAX_QUERY_BYTES } from '../src/graphql/limits.js';
import { isDateTime, serializeDateTime } from '../src/graphql/scalars.js';
import { createJsonLogger } from '../src/observability/logger.js';
import { createMetrics } from '../src/observability/metrics.js';
import { createHttpApp } from '../src/server.js';
import type { FabricStore } from '../src/store/fabric-store.js';
import { sampleFabric } from '../src/store/seed.js';
import type { Actor } from '../src/store/store.types.js';
import type { TokenService } from '../src/tokens/token.service.js';
import { startStoreApp } from './support/app.js';
import { startTestDatabase, type TestDatabase } from './support/postgres.js';

const ADMIN_TOKEN = 'graphql-test-admin-token-0123456789';
const ADMIN: Actor = { name: 'admin', role: 'architect' };

interface Service {
  readonly base: string;
  readonly store: FabricStore;
  readonly app: NestFastifyApplication;
  /** log lines, parsed */
  readonly logs: Record<string, unknown>[];
}

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; path?: string[]; locations?: unknown[]; extensions?: { code?: string; diagnostics?: { code: string; path: string; message: string }[] } }[];
  };
}

let pg: TestDatabase;
let service: Service & { tokens: TokenService };
const tokens: Record<'admin' | 'acme' | 'globex' | 'viewer', string> = { admin: ADMIN_TOKEN, acme: '', globex: '', viewer: '' };

/** The app as `weft serve` builds it (StoreModule, seeded), on `url`. */
async function startStoreService(url: string, seed: () => Promise<readonly RawDocument[]> = () => sampleFabric()): Promise<Service & { tokens: TokenService }> {
  const logs: Record<string, unknown>[] = [];
  const logger = createJsonLogger({ level: 'warn', write: (line) => logs.push(JSON.parse(line) as Record<string, unknown>) });
  const started = await startStoreApp(url, { adminToken: ADMIN_TOKEN, seed, logger });
  return { base: started.base, store: started.store, app: started.app, logs, tokens: started.tokens };
}

/** A second app over the same store and tokens (given as they are, as a test may). */
async function startService(store: FabricStore, tokenService: TokenService): Promise<Service> {
  const logs: Record<string, unknown>[] = [];
  const logger = createJsonLogger({ level: 'warn', write: (line) => logs.push(JSON.parse(line) as Record<string, unknown>) });
  const app = await createHttpApp({ store, tokens: tokenService, metrics: createMetrics({ processMetrics: false }), logger, ready: () => Promise.resolve(true) }, loadConfig({}));
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  assert.ok(typeof address === 'object' && address !== null);
  return { base: `http://127.0.0.1:${address.port}`, store, app, logs };
}

before(async () => {
  pg = await startTestDatabase();
  service = await startStoreService(pg.url);
  const tokenService = service.tokens;
  tokens.acme = (await tokenService.create({ name: 'acme-ci', role: 'tenant', tenant: 'acme' }, ADMIN)).token;
  tokens.globex = (await tokenService.create({ name: 'globex-ci', role: 'tenant', tenant: 'globex' }, ADMIN)).token;
  tokens.viewer = (await tokenService.create({ name: 'noc', role: 'viewer' }, ADMIN)).token;
});

after(async () => {
  await service.app.close();
  await pg.stop();
});

interface RequestOptions {
  readonly variables?: Record<string, unknown>;
  readonly operationName?: string;
  readonly token?: string | undefined;
  readonly requestId?: string;
}

function headersFor(options: RequestOptions): Record<string, string> {
  const token = 'token' in options ? options.token : ADMIN_TOKEN;
  return {
    'content-type': 'application/json',
    ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    ...(options.requestId === undefined ? {} : { 'x-request-id': options.requestId }),
  };
}

async function answer(response: Response): Promise<Answer> {
  assert.notEqual(response.status, 500, 'never a 500');
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  return { status: response.status, headers: response.headers, body: (await response.json()) as Answer['body'] };
}

async function postBody(body: unknown, options: RequestOptions = {}, path = '/graphql'): Promise<Answer> {
  return answer(await fetch(`${service.base}${path}`, { method: 'POST', headers: headersFor(options), body: typeof body === 'string' ? body : JSON.stringify(body) }));
}

function graphql(query: string, options: RequestOptions = {}): Promise<Answer> {
  return postBody({ query, ...(options.variables === undefined ? {} : { variables: options.variables }), ...(options.operationName === undefined ? {} : { operationName: options.operationName }) }, options);
}

/** The data of a request that must succeed: 200, no errors. */
async function data(query: string, options: RequestOptions = {}): Promise<Record<string, unknown>> {
  const result = await graphql(query, options);
  assert.equal(result.status, 200, JSON.stringify(result.body));
  assert.equal(result.body.errors, undefined, JSON.stringify(result.body.errors));
  assert.ok(result.body.data !== undefined && result.body.data !== null);
  return result.body.data;
}

/** The one error of a write the store refused: still 200 (the request ran), no data. */
async function refused(query: string, code: string, options: RequestOptions = {}): Promise<NonNullable<Answer['body']['errors']>[number]> {
  const result = await graphql(query, options);
  assert.equal(result.status, 200, JSON.stringify(result.body));
  assert.equal(result.body.errors?.length, 1, JSON.stringify(result.body));
  const [error] = result.body.errors ?? [];
  assert.ok(error !== undefined);
  assert.equal(error.extensions?.code, code, error.message);
  return error;
}

/** A request that cannot run: 400 with errors and no data. */
async function badRequest(result: Promise<Answer>, pattern: RegExp, status = 400): Promise<Answer> {
  const bad = await result;
  assert.equal(bad.status, status, JSON.stringify(bad.body));
  assert.equal(bad.body.data, undefined);
  assert.ok((bad.body.errors?.length ?? 0) > 0);
  assert.match(bad.body.errors?.[0]?.message ?? '', pattern);
  return bad;
}

const vpcInput = (name: string, tenant: string, cidr: string): string => `{metadata: {name: "${name}"}, spec: {tenant: "${tenant}", subnets: {web: {cidr: "${cidr}"}}}}`;

interface VpcView {
  metadata: { name: string; namespace: string; uid: string; creationTimestamp: string };
  spec: { tenant: string; subnets: Record<string, { cidr: string }> };
  status: { isolation: string; rule: string | null; vrf: string; vni: number | null; subnets: Record<string, { vlan?: number; vni?: number }>; conditions: { type: string; status: string; reason: string }[] };
}

test('vpcs: every VPC with its status nested as in REST: isolation, rule, VRF, L3VNI, subnets as JSON, conditions', async () => {
  const {
    vpcs: { nodes: vpcs, totalCount },
  } = (await data(`{
    vpcs {
      nodes {
        metadata { name namespace uid creationTimestamp }
        spec { tenant subnets }
        status { isolation rule vrf vni subnets conditions { type status reason } }
      }
      totalCount
    }
  }`)) as { vpcs: { nodes: VpcView[]; totalCount: number } };
  assert.equal(totalCount, 3);
  assert.deepEqual(
    vpcs.map((v) => `${v.metadata.namespace}/${v.metadata.name}`),
    ['default/blue', 'default/green', 'globex/shop'],
  );
  const blue = vpcs[0]!;
  const stored = service.store.get({ kind: 'VPC', name: 'blue' }, ADMIN);
  const storedStatus = stored.status as VpcView['status'];
  assert.equal(blue.metadata.uid, stored.metadata.uid);
  assert.ok(isDateTime(blue.metadata.creationTimestamp));
  assert.deepEqual(blue.spec.subnets, { web: { cidr: '10.10.1.0/24', dhcp: { enable: true, range: { start: '10.10.1.100', end: '10.10.1.199' }, leaseTime: 600, dnsServers: ['10.10.1.53'] } }, app: { cidr: '10.10.2.0/24', isolated: true }, db: { cidr: '10.10.3.0/24', description: 'databases, reachable from green/api through the peering' } });
  assert.equal(blue.status.isolation, 'evpn-l3vni');
  assert.equal(typeof blue.status.vni, 'number');
  assert.equal(blue.status.vni, storedStatus.vni);
  assert.equal(blue.status.vrf, storedStatus.vrf);
  // the subnets map is JSON: the store's numbers, unchanged
  assert.deepEqual(blue.status.subnets, storedStatus.subnets);
  assert.deepEqual(Object.keys(blue.status.subnets).sort(), ['app', 'db', 'web']);
  assert.ok(Object.values(blue.status.subnets).every((subnet) => typeof subnet.vni === 'number'));
  assert.deepEqual(blue.status.conditions.find((c) => c.type === 'Accepted'), { type: 'Accepted', status: 'True', reason: storedStatus.conditions.find((c) => c.type === 'Accepted')?.reason });
  const shop = vpcs[2]!;
  assert.equal(shop.status.isolation, 'evpn-l2vni');
  assert.equal(shop.status.rule, 'l2-only');
  assert.equal(shop.status.vni, null, 'an L2VNI VPC has no L3VNI');

  const inGlobex = (await data('{ vpcs(namespace: "globex") { nodes { metadata { name } } } }')) as { vpcs: { nodes: VpcView[] } };
  assert.deepEqual(
    inGlobex.vpcs.nodes.map((v) => v.metadata.name),
    ['shop'],
  );
});

interface Page {
  readonly edges: { cursor: string; node: { metadata: { name: string; namespace: string } } }[];
  readonly pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  readonly totalCount: number;
}

test('connections: first items after a cursor, pageInfo to read on, totalCount; a cursor stays valid while objects come and go', async () => {
  const page = async (after?: string): Promise<Page> =>
    ((await data('query ($after: String) { vpcs(first: 2, after: $after) { edges { cursor node { metadata { name namespace } } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } totalCount } }', { variables: { after } })) as { vpcs: Page }).vpcs;
  const first = await page();
  assert.deepEqual(first.edges.map((e) => e.node.metadata.name), ['blue', 'green']);
  assert.deepEqual({ ...first.pageInfo, startCursor: first.pageInfo.startCursor === first.edges[0]?.cursor, endCursor: first.pageInfo.endCursor === first.edges[1]?.cursor }, { hasNextPage: true, hasPreviousPage: false, startCursor: true, endCursor: true });
  assert.equal(first.totalCount, 3);
  // a VPC created before the cursor, and one after it: the next page goes on from where it was
  await data(`mutation { createVPC(input: ${vpcInput('aaa-early', 'acme', '10.60.1.0/24')}) { dryRun } }`);
  await data(`mutation { createVPC(input: ${vpcInput('zz-late', 'acme', '10.60.2.0/24')}) { dryRun } }`);
  const second = await page(first.pageInfo.endCursor ?? '');
  assert.deepEqual(second.edges.map((e) => `${e.node.metadata.namespace}/${e.node.metadata.name}`), ['default/zz-late', 'globex/shop']);
  assert.deepEqual({ hasNextPage: second.pageInfo.hasNextPage, hasPreviousPage: second.pageInfo.hasPreviousPage }, { hasNextPage: false, hasPreviousPage: true });
  assert.equal(second.totalCount, 5);
  const empty = ((await data('{ vpcs(first: 0) { nodes { metadata { name } } pageInfo { hasNextPage startCursor } } }')) as { vpcs: { nodes: unknown[]; pageInfo: { hasNextPage: boolean; startCursor: null } } }).vpcs;
  assert.deepEqual(empty, { nodes: [], pageInfo: { hasNextPage: true, startCursor: null } });
  const badCursor = await refused('{ vpcs(first: 1, after: "not-a-cursor!") { nodes { metadata { name } } } }', 'invalid');
  assert.match(badCursor.message, /^the cursor after is not valid/);
  const negative = await refused('{ vpcs(first: -1) { nodes { metadata { name } } } }', 'invalid');
  assert.match(negative.message, /^first must be a whole number from 0/);
  await data('mutation { deleteVPC(name: "aaa-early") { dryRun } }');
  await data('mutation { deleteVPC(name: "zz-late") { dryRun } }');

  // the audit log pages newest first, by entry
  const audit = async (after?: string): Promise<{ nodes: { id: number }[]; pageInfo: { hasNextPage: boolean; endCursor: string } }> =>
    ((await data('query ($after: String) { audit(first: 2, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }', { variables: { after } })) as { audit: { nodes: { id: number }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }).audit;
  const newest = await audit();
  const older = await audit(newest.pageInfo.endCursor);
  assert.equal(newest.nodes.length, 2);
  assert.ok(newest.pageInfo.hasNextPage);
  assert.ok((older.nodes[0]?.id ?? Infinity) < (newest.nodes[1]?.id ?? 0), 'the next page starts below the last entry read');
});

test('vpc: one VPC by name, in namespace default unless another is named; null when there is none', async () => {
  const found = (await data(`{
    blue: vpc(name: "blue") { metadata { name namespace } spec { tenant } status { isolation } }
    shop: vpc(namespace: "globex", name: "shop") { metadata { name namespace } }
    shopInDefault: vpc(name: "shop") { metadata { name } }
    missing: vpc(name: "no-such-vpc") { metadata { name } }
  }`)) as Record<string, VpcView | null>;
  assert.deepEqual(found.blue, { metadata: { name: 'blue', namespace: 'default' }, spec: { tenant: 'acme' }, status: { isolation: 'evpn-l3vni' } });
  assert.deepEqual(found.shop, { metadata: { name: 'shop', namespace: 'globex' } });
  assert.equal(found.shopInDefault, null);
  assert.equal(found.missing, null);
});

test('switches and connections: enums, ports, and BGP AS numbers as Float (4-byte ASNs pass beyond Int)', async () => {
  const {
    switches: { nodes: switches },
    connection,
  } = (await data(`{
    switches { nodes { metadata { name } spec { role os asn ports } status { conditions { type status } } } }
    connection(name: "border1--external") { spec { external { switch address peer { ip asn } } } }
  }`)) as {
    switches: { nodes: { metadata: { name: string }; spec: { role: string; os: string; asn: number | null; ports: string[] | null }; status: { conditions: { type: string; status: string }[] } }[] };
    connection: { spec: { external: { switch: string; address: string; peer: { ip: string; asn: number } } } } | null;
  };
  assert.deepEqual(
    switches.map((s) => `${s.metadata.name}:${s.spec.role}:${s.spec.os}`),
    ['border1:border:vyos', 'leaf1:leaf:sonic', 'leaf2:leaf:sonic', 'leaf3:leaf:sonic', 'leaf4:leaf:sonic', 'spine1:spine:sonic', 'spine2:spine:sonic'],
  );
  assert.equal(switches.find((s) => s.metadata.name === 'leaf1')?.spec.ports?.[0], 'Ethernet0');
  assert.deepEqual(connection?.spec.external.peer, { ip: '192.0.2.1', asn: 64496 });

  // a switch with a 4-byte ASN, over 2^31 - 1: GraphQL's Int could not carry it
  const created = (await data(`mutation {
    createSwitch(input: {metadata: {name: "edge9"}, spec: {role: border, os: frr, asn: 4200000001, routerId: "10.0.9.9"}}) {
      object { metadata { name generation } spec { role os asn routerId } }
      dryRun
    }
  }`)) as { createSwitch: { object: { metadata: { name: string; generation: number }; spec: { role: string; os: string; asn: number; routerId: string } }; dryRun: boolean } };
  assert.deepEqual(created.createSwitch, { object: { metadata: { name: 'edge9', generation: 1 }, spec: { role: 'border', os: 'frr', asn: 4200000001, routerId: '10.0.9.9' } }, dryRun: false });
  const read = (await data('{ switch(name: "edge9") { spec { asn } } }')) as { switch: { spec: { asn: number } } };
  assert.equal(read.switch.spec.asn, 4_200_000_001);
  await data('mutation { deleteSwitch(name: "edge9") { dryRun } }');
});

test('createVPC: the object as saved, with its status; the audit log says it came through GraphQL, with the request id', async () => {
  const created = (await data(
    `mutation { createVPC(input: ${vpcInput('gq-red', 'acme', '10.61.0.0/24')}) {
      object { metadata { name namespace generation owner } spec { tenant subnets } status { isolation vni conditions { type status } } }
      plan { device }
      diagnostics { code }
      dryRun
    } }`,
    { requestId: 'graphql-test-create-1' },
  )) as { createVPC: { object: VpcView & { metadata: { generation: number; owner: string } }; plan: unknown[]; diagnostics: unknown[]; dryRun: boolean } };
  const { object } = created.createVPC;
  assert.deepEqual(object.metadata, { name: 'gq-red', namespace: 'default', generation: 1, owner: 'api' });
  assert.deepEqual(object.spec, { tenant: 'acme', subnets: { web: { cidr: '10.61.0.0/24' } } });
  assert.equal(object.status.isolation, 'evpn-l3vni');
  assert.equal(typeof object.status.vni, 'number');
  assert.equal(created.createVPC.dryRun, false);
  assert.deepEqual(created.createVPC.diagnostics, []);
  // REST sees the same object
  const rest = (await (await fetch(`${service.base}/api/v1/vpcs/gq-red`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json()) as VpcView;
  assert.equal(rest.status.vni, object.status.vni);

  const {
    audit: { nodes: audit },
  } = (await data('{ audit(kind: "VPC", name: "gq-red") { nodes { id at actor role tenant via requestId action kind namespace name after } } }')) as {
    audit: { nodes: { id: number; at: string; actor: string; role: string; tenant: string; via: string; requestId: string; action: string; kind: string; namespace: string; name: string; after: unknown }[] };
  };
  assert.equal(audit.length, 1);
  const [entry] = audit;
  assert.ok(entry !== undefined && isDateTime(entry.at));
  assert.deepEqual(
    { ...entry, id: 0, at: '' },
    { id: 0, at: '', actor: 'admin', role: 'architect', tenant: 'acme', via: 'graphql', requestId: 'graphql-test-create-1', action: 'create', kind: 'VPC', namespace: 'default', name: 'gq-red', after: { tenant: 'acme', subnets: { web: { cidr: '10.61.0.0/24' } } } },
  );
  const since = (await data('query ($since: DateTime) { audit(kind: "VPC", since: $since) { nodes { name } } }', { variables: { since: '2999-01-01T00:00:00Z' } })) as { audit: { nodes: unknown[] } };
  assert.deepEqual(since.audit.nodes, []);
});

test('createVPC with a bad subnet: a GraphQL error with code invalid and the same diagnostics as REST, nothing saved', async () => {
  const error = await refused(`mutation { createVPC(input: ${vpcInput('x', 'acme', '10.62.0.5/24')}) { object { metadata { name } } } }`, 'invalid');
  assert.match(error.message, /^VPC is not valid: /);
  assert.deepEqual(error.path, ['createVPC']);
  const diagnostic = error.extensions?.diagnostics?.[0];
  assert.ok(diagnostic !== undefined);
  assert.equal(diagnostic.path, 'VPC default/x spec.subnets.web.cidr');
  assert.match(diagnostic.message, /host bits/);
  assert.match(diagnostic.code, /^WF\d{3}$/);
  const missing = (await data('{ vpc(name: "x") { metadata { name } } }')) as { vpc: unknown };
  assert.equal(missing.vpc, null);

  // a spec that is not even the right shape: the schema validator's diagnostics
  const shape = await refused('mutation { createVPC(input: {metadata: {name: "y"}, spec: {subnets: "none"}}) { dryRun } }', 'invalid');
  assert.ok((shape.extensions?.diagnostics ?? []).some((d) => d.path.startsWith('VPC default/y spec')));
});

test('dryRun: the per-device plan of a change, and nothing saved', async () => {
  const { createVPCAttachment } = (await data(`mutation {
    createVPCAttachment(input: {metadata: {name: "probe"}, spec: {subnet: "blue/db", connection: "server2--leaf1"}}, dryRun: true) {
      object { metadata { name } spec { subnet connection } }
      plan { device files { file change lines } }
      dryRun
    }
  }`)) as { createVPCAttachment: { object: { metadata: { name: string } }; plan: { device: string; files: { file: string; change: string; lines: string[] }[] }[]; dryRun: boolean } };
  assert.equal(createVPCAttachment.dryRun, true);
  assert.equal(createVPCAttachment.object.metadata.name, 'probe');
  assert.deepEqual(
    createVPCAttachment.plan.map((p) => p.device),
    ['leaf1'],
  );
  const configDb = createVPCAttachment.plan[0]?.files.find((f) => f.file === 'config_db.json');
  assert.equal(configDb?.change, 'changed');
  assert.ok(configDb.lines.some((line) => line.startsWith('+ VLAN_MEMBER|')), configDb.lines.join('\n'));
  const after = (await data('{ vpcAttachment(name: "probe") { metadata { name } } }')) as { vpcAttachment: unknown };
  assert.equal(after.vpcAttachment, null);
});

test('deleteVPC of a VPC still in use: conflict, naming what uses it; a free VPC is deleted with its plan', async () => {
  const error = await refused('mutation { deleteVPC(name: "blue") { dryRun } }', 'conflict');
  assert.match(error.message, /^VPC default\/blue is still in use: /);
  assert.ok((error.extensions?.diagnostics?.length ?? 0) > 0);

  await data(`mutation { createVPC(input: ${vpcInput('gq-temp', 'acme', '10.63.0.0/24')}) { dryRun } }`);
  const deleted = (await data('mutation { deleteVPC(namespace: "default", name: "gq-temp") { plan { device } diagnostics { code } dryRun } }')) as { deleteVPC: { plan: unknown[]; dryRun: boolean } };
  assert.equal(deleted.deleteVPC.dryRun, false);
  const gone = (await data('{ vpc(name: "gq-temp") { metadata { name } } }')) as { vpc: unknown };
  assert.equal(gone.vpc, null);
});

test('replaceVPC: the object named in input.metadata gets the new spec and the next generation', async () => {
  await data(`mutation { createVPC(input: ${vpcInput('gq-grow', 'acme', '10.64.0.0/24')}) { dryRun } }`);
  const { replaceVPC } = (await data(`mutation {
    replaceVPC(input: {metadata: {name: "gq-grow"}, spec: {tenant: "acme", subnets: {web: {cidr: "10.64.0.0/24"}, db: {cidr: "10.64.1.0/24"}}}}) {
      object { metadata { generation } status { subnets } }
    }
  }`)) as { replaceVPC: { object: { metadata: { generation: number }; status: { subnets: Record<string, unknown> } } } };
  assert.equal(replaceVPC.object.metadata.generation, 2);
  assert.deepEqual(Object.keys(replaceVPC.object.status.subnets).sort(), ['db', 'web']);
  await refused(`mutation { replaceVPC(input: ${vpcInput('gq-never-made', 'acme', '10.65.0.0/24')}) { dryRun } }`, 'not-found');
});

test('a tenant token sees only its tenant and cannot create for another; a viewer reads but cannot write', async () => {
  const acme = (await data('{ vpcs { nodes { metadata { name } spec { tenant } } } shop: vpc(namespace: "globex", name: "shop") { metadata { name } } }', { token: tokens.acme })) as {
    vpcs: { nodes: { metadata: { name: string }; spec: { tenant: string } }[] };
    shop: unknown;
  };
  assert.ok(acme.vpcs.nodes.length > 0);
  assert.deepEqual([...new Set(acme.vpcs.nodes.map((v) => v.spec.tenant))], ['acme']);
  assert.ok(acme.vpcs.nodes.some((v) => v.metadata.name === 'blue'));
  assert.equal(acme.shop, null, "another tenant's VPC does not exist for this token");
  const globex = (await data('{ vpcs { nodes { metadata { name } } } }', { token: tokens.globex })) as { vpcs: { nodes: { metadata: { name: string } }[] } };
  assert.deepEqual(
    globex.vpcs.nodes.map((v) => v.metadata.name),
    ['shop'],
  );

  const forbidden = await refused(`mutation { createVPC(input: ${vpcInput('gq-evil', 'globex', '10.66.0.0/24')}) { dryRun } }`, 'forbidden', { token: tokens.acme });
  assert.equal(forbidden.message, 'tenant acme cannot create or change a VPC of tenant globex');
  await refused('mutation { deleteVPC(namespace: "globex", name: "shop") { dryRun } }', 'not-found', { token: tokens.acme });
  const own = (await data(`mutation { createVPC(input: ${vpcInput('gq-acme-own', 'acme', '10.67.0.0/24')}) { object { metadata { name } } } }`, { token: tokens.acme })) as { createVPC: { object: { metadata: { name: string } } } };
  assert.equal(own.createVPC.object.metadata.name, 'gq-acme-own');
  const { audit } = (await data('{ audit { nodes { tenant } } }', { token: tokens.acme })) as { audit: { nodes: { tenant: string }[] } };
  assert.ok(audit.nodes.length > 0);
  assert.deepEqual([...new Set(audit.nodes.map((entry) => entry.tenant))], ['acme']);
  await refused('{ agents { nodes { metadata { name } } } }', 'forbidden', { token: tokens.acme });

  const viewer = (await data('{ vpcs { totalCount } }', { token: tokens.viewer })) as { vpcs: { totalCount: number } };
  assert.ok(viewer.vpcs.totalCount >= 3);
  const denied = await refused(`mutation { createVPC(input: ${vpcInput('gq-view', 'acme', '10.68.0.0/24')}) { dryRun } }`, 'forbidden', { token: tokens.viewer });
  assert.match(denied.message, /role viewer may not change VPC objects/);
  await refused('mutation { createToken(name: "sneaky", role: "architect") { token } }', 'forbidden', { token: tokens.viewer });
});

test('createToken: an architect gets the token once, and it works at once; a bad request names every problem', async () => {
  const { createToken } = (await data('mutation { createToken(name: "initech-ci", role: "tenant", tenant: "initech") { token name role tenant switch } }')) as {
    createToken: { token: string; name: string; role: string; tenant: string; switch: string | null };
  };
  assert.match(createToken.token, /^weft_/);
  assert.deepEqual({ ...createToken, token: '' }, { token: '', name: 'initech-ci', role: 'tenant', tenant: 'initech', switch: null });
  const seen = (await data('{ vpcs { nodes { metadata { name } } totalCount } }', { token: createToken.token })) as { vpcs: unknown };
  assert.deepEqual(seen.vpcs, { nodes: [], totalCount: 0 });
  const bad = await refused('mutation { createToken(name: "Bad Name", role: "king") { token } }', 'invalid');
  assert.deepEqual(
    bad.extensions?.diagnostics?.map((d) => d.message),
    ['name: use at most 63 lower-case letters, digits and "-"', 'role: one of architect, tenant, viewer, agent'],
  );
});

test('agents: read as REST reads them; their spec is compiled, so only a status report is written', async () => {
  const {
    agents: { nodes: agents },
    agent,
    elsewhere,
  } = (await data('{ agents { nodes { metadata { name namespace } spec { switch generation frr } } } agent(name: "leaf1") { spec { switch } } elsewhere: agent(namespace: "default", name: "leaf1") { spec { switch } } }')) as {
    agents: { nodes: { metadata: { name: string; namespace: string }; spec: { switch: string; generation: number; frr: string | null } }[] };
    agent: { spec: { switch: string } };
    elsewhere: unknown;
  };
  assert.equal(agents.length, 7);
  assert.ok(agents.every((a) => a.metadata.namespace === 'weft-system' && a.spec.switch === a.metadata.name && a.spec.generation >= 1));
  assert.match(agents.find((a) => a.metadata.name === 'leaf1')?.spec.frr ?? '', /router bgp/);
  assert.equal(agent.spec.switch, 'leaf1');
  assert.equal(elsewhere, null);
  const reported = (await data('mutation { reportAgentStatus(name: "leaf1", status: { appliedGeneration: 1, bgpNeighbors: [{ peer: "Ethernet48", state: "Established" }] }) { status { appliedGeneration } } }')) as {
    reportAgentStatus: { status: { appliedGeneration: number } };
  };
  assert.equal(reported.reportAgentStatus.status.appliedGeneration, 1);
  const error = await refused('mutation { reportAgentStatus(name: "leaf1", status: { appliedGeneration: "one" }) { status { appliedGeneration } } }', 'invalid');
  assert.match(error.message, /Agent leaf1 status is not valid: Agent leaf1 status.appliedGeneration/);
});

test('without a bearer token: 401 with the same JSON error body as REST, from the same guard', async () => {
  for (const request of [
    fetch(`${service.base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ vpcs { nodes { metadata { name } } } }' }) }),
    fetch(`${service.base}/graphql?query=${encodeURIComponent('{ __typename }')}`),
    fetch(`${service.base}/graphql/stream?query=${encodeURIComponent('subscription { events { type } }')}`),
    fetch(`${service.base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer not-a-token' }, body: '{"query":"{ __typename }"}' }),
  ]) {
    const response = await request;
    assert.equal(response.status, 401);
    assert.equal(response.headers.get('www-authenticate'), 'Bearer');
    const body = (await response.json()) as { code: string; message: string; requestId: string };
    assert.equal(body.code, 'unauthenticated');
    assert.match(body.message, /bearer token/);
    assert.equal(body.requestId, response.headers.get('x-request-id'));
  }
});

test('GET /graphql runs queries from the URL (variables as JSON); a mutation over GET is refused with 405', async () => {
  const url = `${service.base}/graphql?query=${encodeURIComponent('query ($ns: String) { vpcs(namespace: $ns) { nodes { metadata { name } } } }')}&variables=${encodeURIComponent(JSON.stringify({ ns: 'globex' }))}`;
  const result = await answer(await fetch(url, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }));
  assert.equal(result.status, 200);
  assert.deepEqual(result.body, { data: { vpcs: { nodes: [{ metadata: { name: 'shop' } }] } } });
  const mutation = await badRequest(
    fetch(`${service.base}/graphql?query=${encodeURIComponent(`mutation { createVPC(input: ${vpcInput('gq-get', 'acme', '10.69.0.0/24')}) { dryRun } }`)}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }).then(answer),
    /must be sent with POST/,
    405,
  );
  assert.equal(mutation.headers.get('allow'), 'POST');
  const nothing = (await data('{ vpc(name: "gq-get") { metadata { name } } }')) as { vpc: unknown };
  assert.equal(nothing.vpc, null);
});

test('malformed requests are 400 with {errors}, never a 500, and never reach the store', async (t: TestContext) => {
  const logged = service.logs.length;
  await badRequest(postBody({}), /has no query/);
  await badRequest(postBody({ query: '' }), /has no query/);
  await badRequest(postBody([{ query: '{ __typename }' }]), /the body must be a JSON object/);
  await badRequest(postBody({ query: 42 }), /the query must be a string/);
  await badRequest(postBody({ query: '{ __typename }', variables: [1] }), /variables must be a JSON object/);
  await badRequest(postBody({ query: '{ __typename }', operationName: 7 }), /operationName must be a string/);
  const syntax = await badRequest(graphql('{ vpcs { metadata { name }'), /^Syntax Error: /);
  assert.equal(syntax.body.errors?.[0]?.extensions?.code, 'invalid');
  assert.deepEqual(syntax.body.errors[0].locations, [{ line: 1, column: 27 }]);
  await badRequest(graphql('{ vpcs { nodes { metadata { name colour } } } }'), /^Cannot query field "colour" on type "ObjectMeta"/);
  await badRequest(graphql('{ vlans { id } }'), /^Cannot query field "vlans" on type "Query"/);
  await badRequest(graphql('query ($first: Int) { vpcs(first: $first) { nodes { metadata { name } } } }', { variables: { first: 'ten' } }), /^Variable "\$first" got invalid value "ten"; Int cannot represent/);
  await badRequest(graphql('query ($since: DateTime) { audit(since: $since) { nodes { id } } }', { variables: { since: 'yesterday' } }), /DateTime must be an RFC 3339 date and time/);
  await badRequest(graphql('{ audit(since: "2026-02-30T00:00:00Z") { nodes { id } } }'), /DateTime must be an RFC 3339 date and time/);
  await badRequest(graphql('query A { __typename } query B { __typename }'), /name the one to run with operationName/);
  await badRequest(graphql('query A { __typename }', { operationName: 'C' }), /no operation named "C"/);
  await badRequest(graphql('subscription { events { type } }'), /served as server-sent events: send the same request to \/graphql\/stream/);

  const huge = `{ vpcs { nodes { metadata { ${'name '.repeat(40_000)} } } } }`;
  assert.ok(huge.length > 2 * MAX_QUERY_BYTES - 10_000);
  const tooLarge = await badRequest(graphql(huge), /^the query is \d+ bytes long; at most 102400 bytes are accepted$/);
  assert.equal(tooLarge.body.errors?.[0]?.extensions?.code, 'too-large');

  // the data graph nests 4 levels at most; deeper selections are refused before validation
  await data('{ agents { nodes { status { bgpNeighbors { peer } conditions { type } } } } }');
  const nested = (depth: number, field: string): string => `{ ${`${field} { `.repeat(depth - 1)}name${' }'.repeat(depth)}`;
  const tooDeep = await badRequest(graphql(nested(MAX_DEPTH + 1, 'vpcs')), new RegExp(`^the query nests fields ${MAX_DEPTH + 1} levels deep; at most ${MAX_DEPTH} are allowed$`));
  assert.equal(tooDeep.body.errors?.[0]?.extensions?.code, 'too-complex');
  // introspection may nest deeper (the standard query does), within its own bound
  const typeRef = (depth: number): string => `{ __type(name: "VPC") { fields { type { ${'ofType { '.repeat(depth - 4)}name${' }'.repeat(depth - 4)} } } } }`;
  await data(typeRef(MAX_INTROSPECTION_DEPTH));
  await badRequest(graphql(typeRef(MAX_INTROSPECTION_DEPTH + 1)), new RegExp(`nests introspection fields ${MAX_INTROSPECTION_DEPTH + 1} levels deep`));
  // graphql-armor's alias limit: each aliased list answers its thousands of objects again
  const wide = `{ ${Array.from({ length: MAX_ALIASES + 1 }, (_, i) => `v${i}: vpcs { totalCount }`).join(' ')} }`;
  const aliases = await badRequest(graphql(wide), new RegExp(`^the query uses ${MAX_ALIASES + 1} aliases; at most ${MAX_ALIASES} are allowed`));
  assert.equal(aliases.body.errors?.[0]?.extensions?.code, 'too-complex');
  // a fragment "bomb": twelve fragments each spreading the next twice, 4,096 fields expanded
  const bomb = ['{ ...F0 }', ...Array.from({ length: 12 }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`), 'fragment F12 on Query { __typename }'].join('\n');
  await badRequest(graphql(bomb), /^the query selects 4096 fields once its fragments are expanded; at most 2000 are allowed$/);

  const introspection = await data(getIntrospectionQuery());
  assert.ok(JSON.stringify(introspection).includes('"createVPC"'), 'the standard introspection query is within the limits');

  const invalidJson = await fetch(`${service.base}/graphql`, { method: 'POST', headers: headersFor({}), body: '{"query": ' });
  assert.equal(invalidJson.status, 400);

  const lines = service.logs.slice(logged);
  assert.deepEqual(
    lines.filter((line) => line.level === 'error'),
    [],
    'no request above is a fault of the service',
  );
  // each refused request is its access line (4xx at warn) and nothing else: Mercurius did not go
  // on to run a request that was already answered
  assert.deepEqual(
    lines.filter((line) => line.msg !== 'request'),
    [],
  );
  assert.ok(lines.length > 0 && lines.every((line) => line.level === 'warn' && typeof line.status === 'number' && line.status >= 400 && line.status < 500));
  t.diagnostic(`${lines.length} log lines at warn or above`);
});

/** Reads server-sent events from a fetch body: each `event: next` data, parsed. */
class EventReader {
  private buffer = '';
  private readonly decoder = new TextDecoder();

  constructor(private readonly reader: ReadableStreamDefaultReader<Uint8Array>) {}

  async nextEvent(): Promise<{ event: string; data: string }> {
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        const lines = block.split('\n').filter((line) => !line.startsWith(':'));
        if (lines.length === 0) continue;
        const field = (name: string): string => lines.find((line) => line.startsWith(`${name}:`))?.slice(name.length + 1).trim() ?? '';
        return { event: field('event'), data: field('data') };
      }
      const chunk = await this.reader.read();
      if (chunk.done) throw new Error('the stream ended');
      this.buffer += this.decoder.decode(chunk.value, { stream: true });
    }
  }
}

async function waitFor(condition: () => boolean, what: string, milliseconds = 5000): Promise<void> {
  const deadline = Date.now() + milliseconds;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

test('subscription events over server-sent events: a VPC created afterwards arrives as ADDED; the store listener goes when the client leaves', async () => {
  const listenersBefore = service.store.listenerCount();
  const abort = new AbortController();
  const response = await fetch(`${service.base}/graphql/stream`, {
    method: 'POST',
    headers: headersFor({}),
    body: JSON.stringify({ query: 'subscription Changes($kind: String) { events(kind: $kind) { type kind object } }', variables: { kind: 'VPC' } }),
    signal: abort.signal,
  });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
  assert.ok(response.body !== null);
  const events = new EventReader(response.body.getReader());
  assert.equal(service.store.listenerCount(), listenersBefore + 1);

  // an attachment is not a VPC: the kind filter leaves it out, but the VPC it attaches to
  // changes status (a switch and a VLAN more), which arrives as MODIFIED
  await data('mutation { createVPCAttachment(input: {metadata: {name: "gq-sub-probe"}, spec: {subnet: "blue/db", connection: "server2--leaf1"}}) { dryRun } }');
  const modified = JSON.parse((await events.nextEvent()).data) as { data: { events: { type: string; kind: string; object: VpcView } } };
  assert.equal(modified.data.events.type, 'MODIFIED');
  assert.equal(modified.data.events.kind, 'VPC');
  assert.equal(modified.data.events.object.metadata.name, 'blue');
  await data(`mutation { createVPC(input: ${vpcInput('gq-streamed', 'acme', '10.70.0.0/24')}) { dryRun } }`);
  const first = await events.nextEvent();
  assert.equal(first.event, 'next');
  const payload = JSON.parse(first.data) as { data: { events: { type: string; kind: string; object: VpcView } } };
  assert.equal(payload.data.events.type, 'ADDED');
  assert.equal(payload.data.events.kind, 'VPC');
  assert.equal(payload.data.events.object.metadata.name, 'gq-streamed');
  assert.equal(payload.data.events.object.spec.tenant, 'acme');

  abort.abort();
  await waitFor(() => service.store.listenerCount() === listenersBefore, 'the store listener to be removed');
});

test('subscription over GET, as a tenant: only its own objects arrive; several streams each remove their listener', async () => {
  const listenersBefore = service.store.listenerCount();
  const query = encodeURIComponent('subscription { events { type kind object } }');
  const streams = await Promise.all(
    ['acme', 'globex'].map(async (tenant) => {
      const abort = new AbortController();
      const response = await fetch(`${service.base}/graphql/stream?query=${query}`, { headers: headersFor({ token: tenant === 'acme' ? tokens.acme : tokens.globex }), signal: abort.signal });
      assert.equal(response.status, 200);
      assert.ok(response.body !== null);
      return { tenant, abort, events: new EventReader(response.body.getReader()) };
    }),
  );
  assert.equal(service.store.listenerCount(), listenersBefore + 2);
  await data(`mutation { createVPC(input: ${vpcInput('gq-globex-only', 'globex', '10.71.0.0/24')}) { dryRun } }`);
  await data(`mutation { createVPC(input: ${vpcInput('gq-acme-only', 'acme', '10.72.0.0/24')}) { dryRun } }`);
  for (const stream of streams) {
    const event = JSON.parse((await stream.events.nextEvent()).data) as { data: { events: { object: VpcView } } };
    assert.equal(event.data.events.object.metadata.name, `gq-${stream.tenant}-only`);
  }
  for (const stream of streams) stream.abort.abort();
  await waitFor(() => service.store.listenerCount() === listenersBefore, 'both store listeners to be removed');
});

test('stopping the service ends open subscription streams with complete, so stopping does not hang', { timeout: 120_000 }, async () => {
  const listenersBefore = service.store.listenerCount();
  const second = await startService(service.store, service.tokens);
  const response = await fetch(`${second.base}/graphql/stream`, { method: 'POST', headers: headersFor({}), body: JSON.stringify({ query: 'subscription { events { type } }' }) });
  assert.equal(response.status, 200);
  assert.ok(response.body !== null);
  const events = new EventReader(response.body.getReader());
  assert.equal(service.store.listenerCount(), listenersBefore + 1);
  // a close that waits for the open stream never resolves, and the test's own timeout fails it
  await second.app.close();
  assert.deepEqual(await events.nextEvent(), { event: 'complete', data: '' });
  assert.equal(service.store.listenerCount(), listenersBefore);
});

test('a subscription that cannot start is a 400 JSON answer, and leaves no listener', async () => {
  const listenersBefore = service.store.listenerCount();
  const unknownKind = await badRequest(postBody({ query: 'subscription { events(kind: "Vlan") { type } }' }, {}, '/graphql/stream'), /^unknown kind Vlan$/);
  assert.equal(unknownKind.body.errors?.[0]?.extensions?.code, 'invalid');
  await badRequest(postBody({ query: '{ vpcs { totalCount } }' }, {}, '/graphql/stream'), /serves subscriptions only/);
  await badRequest(postBody({ query: 'subscription { events { nope } }' }, {}, '/graphql/stream'), /Cannot query field "nope"/);
  await badRequest(postBody({}, {}, '/graphql/stream'), /has no query/);
  assert.equal(service.store.listenerCount(), listenersBefore);
});

test('DateTime: RFC 3339 in and out; a malformed timestamp never leaves the service', () => {
  assert.ok(isDateTime('2026-11-21T12:00:00Z'));
  assert.ok(isDateTime('2026-11-21T12:00:00.123456+01:00'));
  assert.ok(isDateTime('2024-02-29T00:00:00Z'));
  assert.ok(!isDateTime('2025-02-29T00:00:00Z'));
  assert.ok(!isDateTime('2026-11-21 12:00:00'));
  assert.ok(!isDateTime('2026-11-21T25:00:00Z'));
  assert.equal(serializeDateTime(new Date(Date.UTC(2026, 10, 21, 12))), '2026-11-21T12:00:00.000Z');
  assert.throws(() => serializeDateTime('last tuesday'), /DateTime cannot represent "last tuesday": not an RFC 3339 date and time/);
  assert.throws(() => serializeDateTime(1_700_000_000), /DateTime cannot represent 1700000000/);
});

test('2,000 VPCs: the GraphQL query of every VPC answers them all (time printed, not asserted)', async (t) => {
  const vpcCount = 2000;
  const documents: RawDocument[] = Array.from({ length: vpcCount }, (_, i) => ({
    value: {
      apiVersion: 'vpc.weft.dev/v1alpha1',
      kind: 'VPC',
      metadata: { name: `bulk-${String(i).padStart(4, '0')}`, namespace: 'default' },
      spec: { tenant: `bulk-tenant-${Math.floor(i / 16)}`, subnets: { web: { cidr: `10.${100 + Math.floor(i / 250)}.${i % 250}.0/24` }, db: { cidr: `10.${120 + Math.floor(i / 250)}.${i % 250}.0/24` } } },
    },
  }));
  const { url } = await pg.fresh();
  const bulk = await startStoreService(url, async () => [...(await sampleFabric()), ...documents]);
  t.after(() => bulk.app.close());
  const query = '{ vpcs { nodes { metadata { name namespace } spec { tenant } status { isolation vni } } } }';
  const times: number[] = [];
  let count = 0;
  for (let run = 0; run < 6; run += 1) {
    const started = performance.now();
    const response = await fetch(`${bulk.base}/graphql`, { method: 'POST', headers: headersFor({}), body: JSON.stringify({ query }) });
    const body = (await response.json()) as { data: { vpcs: { nodes: { status: { isolation: string; vni: number } }[] } } };
    times.push(performance.now() - started);
    assert.equal(response.status, 200);
    count = body.data.vpcs.nodes.length;
    assert.ok(body.data.vpcs.nodes.every((vpc) => typeof vpc.status.vni === 'number' || vpc.status.isolation !== 'evpn-l3vni'));
  }
  assert.equal(count, vpcCount + 3);
  // the first run warms up; the median of the other five
  const median = times.slice(1).sort((a, b) => a - b)[2] ?? Number.NaN;
  t.diagnostic(`GraphQL query of ${count} VPCs over HTTP: median ${median.toFixed(1)} ms (runs: ${times.map((ms) => ms.toFixed(1)).join(', ')} ms)`);
});
