// What one tenant can learn about another, over real HTTP on a real PostgreSQL: servers belong to
// tenants (Server spec.tenant) and a tenant attaches only its own; a refusal never names another
// tenant's object; a Switch reads (REST, GraphQL, event stream) as an allow-listed view of the
// tenant's own VPCs on it; DELETED reaches everyone who saw the object; streams are bounded per
// reader and end when their token is revoked or expires; failed authentications are rate
// limited; slow headers are cut off; /metrics is served on a listener of its own.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { freePort } from '../src/net.js';
import { call, graphql } from './support/http-client.js';
import { startTestService, type TestService } from './support/service.js';

const ADMIN = 'tenant-boundaries-admin-token-0123456';
let running: TestService;
let base: string;
let metricsPort: number;
const tokens = { acme: '', globex: '' };

async function token(name: string, role: string, extra: Record<string, unknown> = {}): Promise<string> {
  const reply = await call<{ token: string }>(base, ADMIN, 'POST', '/api/v1/tokens', { name, role, ...extra });
  assert.equal(reply.status, 201, reply.text);
  return reply.body.token;
}

before(async () => {
  metricsPort = await freePort();
  running = await startTestService(ADMIN, { WEFT_HEADER_TIMEOUT_MS: '500', WEFT_METRICS_ADDRESS: `127.0.0.1:${metricsPort}` });
  base = running.service.url;
  tokens.acme = await token('acme-ci', 'tenant', { tenant: 'acme' });
  tokens.globex = await token('globex-ci', 'tenant', { tenant: 'globex' });
});

after(async () => {
  await running.stop();
});

interface Item {
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly spec: Record<string, unknown>;
  readonly status?: Record<string, unknown>;
}

const names = (items: readonly Item[]): string[] => items.map((i) => i.metadata.name).sort();
const attachment = (name: string, subnet: string, connection: string, namespace = 'default', nativeVLAN?: boolean): unknown => ({
  metadata: { name, namespace },
  spec: { subnet, connection, ...(nativeVLAN === undefined ? {} : { nativeVLAN }) },
});

