// What a tenant token (or a careless architect) can send, over real HTTP to the real service on a
// real PostgreSQL: every Object.prototype member name as a map key through every write route
// (REST and GraphQL), strings PostgreSQL cannot store inside a batch of other tenants' writes,
// and a seeded fuzz over every write route. Never a 5xx, the process keeps answering, another
// tenant's write in the same batch succeeds, and a refusal names the field.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { REST_COLLECTIONS } from '#codegen';
import { call, graphql, type Reply } from './support/http-client.js';
import { startTestService, type TestService } from './support/service.js';

const ADMIN = 'hostile-input-admin-token-0123456789';
let running: TestService;
let base: string;
let acme: string;
let serial = 0;
const unique = (prefix: string): string => `${prefix}-${(serial += 1)}`;

/** 10.(100..199).x.0/24, a new one each call. */
const cidr = (): string => `10.${100 + Math.floor(serial / 250)}.${(serial += 1) % 250}.0/24`;

before(async () => {
  running = await startTestService(ADMIN);
  base = running.service.url;
  acme = ((await call<{ token: string }>(base, ADMIN, 'POST', '/api/v1/tokens', { name: 'acme-ci', role: 'tenant', tenant: 'acme' })).body).token;
});

after(async () => {
  await running.stop();
});

const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);

const vpc = (name: string, tenant: string, spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): unknown => ({
  apiVersion: 'vpc.weft.dev/v1alpha1',
  kind: 'VPC',
  metadata: { name, ...metadata },
  spec: { tenant, subnets: { web: { cidr: cidr() } }, ...spec },
});

/** A map with one key; a computed key makes even `__proto__` an own property, as JSON.parse does. */
const mapOf = (key: string, value: unknown): Record<string, unknown> => ({ [key]: value });

/** A minimal valid body of each kind, to which a hostile field is added. */
function minimalBody(kind: string, name: string): Record<string, unknown> {
  const specs: Record<string, unknown> = {
    Switch: { role: 'leaf', os: 'sonic' },
    Server: {},
    Connection: { unbundled: { server: 'server1/eth1', switch: 'leaf1/Ethernet40' } },
    FabricPolicy: {},
    ConfigTemplate: { target: 'frr', template: '! nothing' },
    VPC: { tenant: 'acme', subnets: { web: { cidr: cidr() } } },
    VPCAttachment: { subnet: 'blue/web', connection: 'server1--leaf1' },
    VPCPeering: { vpcs: ['blue', 'green'] },
    External: {},
    ExternalAttachment: { external: 'internet', connection: 'border1--internet' },
    ExternalPeering: { vpc: 'blue', external: 'internet' },
  };
  return { metadata: { name }, spec: specs[kind] ?? {} };
}

/** Not a 5xx; a 4xx names `field` (in a diagnostic path or the message); a 2xx wrote it as sent. */
function assertHandled(reply: Reply, field: string, what: string): void {
  assert.ok(reply.status < 500, `${what}: ${reply.status} ${reply.text.slice(0, 300)}`);
  if (reply.status >= 400) assert.ok(reply.text.includes(field), `${what}: the refusal names ${field}: ${reply.text.slice(0, 300)}`);
}

async function alive(): Promise<void> {
  const health = await call(base, undefined, 'GET', '/healthz');
  assert.equal(health.status, 200, 'the process still answers');
}

