// Who may do what, over real HTTP against the real store and token service on an embedded
// PostgreSQL: tokens made through POST /api/v1/tokens (shown once, stored as a hash), and each
// role's boundary. A tenant sees and writes only its own tenant's VPCs, attachments and peerings
// (another tenant's objects answer exactly as missing ones do); a viewer reads; an agent reads its
// own switch's desired state, streams it and reports its status; revoked tokens are refused.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { AgentStatus, VpcStatus } from '#api';
import type { ErrorBody } from '../src/http/errors.js';
import type { AuditEntry, ResourceObject } from '../src/store/store.types.js';
import { startStoreApp } from './support/app.js';
import { startTestDatabase, type TestDatabase } from './support/postgres.js';
import { openStream } from './support/event-stream.js';

const ADMIN_TOKEN = 'tenancy-test-admin-token-0123456';

interface Service {
  readonly base: string;
  close(): Promise<void>;
}

/** The app as main.ts builds it: the StoreModule (store, tokens, seed) in createHttpApp. */
async function startService(url: string): Promise<Service> {
  return startStoreApp(url, { adminToken: ADMIN_TOKEN });
}

interface Reply<T> {
  readonly status: number;
  readonly body: T;
  readonly text: string;
}

async function call<T = ResourceObject>(token: string | undefined, method: string, path: string, body?: unknown): Promise<Reply<T>> {
  const headers: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${service.base}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await response.text();
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/, `${method} ${path}: ${text.slice(0, 200)}`);
  return { status: response.status, body: JSON.parse(text) as T, text };
}

async function ok<T = ResourceObject>(token: string, method: string, path: string, status: number, body?: unknown): Promise<T> {
  const reply = await call<T>(token, method, path, body);
  assert.equal(reply.status, status, `${method} ${path}: ${reply.text.slice(0, 300)}`);
  return reply.body;
}

async function refused(token: string | undefined, method: string, path: string, status: number, code: string, body?: unknown): Promise<ErrorBody> {
  const reply = await call<ErrorBody>(token, method, path, body);
  assert.equal(reply.status, status, `${method} ${path}: ${reply.text.slice(0, 300)}`);
  assert.equal(reply.body.code, code);
  return reply.body;
}

interface List<T = ResourceObject> {
  readonly items: readonly T[];
}

interface TokenInfo {
  readonly name: string;
  readonly role: string;
  readonly tenant?: string;
  readonly switch?: string;
  readonly createdAt: string;
  readonly createdBy: string;
}

const names = (list: List): string[] => list.items.map((item) => `${item.metadata.namespace === undefined ? '' : `${item.metadata.namespace}/`}${item.metadata.name}`);

const vpcBody = (name: string, tenant: string, cidr: string, namespace = 'default'): Record<string, unknown> => ({
  apiVersion: 'vpc.weft.dev/v1alpha1',
  kind: 'VPC',
  metadata: { name, namespace },
  spec: { tenant, subnets: { web: { cidr } } },
});

const attachmentBody = (name: string, subnet: string, connection: string, namespace = 'default'): Record<string, unknown> => ({
  apiVersion: 'vpc.weft.dev/v1alpha1',
  kind: 'VPCAttachment',
  metadata: { name, namespace },
  spec: { subnet, connection },
});

let pg: TestDatabase;
let service: Service;
/** secrets by token name, from POST /api/v1/tokens */
const tokens: Record<'architect' | 'acme' | 'globex' | 'viewer' | 'agent', string> = { architect: '', acme: '', globex: '', viewer: '', agent: '' };
const created: TokenInfo[] = [];

before(async () => {
  pg = await startTestDatabase();
  service = await startService(pg.url);
  const requests = {
    architect: { name: 'team-arch', role: 'architect' },
    acme: { name: 'acme-ci', role: 'tenant', tenant: 'acme' },
    globex: { name: 'globex-ci', role: 'tenant', tenant: 'globex' },
    viewer: { name: 'noc', role: 'viewer' },
    agent: { name: 'agent-leaf1', role: 'agent', switch: 'leaf1' },
  } as const;
  for (const [key, request] of Object.entries(requests) as [keyof typeof requests, (typeof requests)[keyof typeof requests]][]) {
    const answer = await ok<TokenInfo & { token: string }>(ADMIN_TOKEN, 'POST', '/api/v1/tokens', 201, request);
    tokens[key] = answer.token;
    created.push(Object.fromEntries(Object.entries(answer).filter(([field]) => field !== 'token')) as unknown as TokenInfo);
  }
});

after(async () => {
  await service.close();
  await pg.stop();
});