/** A raw server-sent event reader: every `event:`/`data:` block until the stream ends. */
async function openEvents(path: string, secret: string): Promise<{ next(): Promise<{ event: string; data: string } | undefined>; close(): void }> {
  const controller = new AbortController();
  const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${secret}` }, signal: controller.signal });
  assert.equal(response.status, 200);
  assert.ok(response.body !== null);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  return {
    async next() {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          if (event !== undefined) return { event, data: /^data: (.*)$/m.exec(block)?.[1] ?? '' };
          continue;
        }
        const { value, done } = await reader.read();
        if (done) return undefined;
        buffer += value;
      }
    },
    close() {
      controller.abort();
    },
  };
}

test('a tenant sees and attaches only the servers assigned to it; a refusal reads the same whoever owns the connection', async () => {
  assert.deepEqual(names((await call<{ items: Item[] }>(base, tokens.globex, 'GET', '/api/v1/servers')).body.items), ['server5']);
  assert.deepEqual(names((await call<{ items: Item[] }>(base, tokens.globex, 'GET', '/api/v1/connections')).body.items), ['server5--leaf3']);
  assert.equal((await call(base, tokens.globex, 'GET', '/api/v1/servers/server1')).status, 404);
  assert.equal((await call<{ items: Item[] }>(base, tokens.acme, 'GET', '/api/v1/fabric-policies')).body.items.length, 0, 'the policy names tenants: not for tenants');

  assert.equal((await call(base, tokens.acme, 'POST', '/api/v1/vpc-attachments', attachment('blue-web-server2', 'blue/web', 'server2--leaf1'))).status, 201);
  const refusals = [];
  for (const connection of ['server5--leaf3', 'server6--leaf4', 'spine1--leaf1', 'no-such-cable']) {
    const reply = await call<{ code: string; diagnostics: { code: string; path: string; message: string }[] }>(base, tokens.acme, 'POST', '/api/v1/vpc-attachments', attachment('probe', 'blue/web', connection));
    assert.equal(reply.status, 400, reply.text);
    // the name the tenant typed comes back; nothing about who owns it
    assert.doesNotMatch(reply.text, /globex|shop/, 'nothing about the owner');
    refusals.push(reply.body.diagnostics.map((d) => ({ code: d.code, path: d.path, message: d.message.replace(connection, 'X') })));
  }
  assert.equal(new Set(refusals.map((r) => JSON.stringify(r))).size, 1, 'another tenant\'s server, nobody\'s server, a fabric link and no cable at all answer alike');
  assert.deepEqual(refusals[0]?.[0]?.path, 'VPCAttachment default/probe spec.connection');
});

test('an error never names another tenant\'s object (WF309 on a shared connection)', async () => {
  // the architecture team put globex's subnet untagged on acme's server2 (after moving acme's)
  assert.equal((await call(base, ADMIN, 'DELETE', '/api/v1/vpc-attachments/server2-green-api')).status, 200);
  assert.equal((await call(base, ADMIN, 'POST', '/api/v1/vpc-attachments', attachment('globex-secret', 'shop/front', 'server2--leaf1', 'globex', true))).status, 201);
  const reply = await call<{ code: string; diagnostics: { code: string; path: string; message: string }[] }>(base, tokens.acme, 'POST', '/api/v1/vpc-attachments', attachment('blue-native', 'blue/app', 'server2--leaf1', 'default', true));
  assert.equal(reply.status, 400, reply.text);
  const [diagnostic] = reply.body.diagnostics;
  assert.ok(diagnostic !== undefined);
  assert.equal(diagnostic.code, 'WF309');
  // the compiler flags the second of the two, globex's: its path is withheld, the message names acme's own
  assert.equal(diagnostic.path, 'VPCAttachment (not readable with this token)');
  assert.match(diagnostic.message, /VPCAttachment default\/blue-native/);
  assert.doesNotMatch(reply.text, /globex|secret|shop/);
  // an architect is told which one
  assert.match((await call(base, ADMIN, 'POST', '/api/v1/vpc-attachments?dryRun=true', attachment('blue-native', 'blue/app', 'server2--leaf1', 'default', true))).text, /globex\/globex-secret/);
});

test('before its agent has reported, a tenant reads its VPCs on a Switch as applied Unknown', async () => {
  const seen = (await call<Item>(base, tokens.acme, 'GET', '/api/v1/switches/leaf1')).body;
  const vpcs = (seen.status as { vpcs: { vpc: string; applied: string }[] } | undefined)?.vpcs ?? [];
  assert.ok(vpcs.some((v) => v.vpc === 'default/blue'), JSON.stringify(seen));
  assert.deepEqual([...new Set(vpcs.map((v) => v.applied))], ['Unknown']);
});

test('an attachment written without a namespace names the VPC it looked for in the default namespace', async () => {
  const reply = await call<{ diagnostics: { path: string; message: string }[] }>(base, tokens.acme, 'POST', '/api/v1/vpc-attachments', { metadata: { name: 'probe-no-namespace' }, spec: { subnet: 'shop/front', connection: 'server2--leaf1' } });
  assert.equal(reply.status, 400, reply.text);
  assert.equal(reply.body.diagnostics[0]?.message, 'no valid VPC default/shop');
});

test('a Switch reads, for a tenant, as its own VPCs on it: no management, no other VRFs, no error text, no field an agent adds later (REST, GraphQL, stream)', async () => {
  const vrfOf = async (path: string): Promise<string> => String((await call<Item>(base, ADMIN, 'GET', path)).body.status?.vrf);
  const [blueVrf, shopVrf] = [await vrfOf('/api/v1/vpcs/blue'), await vrfOf('/api/v1/vpcs/shop?namespace=globex')];
  const stream = await openEvents('/api/v1/events?kind=Switch', tokens.acme);
  const generation = (await call<{ spec: { generation: number } }>(base, ADMIN, 'GET', '/api/v1/agents/leaf1')).body.spec.generation;
  const report = {
    appliedGeneration: generation,
    lastError: 'vrf Vrf-globex-shop: bgp session to 10.9.9.9 refused',
    bgpNeighbors: [
      { peer: '10.1.0.10', vrf: blueVrf, state: 'Established' },
      { peer: '10.9.9.9', vrf: shopVrf, state: 'Active', remoteAs: 65099 },
      { peer: 'Ethernet48', state: 'Established' },
    ],
    futureField: { secret: 'globex' },
  };
  assert.equal((await call(base, ADMIN, 'PUT', '/api/v1/agents/leaf1/status', report)).status, 200);

  const full = (await call<Item>(base, ADMIN, 'GET', '/api/v1/switches/leaf1')).body;
  assert.ok(JSON.stringify(full).includes('futureField') || JSON.stringify(full).includes(shopVrf), 'an architect sees it all');
  const seen = (await call<Item>(base, tokens.acme, 'GET', '/api/v1/switches/leaf1')).body;
  const listed = (await call<{ items: Item[] }>(base, tokens.acme, 'GET', '/api/v1/switches')).body.items.find((s) => s.metadata.name === 'leaf1');
  const event = await stream.next();
  stream.close();
  assert.ok(event !== undefined);
  const streamed = (JSON.parse(event.data) as Item);
  assert.ok(listed !== undefined);
  for (const view of [seen, listed, streamed]) {
    assert.deepEqual(view.spec, { role: 'leaf', os: 'sonic' });
    assert.deepEqual(Object.keys(view.metadata).sort(), ['creationTimestamp', 'generation', 'name', 'resourceVersion', 'uid']);
    const status = view.status as { vpcs: { vpc: string; applied: string }[]; bgpNeighbors: unknown[] } | undefined;
    assert.ok(status !== undefined && status.vpcs.some((v) => v.vpc === 'default/blue'));
    assert.ok(status.vpcs.every((v) => v.vpc.startsWith('default/') && v.applied === 'True'), 'acme\'s VPCs only, applied');
    assert.deepEqual(status.bgpNeighbors, [{ peer: '10.1.0.10', vrf: blueVrf, state: 'Established' }]);
    assert.deepEqual(Object.keys(status).sort(), ['bgpNeighbors', 'vpcs']);
    const text = JSON.stringify(view);
    for (const secret of ['management', 'redis', 'description', 'lastError', 'futureField', shopVrf, '10.9.9.9', 'Ethernet48', 'globex', 'conditions']) assert.ok(!text.includes(secret), `a tenant's Switch shows no ${secret}: ${text}`);
  }
  const gql = await graphql<{ data: { switch: { spec: { description: string | null; management: unknown } } } }>(base, tokens.acme, '{ switch(name: "leaf1") { spec { role description management { redis ssh { host user secretRef } } } } }');
  assert.deepEqual(gql.body.data.switch.spec, { role: 'leaf', description: null, management: null });
});