test('every Object.prototype member name as a map key, through every REST write route: never a 5xx, a refusal names the field, another tenant writes meanwhile', async () => {
  const blue = (await call<{ metadata: unknown; spec: { subnets: Record<string, unknown> } }>(base, acme, 'GET', '/api/v1/vpcs/blue')).body;
  for (const key of PROTOTYPE_NAMES) {
    const hostile: Promise<[string, string, Reply]>[] = [];
    const add = (what: string, field: string, reply: Promise<Reply>): void => {
      hostile.push(reply.then((r) => [what, field, r]));
    };
    add('subnets', 'spec.subnets', call(base, acme, 'POST', '/api/v1/vpcs', vpc(unique('sub'), 'acme', { subnets: mapOf(key, { cidr: cidr() }) })));
    // label and annotation keys such as toString are valid: written for tenants of their own (a tenant has at most 20 VPCs)
    add('labels', 'metadata.labels', call(base, ADMIN, 'POST', '/api/v1/vpcs', vpc(unique('lab'), unique('t'), {}, { labels: mapOf(key, 'x') })));
    add('annotations', 'metadata.annotations', call(base, ADMIN, 'POST', '/api/v1/vpcs', vpc(unique('ann'), unique('t'), {}, { annotations: mapOf(key, 'x') })));
    add('replace', 'spec.subnets', call(base, acme, 'PUT', '/api/v1/vpcs/blue?dryRun=true', { ...blue, spec: { ...blue.spec, subnets: { ...blue.spec.subnets, ...mapOf(key, { cidr: '10.240.0.0/24' }) } } }));
    add('peering permit', 'spec.permit', call(base, acme, 'POST', '/api/v1/vpc-peerings', { metadata: { name: unique('peer') }, spec: { vpcs: ['blue', 'green'], permit: [[`blue/${key}`, 'green/api']] } }));
    add('policy rule labels', 'spec', call(base, ADMIN, 'PUT', '/api/v1/fabric-policies/default?dryRun=true', { metadata: { name: 'default' }, spec: { isolation: { default: 'evpn-l3vni', rules: [{ match: { labels: mapOf(key, 'x') }, method: 'vlan' }] } } }));
    // the body is the status itself: the parser names the key at its top
    add('agent status', key === '__proto__' ? '__proto__' : 'status', call(base, ADMIN, 'PUT', '/api/v1/agents/leaf1/status', { appliedGeneration: 0, ...mapOf(key, { x: 1 }) }));
    for (const [kind, collection] of Object.entries(REST_COLLECTIONS)) {
      if (kind === 'Agent') continue;
      const body = minimalBody(kind, unique('k'));
      add(`${kind} spec`, `spec`, call(base, ADMIN, 'POST', `/api/v1/${collection}?dryRun=true`, { ...body, spec: { ...(body.spec as object), ...mapOf(key, 1) } }));
    }
    // another tenant's valid write, in the same batches
    const bystander = call(base, ADMIN, 'POST', '/api/v1/vpcs', vpc(unique('by'), unique('by')));
    for (const [what, field, reply] of await Promise.all(hostile)) assertHandled(reply, field, `${key} in ${what}`);
    assert.equal((await bystander).status, 201, `${key}: the other tenant's write succeeds`);
    await alive();
  }
  // a name that is valid (constructor is a DNS label) is stored as sent and read back as it was
  const accepted = await call<{ spec: { subnets: Record<string, unknown> } }>(base, acme, 'POST', '/api/v1/vpcs', vpc('ctor', 'acme', { subnets: { constructor: { cidr: '10.250.1.0/24' } } }));
  assert.equal(accepted.status, 201, accepted.text);
  const read = await call<{ spec: { subnets: Record<string, unknown> } }>(base, acme, 'GET', '/api/v1/vpcs/ctor');
  assert.deepEqual(Object.keys(read.body.spec.subnets), ['constructor']);
  assert.equal((await call(base, acme, 'POST', '/api/v1/vpc-attachments', { metadata: { name: 'ctor-1' }, spec: { subnet: 'ctor/constructor', connection: 'server2--leaf1' } })).status, 201);
});

test('every Object.prototype member name as a key of a GraphQL literal and of variables: never a 5xx, the refusal names the field', async () => {
  for (const key of PROTOTYPE_NAMES) {
    const name = unique('gql');
    const literal = await graphql(base, acme, `mutation { createVPC(input: {metadata: {name: "${name}", labels: {${key}: "x"}}, spec: {tenant: "acme", subnets: {${key}: {cidr: "${cidr()}"}}}}) { object { metadata { name } } } }`);
    assertHandled(literal, key === '__proto__' ? '__proto__' : 'spec.subnets', `${key} in a literal`);
    if (literal.status === 200) assert.ok(literal.text.includes('"errors"') || literal.text.includes(name), literal.text);
    const variables = await graphql(base, acme, 'mutation ($spec: JSON!) { createVPC(input: {metadata: {name: "v"}, spec: $spec}) { object { metadata { name } } } }', {
      spec: { tenant: 'acme', subnets: mapOf(key, { cidr: cidr() }) },
    });
    assertHandled(variables, key === '__proto__' ? '__proto__' : 'spec.subnets', `${key} in variables`);
    const status = await graphql(base, ADMIN, 'mutation ($status: JSON!) { reportAgentStatus(name: "leaf2", status: $status) { metadata { name } } }', { status: mapOf(key, 1) });
    assertHandled(status, '__proto__', `${key} in an agent status`);
    await alive();
  }
});