test('a token is shown once, on creation; lists and reads never show it; the database keeps only its SHA-256', async () => {
  assert.deepEqual(
    created.map(({ name, role, tenant, switch: sw, createdBy }) => ({ name, role, tenant, switch: sw, createdBy })),
    [
      { name: 'team-arch', role: 'architect', tenant: undefined, switch: undefined, createdBy: 'admin' },
      { name: 'acme-ci', role: 'tenant', tenant: 'acme', switch: undefined, createdBy: 'admin' },
      { name: 'globex-ci', role: 'tenant', tenant: 'globex', switch: undefined, createdBy: 'admin' },
      { name: 'noc', role: 'viewer', tenant: undefined, switch: undefined, createdBy: 'admin' },
      { name: 'agent-leaf1', role: 'agent', tenant: undefined, switch: 'leaf1', createdBy: 'admin' },
    ],
  );
  const secrets = Object.values(tokens);
  assert.equal(new Set(secrets).size, 5);
  for (const secret of secrets) assert.match(secret, /^weft_[A-Za-z0-9_-]{43}$/);

  const list = await call<List<TokenInfo>>(ADMIN_TOKEN, 'GET', '/api/v1/tokens');
  assert.deepEqual(
    list.body.items.map((t) => t.name),
    ['acme-ci', 'admin', 'agent-leaf1', 'globex-ci', 'noc', 'team-arch'],
  );
  assert.deepEqual(list.body.items.find((t) => t.name === 'acme-ci'), created[1]);
  const one = await call<TokenInfo>(tokens.viewer, 'GET', '/api/v1/tokens/acme-ci');
  assert.deepEqual(one.body, created[1]);
  for (const secret of [...secrets, ADMIN_TOKEN]) {
    assert.ok(!list.text.includes(secret) && !one.text.includes(secret), 'no answer after the first carries a secret');
  }

  const rows = await pg.db.query<Record<string, unknown>>('SELECT * FROM tokens WHERE name = $1', ['acme-ci']);
  assert.equal(rows.rowCount, 1);
  const row = rows.rows[0]!;
  assert.equal(row.hash, createHash('sha256').update(tokens.acme).digest('hex'));
  assert.ok(!JSON.stringify(row).includes(tokens.acme), 'the row holds the hash only');
  const everything = JSON.stringify((await pg.db.query('SELECT * FROM tokens')).rows);
  for (const secret of [...secrets, ADMIN_TOKEN]) assert.ok(!everything.includes(secret));
  await refused(ADMIN_TOKEN, 'POST', '/api/v1/tokens', 409, 'conflict', { name: 'noc', role: 'viewer' });
});

test('without a valid token every API route is 401; probes need none', async () => {
  for (const path of ['/api/v1/vpcs', '/api/v1/agents/leaf1', '/api/v1/tokens', '/api/v1/audit']) {
    await refused(undefined, 'GET', path, 401, 'unauthenticated');
    await refused('weft_not-a-token', 'GET', path, 401, 'unauthenticated');
  }
  await refused(undefined, 'POST', '/api/v1/vpcs', 401, 'unauthenticated', vpcBody('x', 'acme', '10.90.0.0/24'));
  assert.equal((await fetch(`${service.base}/healthz`)).status, 200);
});