test('DELETED reaches a tenant stream for its own objects; another tenant hears nothing of them', async () => {
  const mine = await openEvents('/api/v1/events?kind=VPCAttachment', tokens.acme);
  const theirs = await openEvents('/api/v1/events', tokens.globex);
  const created = await call(base, tokens.acme, 'POST', '/api/v1/vpc-attachments', attachment('short-lived', 'green/worker', 'server1--leaf1'));
  assert.equal(created.status, 201, created.text);
  assert.equal((await call(base, tokens.acme, 'DELETE', '/api/v1/vpc-attachments/short-lived')).status, 200);
  // a globex write after, so that globex's stream has something to show when acme's events were not sent to it
  const marker = await call(base, tokens.globex, 'POST', '/api/v1/vpcs', { metadata: { name: 'globex-marker', namespace: 'globex' }, spec: { tenant: 'globex', subnets: { web: { cidr: '10.123.0.0/24' } } } });
  assert.equal(marker.status, 201, marker.text);
  const events = [await mine.next(), await mine.next()].map((e) => `${e?.event ?? ''} ${(JSON.parse(e?.data ?? '{}') as Item).metadata.name}`);
  assert.deepEqual(events, ['ADDED short-lived', 'DELETED short-lived']);
  const first = await theirs.next();
  assert.equal((JSON.parse(first?.data ?? '{}') as Item).metadata.name, 'globex-marker', 'globex saw nothing of acme\'s attachment');
  mine.close();
  theirs.close();
});

test('revoking a token ends its REST and GraphQL streams at once, with a last event that says so', async () => {
  const secret = await token('acme-dashboard', 'tenant', { tenant: 'acme' });
  const rest = await openEvents('/api/v1/events', secret);
  const gql = await openEvents(`/graphql/stream?query=${encodeURIComponent('subscription { events { type kind } }')}`, secret);
  assert.equal((await call(base, ADMIN, 'DELETE', '/api/v1/tokens/acme-dashboard')).status, 200);
  const last = await rest.next();
  assert.equal(last?.event, 'error');
  assert.deepEqual(JSON.parse(last.data), { code: 'unauthenticated', message: 'the token was revoked' });
  assert.equal(await rest.next(), undefined, 'and the stream ends');
  const next = await gql.next();
  assert.equal(next?.event, 'next');
  assert.match(next.data, /"code":"unauthenticated"/);
  assert.equal((await gql.next())?.event, 'complete');
  assert.equal(await gql.next(), undefined);
  assert.equal((await call(base, secret, 'GET', '/api/v1/vpcs')).status, 401);
});