test('a NUL or a lone surrogate in one write of a concurrent batch fails that write alone, 400 naming the field; the other tenants writes commit', async () => {
  for (const bad of ['a\u0000b', '\ud800', 'x\udc00y']) {
    const good = Array.from({ length: 29 }, () => call(base, ADMIN, 'POST', '/api/v1/vpcs', vpc(unique('ok'), unique('other'))));
    const hostile = [
      call(base, acme, 'POST', '/api/v1/vpcs', vpc(unique('nul'), 'acme', { description: bad })),
      call(base, acme, 'POST', '/api/v1/vpcs', vpc(unique('nul'), 'acme', { subnets: { web: { cidr: cidr(), description: bad } } })),
      call(base, acme, 'POST', '/api/v1/vpcs', vpc(unique('nul'), 'acme', {}, { annotations: { note: bad } })),
      call(base, acme, 'POST', '/api/v1/vpcs', vpc(unique('nul'), 'acme', {}, { annotations: mapOf(bad, 'x') })),
      call(base, ADMIN, 'PUT', '/api/v1/agents/leaf3/status', { lastError: bad }),
      // a URL carries UTF-8, so only the NUL reaches a query parameter
      ...(bad.includes('\u0000') ? [call(base, ADMIN, 'GET', '/api/v1/audit?actor=a%00b')] : []),
    ];
    const fields = ['spec.description', 'spec.subnets.web.description', 'metadata.annotations.note', 'metadata.annotations', 'status.lastError', 'actor'];
    const answers = await Promise.all(hostile);
    answers.forEach((reply, i) => {
      assert.equal(reply.status, 400, `${JSON.stringify(bad)} #${i}: ${reply.text.slice(0, 300)}`);
      assert.ok(reply.text.includes(fields[i] ?? '?'), `the refusal names ${fields[i] ?? '?'}: ${reply.text.slice(0, 300)}`);
      assert.doesNotMatch(reply.text, /SQLSTATE|invalid byte sequence|unsupported Unicode/, 'the database never speaks to the client');
    });
    for (const reply of await Promise.all(good)) assert.equal(reply.status, 201, reply.text.slice(0, 200));
  }
  await alive();
});

/** A small deterministic PRNG (mulberry32): the same seed, the same fuzz. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ODD_VALUES: readonly unknown[] = [
  null, true, 0, -1, 1e308, 4294967295, 1.5, '', ' ', 'a\u0000', '\ud800', 'x'.repeat(5000), '../../etc/passwd', "'; DROP TABLE audit; --", '{{> x}}', '10.0.0.0/33', [], {}, [[[]]],
  { __proto__x: 1 }, 'constructor', 'toString', 'Ethernet0', 'leaf1/Ethernet0', 'blue/web', '0.0.0.0/0',
];

/** One random change to a JSON value: replace, delete or add a field somewhere. */
function mutate(value: unknown, next: () => number, depth = 0): unknown {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  if (depth > 4 || typeof value !== 'object' || value === null || next() < 0.2) return pick(ODD_VALUES);
  if (Array.isArray(value)) {
    const items = value as readonly unknown[];
    if (items.length === 0 || next() < 0.2) return [...items, pick(ODD_VALUES)];
    const i = Math.floor(next() * items.length);
    return items.map((item, j) => (j === i ? mutate(item, next, depth + 1) : item));
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  const roll = next();
  if (keys.length === 0 || roll < 0.15) return { ...record, [pick([...PROTOTYPE_NAMES, 'extra', 'spec', 'x'])]: pick(ODD_VALUES) };
  const key = pick(keys);
  if (roll < 0.3) return Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));
  return { ...record, [key]: mutate(record[key], next, depth + 1) };
}

test('a fuzz over every write route (REST and GraphQL), seed 6, 400 requests: no 5xx, the process keeps answering', async () => {
  const next = random(6);
  const routes = Object.entries(REST_COLLECTIONS).filter(([kind]) => kind !== 'Agent');
  const failures: string[] = [];
  for (let round = 0; round < 20; round++) {
    const requests: Promise<[string, Reply]>[] = [];
    for (let i = 0; i < 20; i++) {
      const [kind, collection] = routes[Math.floor(next() * routes.length)] ?? ['VPC', 'vpcs'];
      const body = mutate(minimalBody(kind, unique('fz')), next);
      const token = next() < 0.5 ? acme : ADMIN;
      const mode = Math.floor(next() * 5);
      const describe = `${kind} mode ${mode} ${JSON.stringify(body).slice(0, 200)}`;
      let reply: Promise<Reply>;
      if (mode === 0) reply = call(base, token, 'POST', `/api/v1/${collection}`, body);
      else if (mode === 1) reply = call(base, token, 'PUT', `/api/v1/${collection}/${kind === 'VPC' ? 'blue' : 'leaf1'}`, body);
      else if (mode === 2) reply = call(base, token, 'POST', `/api/v1/${collection}?dryRun=true`, body);
      else if (mode === 3) reply = graphql(base, token, `mutation ($input: ${kind}Input!) { create${kind}(input: $input) { dryRun } }`, { input: body });
      else reply = call(base, token, 'PUT', '/api/v1/agents/leaf4/status', mutate({ appliedGeneration: 0, bgpNeighbors: [{ peer: 'x', state: 'Established' }] }, next));
      requests.push(reply.then((r) => [describe, r]));
    }
    for (const [describe, reply] of await Promise.all(requests)) if (reply.status >= 500) failures.push(`${reply.status} ${describe}: ${reply.text.slice(0, 200)}`);
    await alive();
  }
  assert.deepEqual(failures, []);
});