test("a tenant sees only its own VPCs, attachments and peerings; another tenant's answer 404 as missing ones do", async () => {
  const acmeVpcs = await ok<List>(tokens.acme, 'GET', '/api/v1/vpcs', 200);
  assert.deepEqual(names(acmeVpcs), ['default/blue', 'default/green']);
  assert.deepEqual(names(await ok<List>(tokens.globex, 'GET', '/api/v1/vpcs', 200)), ['globex/shop']);
  assert.ok(names(await ok<List>(tokens.architect, 'GET', '/api/v1/vpcs', 200)).includes('globex/shop'));

  const acmeAttachments = names(await ok<List>(tokens.acme, 'GET', '/api/v1/vpc-attachments', 200));
  assert.ok(acmeAttachments.includes('default/server1-blue-web'));
  assert.ok(!acmeAttachments.includes('globex/server5-shop-front'));
  assert.deepEqual(names(await ok<List>(tokens.globex, 'GET', '/api/v1/vpc-attachments', 200)), ['globex/server5-shop-front']);
  assert.deepEqual(names(await ok<List>(tokens.acme, 'GET', '/api/v1/vpc-peerings', 200)), ['default/blue--green']);
  assert.deepEqual(names(await ok<List>(tokens.globex, 'GET', '/api/v1/vpc-peerings', 200)), []);
  assert.deepEqual(names(await ok<List>(tokens.globex, 'GET', '/api/v1/vpcs?namespace=default', 200)), []);

  // invisible and missing read the same
  const hidden = await refused(tokens.acme, 'GET', '/api/v1/vpcs/shop?namespace=globex', 404, 'not-found');
  const missing = await refused(tokens.acme, 'GET', '/api/v1/vpcs/nope?namespace=globex', 404, 'not-found');
  assert.equal(hidden.message.replace('shop', 'nope'), missing.message);
  await refused(tokens.globex, 'GET', '/api/v1/vpcs/blue', 404, 'not-found');
  await refused(tokens.globex, 'GET', '/api/v1/vpc-attachments/server1-blue-web', 404, 'not-found');
  await refused(tokens.globex, 'GET', '/api/v1/vpc-peerings/blue--green', 404, 'not-found');
  await refused(tokens.globex, 'PUT', '/api/v1/vpcs/blue', 404, 'not-found', vpcBody('blue', 'globex', '10.10.1.0/24'));
  await refused(tokens.globex, 'DELETE', '/api/v1/vpcs/blue', 404, 'not-found');
  await refused(tokens.globex, 'DELETE', '/api/v1/vpc-attachments/server1-blue-web?dryRun=true', 404, 'not-found');
  // the wiring a tenant builds on is readable
  assert.equal((await ok<List>(tokens.acme, 'GET', '/api/v1/switches', 200)).items.length, 7);
});

test("a tenant writes its own VPCs and attachments, but nothing on another tenant's behalf and no wiring or policy", async () => {
  const forged = await refused(tokens.acme, 'POST', '/api/v1/vpcs', 403, 'forbidden', vpcBody('evil', 'globex', '10.91.0.0/24'));
  assert.match(forged.message, /tenant acme cannot create or change a VPC of tenant globex/);
  await refused(tokens.acme, 'POST', '/api/v1/vpcs?dryRun=true', 403, 'forbidden', vpcBody('evil', 'globex', '10.91.0.0/24'));
  await refused(tokens.architect, 'GET', '/api/v1/vpcs/evil', 404, 'not-found');

  // attaching to another tenant's VPC reads exactly like attaching to a VPC that does not exist
  const sneaky = await refused(tokens.acme, 'POST', '/api/v1/vpc-attachments', 400, 'invalid', attachmentBody('sneaky', 'shop/front', 'server2--leaf1', 'globex'));
  const absent = await refused(tokens.acme, 'POST', '/api/v1/vpc-attachments', 400, 'invalid', attachmentBody('sneaky', 'ghost/front', 'server2--leaf1', 'globex'));
  assert.equal(sneaky.diagnostics?.[0]?.code, 'WF305');
  assert.equal(sneaky.diagnostics[0].message, 'no valid VPC globex/shop');
  assert.equal(absent.diagnostics?.[0]?.code, 'WF305');
  assert.equal(sneaky.message.replace('shop', 'ghost'), absent.message);
  const peering = { apiVersion: 'vpc.weft.dev/v1alpha1', kind: 'VPCPeering', metadata: { name: 'x', namespace: 'globex' }, spec: { vpcs: ['shop', 'shop2'] } };
  assert.equal((await refused(tokens.acme, 'POST', '/api/v1/vpc-peerings', 400, 'invalid', peering)).diagnostics?.[0]?.code, 'WF305');
  // the architect may create for any tenant
  await ok(tokens.architect, 'POST', '/api/v1/vpcs?dryRun=true', 200, vpcBody('any', 'globex', '10.91.0.0/24'));

  const wiring: readonly [string, unknown][] = [
    ['/api/v1/switches', { metadata: { name: 'leaf9' }, spec: { role: 'leaf', os: 'sonic' } }],
    ['/api/v1/connections', { metadata: { name: 'server8--leaf4' }, spec: { unbundled: { server: 'server6/eth1', switch: 'leaf4/Ethernet8' } } }],
    ['/api/v1/fabric-policies', { metadata: { name: 'mine' }, spec: {} }],
    ['/api/v1/servers', { metadata: { name: 'server9' }, spec: {} }],
  ];
  for (const [path, body] of wiring) {
    assert.match((await refused(tokens.acme, 'POST', path, 403, 'forbidden', body)).message, /the architecture team owns them/);
    await refused(tokens.acme, 'POST', `${path}?dryRun=true`, 403, 'forbidden', body);
  }
  await refused(tokens.acme, 'PUT', '/api/v1/fabric-policies/default', 403, 'forbidden', { metadata: { name: 'default' }, spec: {} });
  await refused(tokens.acme, 'DELETE', '/api/v1/switches/leaf1', 403, 'forbidden');
  await refused(tokens.acme, 'DELETE', '/api/v1/connections/server1--leaf1', 403, 'forbidden');

  // its own: create, attach, peer, delete
  await ok(tokens.acme, 'POST', '/api/v1/vpcs', 201, vpcBody('acme-lab', 'acme', '10.92.0.0/24'));
  await ok(tokens.acme, 'POST', '/api/v1/vpc-attachments', 201, attachmentBody('acme-lab-web', 'acme-lab/web', 'server2--leaf1'));
  assert.ok(names(await ok<List>(tokens.acme, 'GET', '/api/v1/vpc-attachments', 200)).includes('default/acme-lab-web'));
  await refused(tokens.globex, 'GET', '/api/v1/vpc-attachments/acme-lab-web', 404, 'not-found');
  await refused(tokens.acme, 'PUT', '/api/v1/vpcs/acme-lab', 403, 'forbidden', vpcBody('acme-lab', 'globex', '10.92.0.0/24'));
  await ok(tokens.acme, 'DELETE', '/api/v1/vpc-attachments/acme-lab-web', 200);
  await ok(tokens.acme, 'DELETE', '/api/v1/vpcs/acme-lab', 200);
});