test('a token with a time to live stops working then, and its streams end', async () => {
  const secret = await token('acme-short', 'tenant', { tenant: 'acme', ttlSeconds: 2 });
  const info = (await call<{ items: { name: string; expiresAt?: string }[] }>(base, ADMIN, 'GET', '/api/v1/tokens')).body.items.find((t) => t.name === 'acme-short');
  assert.ok(info?.expiresAt !== undefined);
  assert.equal((await call(base, secret, 'GET', '/api/v1/vpcs')).status, 200);
  const stream = await openEvents('/api/v1/events', secret);
  const last = await stream.next();
  assert.deepEqual(JSON.parse(last?.data ?? '{}'), { code: 'unauthenticated', message: 'the token expired' });
  assert.equal((await call(base, secret, 'GET', '/api/v1/vpcs')).status, 401);
  const refused = await call(base, ADMIN, 'POST', '/api/v1/tokens', { name: 'past', role: 'viewer', expiresAt: '2001-01-01T00:00:00Z' });
  assert.equal(refused.status, 400);
  assert.match(refused.text, /expiresAt: must be in the future/);
});

test('a reader that never reads is cut after 1000 events with a last event, instead of buffering without bound', async () => {
  // a raw connection that stops reading at once: the kernel's buffers fill, then the service's queue for it
  const socket = connect(Number(new URL(base).port), '127.0.0.1');
  await new Promise((resolveConnect) => socket.once('connect', resolveConnect));
  socket.write(`GET /api/v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ADMIN}\r\n\r\n`);
  socket.pause();
  const closed = new Promise((resolveClose) => socket.once('close', resolveClose));
  const generation = (await call<{ spec: { generation: number } }>(base, ADMIN, 'GET', '/api/v1/agents/leaf1')).body.spec.generation;
  // each report announces the Agent (with the whole desired state), the Switch and the VPCs on it
  for (let round = 0; round < 40; round++) {
    // a long error text makes each event large, so the socket fills after a few dozen reports
    await Promise.all(Array.from({ length: 10 }, (_, i) => call(base, ADMIN, 'PUT', '/api/v1/agents/leaf1/status', { appliedGeneration: generation, lastError: `${round}-${i} ${'x'.repeat(50_000)}` })));
  }
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
  socket.resume();
  await closed;
  const events = text.split('\n\n').filter((block) => /^(event: |[0-9a-f]+\r\nevent: )/.test(block.trimStart()));
  assert.ok(events.length < 1800, `the stream ended instead of carrying every event (${events.length})`);
  assert.match(text, /event: error\ndata: \{"code":"unavailable","message":"the reader fell more than 1000 events behind; read the current state and open the stream again"\}\n\n/);
});

test('slow request headers are cut off; /metrics answers on its own listener without a token, and needs one on the API listener', async () => {
  const port = Number(new URL(base).port);
  const socket = connect(port, '127.0.0.1');
  await new Promise((resolveConnect) => socket.once('connect', resolveConnect));
  socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
  let answer = '';
  socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
  await new Promise((resolveClose) => socket.once('close', resolveClose));
  assert.match(answer, /^(HTTP\/1\.1 408|)/, 'the server closed the connection (with a 408, or without a word)');

  const separate = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
  assert.equal(separate.status, 200);
  assert.match(await separate.text(), /weft_http_requests_total/);
  assert.equal((await fetch(`${base}/metrics`)).status, 401);
});

test('failed authentications are limited per token and per address: 429 with Retry-After, before the token store is asked', async () => {
  for (let i = 0; i < 10; i++) assert.equal((await call(base, 'weft_guess-the-same', 'GET', '/api/v1/vpcs')).status, 401);
  const sameToken = await call(base, 'weft_guess-the-same', 'GET', '/api/v1/vpcs');
  assert.equal(sameToken.status, 429);
  assert.match(sameToken.text, /too many failed authentications with this token/);
  assert.ok(Number(sameToken.headers.get('retry-after')) >= 1);
  let last = sameToken;
  for (let i = 0; i < 40; i++) {
    last = await call(base, `weft_guess-${i}`, 'GET', '/api/v1/vpcs');
    if (last.status === 429) break;
    assert.equal(last.status, 401);
  }
  assert.equal(last.status, 429);
  assert.match(last.text, /too many failed authentications from this address/);
  assert.ok(Number(last.headers.get('retry-after')) >= 1);
});