test("a tenant cannot peer its own VPC with another tenant's, in either order, by create or replace", async () => {
  // globex owns a VPC in acme's namespace: the pair is one of each
  await ok(tokens.globex, 'POST', '/api/v1/vpcs', 201, vpcBody('globex-neighbour', 'globex', '10.88.0.0/24'));
  const peering = (vpcs: readonly string[], name = 'blue--neighbour'): Record<string, unknown> => ({
    apiVersion: 'vpc.weft.dev/v1alpha1',
    kind: 'VPCPeering',
    metadata: { name, namespace: 'default' },
    spec: { vpcs },
  });
  try {
    for (const vpcs of [
      ['blue', 'globex-neighbour'],
      ['globex-neighbour', 'blue'],
    ]) {
      const foreign = await refused(tokens.acme, 'POST', '/api/v1/vpc-peerings', 400, 'invalid', peering(vpcs));
      assert.deepEqual(foreign.diagnostics, [{ code: 'WF305', severity: 'error', path: 'VPCPeering default/blue--neighbour spec.vpcs', message: 'no valid VPC default/globex-neighbour' }]);
      // exactly the answer for a VPC that does not exist
      const missing = await refused(tokens.acme, 'POST', '/api/v1/vpc-peerings', 400, 'invalid', peering(vpcs.map((v) => (v === 'blue' ? v : 'nowhere'))));
      assert.equal(foreign.message.replace('globex-neighbour', 'nowhere'), missing.message);
      await refused(tokens.acme, 'POST', '/api/v1/vpc-peerings?dryRun=true', 400, 'invalid', peering(vpcs));
      // nor by turning its own peering into one
      await refused(tokens.acme, 'PUT', '/api/v1/vpc-peerings/blue--green', 400, 'invalid', peering(vpcs, 'blue--green'));
    }
    await refused(tokens.architect, 'GET', '/api/v1/vpc-peerings/blue--neighbour', 404, 'not-found');
    assert.deepEqual((await ok(tokens.architect, 'GET', '/api/v1/vpc-peerings/blue--green', 200)).spec, { vpcs: ['blue', 'green'], permit: [['blue/db', 'green/api']] });
    // globex cannot either, from its side
    await refused(tokens.globex, 'POST', '/api/v1/vpc-peerings', 400, 'invalid', peering(['globex-neighbour', 'green']));
    // its own pair is fine
    await ok(tokens.acme, 'PUT', '/api/v1/vpc-peerings/blue--green?dryRun=true', 200, peering(['green', 'blue'], 'blue--green'));
  } finally {
    await ok(tokens.globex, 'DELETE', '/api/v1/vpcs/globex-neighbour', 200);
  }
});

test("a tenant reads the External peerings of its own VPCs only, and never writes one; the fabric's Externals are everybody's", async () => {
  assert.deepEqual(names(await ok<List>(tokens.acme, 'GET', '/api/v1/external-peerings', 200)), ['default/blue--internet']);
  assert.deepEqual(names(await ok<List>(tokens.globex, 'GET', '/api/v1/external-peerings', 200)), []);
  await refused(tokens.globex, 'GET', '/api/v1/external-peerings/blue--internet', 404, 'not-found');
  assert.deepEqual(names(await ok<List>(tokens.globex, 'GET', '/api/v1/externals', 200)), ['default/internet']);
  // the border's attachment to the outside and the templates are the architecture team's
  assert.deepEqual(names(await ok<List>(tokens.acme, 'GET', '/api/v1/external-attachments', 200)), []);
  assert.deepEqual(names(await ok<List>(tokens.acme, 'GET', '/api/v1/config-templates', 200)), []);
  assert.equal((await ok<List>(tokens.viewer, 'GET', '/api/v1/config-templates', 200)).items.length, 3);
  const peering = { metadata: { name: 'green--internet', namespace: 'default' }, spec: { vpc: 'green', external: 'internet' } };
  assert.match((await refused(tokens.acme, 'POST', '/api/v1/external-peerings', 403, 'forbidden', peering)).message, /a tenant may not change ExternalPeering objects/);
  await refused(tokens.acme, 'DELETE', '/api/v1/external-peerings/blue--internet', 403, 'forbidden');
  // writes of the fabric carry no tenant in the audit log
  const templateAudit = (await ok<List<AuditEntry>>(tokens.architect, 'GET', '/api/v1/audit?kind=ConfigTemplate&limit=10', 200)).items;
  assert.ok(templateAudit.length > 0);
  assert.deepEqual(templateAudit.filter((entry) => entry.tenant !== undefined), []);
});

test('a viewer reads everything and writes nothing', async () => {
  assert.deepEqual(names(await ok<List>(tokens.viewer, 'GET', '/api/v1/vpcs', 200)), ['default/blue', 'default/green', 'globex/shop']);
  await ok(tokens.viewer, 'GET', '/api/v1/switches/leaf1', 200);
  await ok(tokens.viewer, 'GET', '/api/v1/agents/leaf1', 200);
  assert.ok((await ok<List<AuditEntry>>(tokens.viewer, 'GET', '/api/v1/audit?limit=5', 200)).items.length > 0);
  const writes: readonly [string, string, unknown?][] = [
    ['POST', '/api/v1/vpcs', vpcBody('v', 'acme', '10.93.0.0/24')],
    ['POST', '/api/v1/vpcs?dryRun=true', vpcBody('v', 'acme', '10.93.0.0/24')],
    ['PUT', '/api/v1/vpcs/blue', vpcBody('blue', 'acme', '10.10.1.0/24')],
    ['DELETE', '/api/v1/vpcs/green'],
    ['DELETE', '/api/v1/vpc-attachments/server1-blue-web?dryRun=true'],
    ['POST', '/api/v1/switches', { metadata: { name: 'leaf9' }, spec: { role: 'leaf', os: 'sonic' } }],
    ['PUT', '/api/v1/fabric-policies/default', { metadata: { name: 'default' }, spec: {} }],
    ['POST', '/api/v1/tokens', { name: 'sneaky', role: 'architect' }],
    ['DELETE', '/api/v1/tokens/acme-ci'],
    ['PUT', '/api/v1/agents/leaf1/status', { appliedGeneration: 1 }],
  ];
  for (const [method, path, body] of writes) await refused(tokens.viewer, method, path, 403, 'forbidden', body);
  await ok(tokens.viewer, 'GET', '/api/v1/vpcs/green', 200);
});

test("an agent token reads only its own switch's desired state and reports only its own status", async () => {
  const agent = await ok(tokens.agent, 'GET', '/api/v1/agents/leaf1', 200);
  assert.equal(agent.kind, 'Agent');
  const spec = agent.spec as { switch: string; generation: number; frr: string };
  assert.equal(spec.switch, 'leaf1');
  assert.ok(spec.generation >= 1);
  assert.match(spec.frr, /router bgp/);
  // how to reach the switch (its spec.management), since an agent token reads nothing but its Agent
  assert.deepEqual((agent.spec as { management?: unknown }).management, { redis: 'unix:///tmp/weft-lab/leaf1/redis.sock' });
  // and which platform fields its wiring claims (spec.portSettings)
  assert.deepEqual((agent.spec as { portSettings?: unknown }).portSettings, [{ port: 'Ethernet48', speed: '100G', fec: 'rs' }, { port: 'Ethernet52', speed: '100G', fec: 'rs' }]);
  assert.deepEqual(
    (await ok<List>(tokens.agent, 'GET', '/api/v1/agents', 200)).items.map((item) => item.metadata.name),
    ['leaf1'],
  );
  for (const path of ['/api/v1/agents/leaf2', '/api/v1/agents/spine1', '/api/v1/agents/leaf2/watch', '/api/v1/vpcs', '/api/v1/vpcs/blue', '/api/v1/switches/leaf1', '/api/v1/audit', '/api/v1/tokens']) {
    await refused(tokens.agent, 'GET', path, 403, 'forbidden');
  }
  await refused(tokens.agent, 'POST', '/api/v1/vpcs', 403, 'forbidden', vpcBody('a', 'acme', '10.94.0.0/24'));
  await refused(tokens.agent, 'PUT', '/api/v1/agents/leaf2/status', 403, 'forbidden', { appliedGeneration: 1 });
  await refused(tokens.acme, 'GET', '/api/v1/agents/leaf1', 403, 'forbidden');

  const status: AgentStatus = { appliedGeneration: spec.generation, bgpNeighbors: [{ peer: 'Ethernet48', state: 'Established' }] };
  const reported = await ok(tokens.agent, 'PUT', '/api/v1/agents/leaf1/status', 200, status);
  assert.equal((reported.status as AgentStatus).appliedGeneration, spec.generation);
  // it shows on the switch ...
  const leaf1 = (await ok(tokens.viewer, 'GET', '/api/v1/switches/leaf1', 200)).status as { appliedGeneration?: number; conditions: { type: string; status: string }[] };
  assert.equal(leaf1.appliedGeneration, spec.generation);
  assert.equal(leaf1.conditions.find((c) => c.type === 'Applied')?.status, 'True');
  // ... and on the VPCs it carries: blue now waits for the other leaves only
  const blue = (await ok(tokens.viewer, 'GET', '/api/v1/vpcs/blue', 200)).status as VpcStatus;
  const ready = blue.conditions?.find((c) => c.type === 'Ready');
  assert.equal(ready?.status, 'False');
  assert.equal(ready.message, 'not yet applied on leaf2, leaf4');
});

test("a status report reaches the event streams of architects, viewers and the switch's own agent, not tenants' or other agents'", async () => {
  const agentLeaf2 = (await ok<TokenInfo & { token: string }>(ADMIN_TOKEN, 'POST', '/api/v1/tokens', 201, { name: 'agent-leaf2', role: 'agent', switch: 'leaf2' })).token;
  const generationOf = async (token: string, sw: string): Promise<number> => ((await ok(token, 'GET', `/api/v1/agents/${sw}`, 200)).spec as { generation: number }).generation;
  const leaf1 = await generationOf(tokens.agent, 'leaf1');
  const leaf2 = await generationOf(agentLeaf2, 'leaf2');
  const architect = await openStream(service.base, tokens.architect, '/api/v1/events?kind=Agent');
  const viewer = await openStream(service.base, tokens.viewer, '/api/v1/events?kind=Agent');
  const acme = await openStream(service.base, tokens.acme, '/api/v1/events');
  const otherAgent = await openStream(service.base, agentLeaf2, '/api/v1/events');
  try {
    await ok(tokens.agent, 'PUT', '/api/v1/agents/leaf1/status', 200, { appliedGeneration: leaf1, lastError: 'probe' });
    for (const stream of [architect, viewer]) {
      const event = await stream.next();
      assert.deepEqual([event.type, event.object.kind, event.object.metadata.name], ['MODIFIED', 'Agent', 'leaf1']);
      assert.equal((event.object.status as AgentStatus).lastError, 'probe');
    }
    // the tenant gets the switch (the fabric is everybody's), never its Agent
    const seen = await acme.next();
    assert.deepEqual([seen.object.kind, seen.object.metadata.name], ['Switch', 'leaf1']);
    // leaf2's agent gets its own report, and nothing of leaf1's before it
    await ok(agentLeaf2, 'PUT', '/api/v1/agents/leaf2/status', 200, { appliedGeneration: leaf2 });
    const own = await otherAgent.next();
    assert.deepEqual([own.object.kind, own.object.metadata.name], ['Agent', 'leaf2']);
    assert.equal((own.object.status as AgentStatus).appliedGeneration, leaf2);
  } finally {
    for (const stream of [architect, viewer, acme, otherAgent]) stream.close();
    await ok(tokens.agent, 'PUT', '/api/v1/agents/leaf1/status', 200, { appliedGeneration: leaf1 });
  }
});

test('an agent streams its desired state: a write that changes its switch sends the new generation', async () => {
  const stream = await openStream(service.base, tokens.agent, '/api/v1/agents/leaf1/watch');
  try {
    const first = await stream.next();
    assert.equal(first.type, 'ADDED');
    assert.equal(first.object.metadata.name, 'leaf1');
    const generation = (first.object.spec as { generation: number }).generation;

    // a change on leaf4 only: nothing for leaf1; then one on leaf1
    await ok(tokens.architect, 'POST', '/api/v1/vpc-attachments', 201, attachmentBody('green-api-server6', 'green/api', 'server6--leaf4'));
    await ok(tokens.architect, 'POST', '/api/v1/vpc-attachments', 201, attachmentBody('blue-app-server2', 'blue/app', 'server2--leaf1'));
    const changed = await stream.next();
    assert.equal(changed.type, 'MODIFIED');
    assert.equal(changed.object.metadata.name, 'leaf1');
    const spec = changed.object.spec as { generation: number; configDb: { VLAN_MEMBER: Record<string, unknown> } };
    assert.equal(spec.generation, generation + 1);
    assert.equal(changed.object.metadata.generation, generation + 1);
    assert.ok(Object.keys(spec.configDb.VLAN_MEMBER).some((key) => key.endsWith('|Ethernet4')));

    // its own status report comes back on the stream too
    await ok(tokens.agent, 'PUT', '/api/v1/agents/leaf1/status', 200, { appliedGeneration: generation + 1 });
    const reported = await stream.next();
    assert.equal(reported.type, 'MODIFIED');
    assert.equal((reported.object.status as AgentStatus).appliedGeneration, generation + 1);
  } finally {
    stream.close();
    await ok(tokens.architect, 'DELETE', '/api/v1/vpc-attachments/blue-app-server2', 200);
    await ok(tokens.architect, 'DELETE', '/api/v1/vpc-attachments/green-api-server6', 200);
  }
});

test('only an architect creates and revokes tokens; a revoked token is refused with 401', async () => {
  for (const token of [tokens.acme, tokens.viewer, tokens.agent]) {
    await refused(token, 'POST', '/api/v1/tokens', 403, 'forbidden', { name: 'escalate', role: 'architect' });
    await refused(token, 'DELETE', '/api/v1/tokens/team-arch', 403, 'forbidden');
  }
  await refused(tokens.acme, 'GET', '/api/v1/tokens', 403, 'forbidden');
  const temporary = await ok<{ token: string }>(tokens.architect, 'POST', '/api/v1/tokens', 201, { name: 'temp', role: 'viewer' });
  await ok(temporary.token, 'GET', '/api/v1/vpcs/blue', 200);
  assert.deepEqual(await ok(tokens.architect, 'DELETE', '/api/v1/tokens/temp', 200), { revoked: 'temp' });
  const gone = await refused(temporary.token, 'GET', '/api/v1/vpcs/blue', 401, 'unauthenticated');
  assert.match(gone.message, /unknown, revoked or expired/);
  await refused(tokens.architect, 'DELETE', '/api/v1/tokens/temp', 404, 'not-found');
  await refused(tokens.architect, 'GET', '/api/v1/tokens/temp', 404, 'not-found');
  assert.ok(!(await ok<List<TokenInfo>>(tokens.architect, 'GET', '/api/v1/tokens', 200)).items.some((t) => t.name === 'temp'));
});

test("the audit log a tenant reads holds only its own tenant's entries", async () => {
  await ok(tokens.acme, 'POST', '/api/v1/vpcs', 201, vpcBody('acme-audit', 'acme', '10.95.0.0/24'));
  await ok(tokens.globex, 'POST', '/api/v1/vpcs', 201, vpcBody('globex-audit', 'globex', '10.96.0.0/24', 'globex'));

  const acme = (await ok<List<AuditEntry>>(tokens.acme, 'GET', '/api/v1/audit?limit=1000', 200)).items;
  assert.ok(acme.length > 0);
  assert.deepEqual([...new Set(acme.map((entry) => entry.tenant))], ['acme']);
  assert.ok(acme.some((entry) => entry.name === 'acme-audit' && entry.actor === 'acme-ci' && entry.action === 'create'));
  assert.ok(!acme.some((entry) => entry.name === 'globex-audit'));
  // the seeded fabric's attachments and peerings are their VPC's tenant's too
  assert.ok(acme.some((entry) => entry.kind === 'VPCAttachment' && entry.name === 'server1-blue-web' && entry.actor === 'system'));
  assert.ok(acme.some((entry) => entry.kind === 'VPCPeering' && entry.name === 'blue--green'));
  // asking for another tenant does not widen the view
  assert.deepEqual(
    (await ok<List<AuditEntry>>(tokens.acme, 'GET', '/api/v1/audit?tenant=globex&limit=1000', 200)).items.map((entry) => entry.id),
    acme.map((entry) => entry.id),
  );
  const globexEntry = (await ok<List<AuditEntry>>(tokens.architect, 'GET', '/api/v1/audit?name=globex-audit', 200)).items[0];
  assert.ok(globexEntry !== undefined);
  await refused(tokens.acme, 'GET', `/api/v1/audit/${globexEntry.id}`, 404, 'not-found');
  assert.equal((await ok<AuditEntry>(tokens.globex, 'GET', `/api/v1/audit/${globexEntry.id}`, 200)).name, 'globex-audit');

  // the architect filters by tenant, object and actor
  const byTenant = (await ok<List<AuditEntry>>(tokens.architect, 'GET', '/api/v1/audit?tenant=globex&limit=1000', 200)).items;
  assert.deepEqual([...new Set(byTenant.map((entry) => entry.tenant))], ['globex']);
  assert.ok(byTenant.some((entry) => entry.kind === 'VPCAttachment' && entry.name === 'server5-shop-front'));
  assert.deepEqual(
    (await ok<List<AuditEntry>>(tokens.architect, 'GET', '/api/v1/audit?actor=acme-ci&kind=VPC&name=acme-audit', 200)).items.map((entry) => entry.action),
    ['create'],
  );
  await ok(tokens.acme, 'DELETE', '/api/v1/vpcs/acme-audit', 200);
  await ok(tokens.globex, 'DELETE', '/api/v1/vpcs/globex-audit?namespace=globex', 200);
});

test("attachments of two tenants written at once on one leaf: each tenant's audit plans show only its own VPCs", async () => {
  // leaf3 has a server of each: server4 is acme's, server5 globex's
  const vpcs = [0, 1, 2].flatMap((i) => [
    { token: tokens.acme, tenant: 'acme', name: `acme-at${i}`, namespace: 'default', cidr: `10.97.${i}.0/24`, connection: 'server4--leaf3' },
    { token: tokens.globex, tenant: 'globex', name: `globex-at${i}`, namespace: 'globex', cidr: `10.98.${i}.0/24`, connection: 'server5--leaf3' },
  ]);
  for (const v of vpcs) await ok(v.token, 'POST', '/api/v1/vpcs', 201, vpcBody(v.name, v.tenant, v.cidr, v.namespace));
  // all at once, so that the writer takes them together (ADR 117: one compile, plans split by owner)
  await Promise.all(vpcs.map((v) => ok(v.token, 'POST', '/api/v1/vpc-attachments', 201, attachmentBody(`${v.name}-web`, `${v.name}/web`, v.connection, v.namespace))));
  const plansOf = async (token: string, tenant: string): Promise<Map<string, string>> => {
    const entries = (await ok<List<AuditEntry>>(token, 'GET', '/api/v1/audit?kind=VPCAttachment&limit=1000', 200)).items;
    return new Map(entries.filter((e) => e.action === 'create' && e.name.startsWith(`${tenant}-at`)).map((e) => [e.name, JSON.stringify(e.plan ?? [])]));
  };
  const acme = await plansOf(tokens.acme, 'acme');
  const globex = await plansOf(tokens.globex, 'globex');
  assert.deepEqual([...acme.keys()].sort(), ['acme-at0-web', 'acme-at1-web', 'acme-at2-web']);
  assert.deepEqual([...globex.keys()].sort(), ['globex-at0-web', 'globex-at1-web', 'globex-at2-web']);
  const vlans = (plan: string): string[] => [...plan.matchAll(/VLAN\|(Vlan\d+) /g)].map((m) => m[1] ?? '');
  for (const [mine, theirs, other] of [[acme, globex, 'globex'], [globex, acme, 'acme']] as const) {
    const theirVlans = new Set([...theirs.values()].flatMap(vlans));
    for (const [name, plan] of mine) {
      const vpc = name.replace(/-web$/, '');
      // its own VPC's VLANs on leaf3, and nothing of the other tenant's
      assert.ok(plan.includes('"device":"leaf3"') && plan.includes(`/${vpc} web`), `${name}'s plan: ${plan.slice(0, 300)}`);
      assert.doesNotMatch(plan, new RegExp(other), `${name}'s plan names the other tenant`);
      for (const vlan of vlans(plan)) assert.ok(!theirVlans.has(vlan), `${name}'s plan shows ${other}'s ${vlan}`);
      // nor another VPC of its own tenant
      for (const sibling of [0, 1, 2].map((i) => `${name.split('-')[0] ?? ''}-at${i}`).filter((s) => s !== vpc)) assert.ok(!plan.includes(`${sibling} web`), `${name}'s plan shows ${sibling}`);
    }
  }
  for (const v of vpcs) await ok(v.token, 'DELETE', `/api/v1/vpc-attachments/${v.name}-web?namespace=${v.namespace}`, 200);
  for (const v of vpcs) await ok(v.token, 'DELETE', `/api/v1/vpcs/${v.name}?namespace=${v.namespace}`, 200);
});
