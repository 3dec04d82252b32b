// The HTTP layer over real loopback HTTP: the service routes, bearer tokens, request ids, the
// access log, metrics, and the JSON error body for every kind of failure (never a 500 for bad
// input). The store and the token store are fakes here: this file tests the transport only.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Body, Controller, Get, Inject, Param, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '../src/config.js';
import { CurrentActor } from '../src/http/auth.js';
import type { TokenAuthenticator } from '../src/http/dependencies.js';
import { FABRIC_STORE } from '../src/http/injection-tokens.js';
import { createJsonLogger } from '../src/observability/logger.js';
import { createMetrics, recordCompileDuration, recordWriteBatchSize, watchPoolUsage, type WeftMetrics } from '../src/observability/metrics.js';
import { createHttpApp } from '../src/server.js';
import { StoreError, type Actor, type StoreErrorCode } from '../src/store/store.types.js';

/** dist/apps/api/test/ -> the repository root */
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const VALID_TOKEN = 'fake-token-of-alice';
const ALICE: Actor = { name: 'alice', role: 'tenant', tenant: 'red' };
const VIEWER_TOKEN = 'fake-token-of-the-noc';
const NOC: Actor = { name: 'noc', role: 'viewer' };
const STORE_ERROR_CODES: readonly StoreErrorCode[] = ['invalid', 'unauthenticated', 'forbidden', 'not-found', 'conflict', 'unavailable', 'too-many-requests'];

/** Knows one token. */
class FakeTokenAuthenticator implements TokenAuthenticator {
  authenticate(token: string): Promise<Actor | undefined> {
    return Promise.resolve(token === VALID_TOKEN ? ALICE : token === VIEWER_TOKEN ? NOC : undefined);
  }
}

/** Answers `get(name)` with the StoreError whose code is the name, or a crash for `crash`. */
class FakeStore {
  get(name: string): { name: string } {
    const code = STORE_ERROR_CODES.find((candidate) => candidate === name);
    if (code === 'invalid') {
      throw new StoreError('invalid', 'the VPC is invalid', [
        { code: 'WF103', severity: 'error', path: 'VPC default/blue spec.subnets.web.cidr', message: 'is not a CIDR', source: 'vpc.yaml:3' },
      ]);
    }
    if (code !== undefined) throw new StoreError(code, `fake ${code}`);
    if (name === 'crash') throw new Error('connection to db.internal:5432 failed, password hunter2');
    return { name };
  }
}

/** A stand-in for a resource controller, as the lead's will be: inject the store, read the actor. */
@Controller('test/items')
class FakeItemsController {
  constructor(@Inject(FABRIC_STORE) private readonly store: FakeStore) {}

  @Get(':name')
  item(@Param('name') name: string): { name: string } {
    return this.store.get(name);
  }

  @Post()
  create(@Body() body: unknown, @CurrentActor() actor: Actor): { received: unknown; actor: string } {
    return { received: body, actor: actor.name };
  }
}

/** A handler that logs through its request's logger, as the service's own code does. */
@Controller('test/logged')
class FakeLoggingController {
  @Get()
  logged(@Req() request: FastifyRequest): { logged: boolean } {
    request.log.info({ detail: 42 }, 'handler line');
    return { logged: true };
  }
}

interface TestApp {
  readonly base: string;
  readonly port: number;
  readonly logs: Record<string, unknown>[];
  readonly metrics: WeftMetrics;
}

async function startApp(t: TestContext, ready: () => Promise<boolean> = () => Promise.resolve(true)): Promise<TestApp> {
  const logs: Record<string, unknown>[] = [];
  const logger = createJsonLogger({ level: 'debug', write: (line) => logs.push(JSON.parse(line) as Record<string, unknown>) });
  const metrics = createMetrics({ processMetrics: false });
  const app: NestFastifyApplication = await createHttpApp({ store: new FakeStore(), tokens: new FakeTokenAuthenticator(), metrics, logger, ready }, loadConfig({}), {
    controllers: [FakeItemsController, FakeLoggingController],
  });
  t.after(() => app.close());
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  assert.ok(typeof address === 'object' && address !== null);
  return { base: `http://127.0.0.1:${address.port}`, port: address.port, logs, metrics };
}

const authorized = { authorization: `Bearer ${VALID_TOKEN}` };

async function json(response: Response): Promise<Record<string, unknown>> {
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  return (await response.json()) as Record<string, unknown>;
}

/** The error contract: not a 500, the status expected, a JSON body with code, message and requestId. */
async function assertErrorBody(response: Response, status: number, code: string): Promise<Record<string, unknown>> {
  assert.notEqual(response.status, 500, 'bad input must never be a 500');
  assert.equal(response.status, status);
  const body = await json(response);
  assert.equal(body.code, code);
  assert.equal(typeof body.message, 'string');
  assert.equal(body.requestId, response.headers.get('x-request-id'));
  return body;
}

function postJson(base: string, path: string, body: string, headers: Record<string, string> = authorized): Promise<Response> {
  return fetch(`${base}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
}

test('GET /healthz answers 200 {status: ok} without a token', async (t) => {
  const { base } = await startApp(t);
  const response = await fetch(`${base}/healthz`);
  assert.equal(response.status, 200);
  assert.deepEqual(await json(response), { status: 'ok' });
});

test('GET /readyz follows ready(): 200 when ready, 503 when not, 503 when the check throws', async (t) => {
  let state: boolean | Error = true;
  const { base, logs } = await startApp(t, () => (state instanceof Error ? Promise.reject(state) : Promise.resolve(state)));
  let response = await fetch(`${base}/readyz`);
  assert.equal(response.status, 200);
  assert.deepEqual(await json(response), { status: 'ready' });
  state = false;
  response = await fetch(`${base}/readyz`);
  assert.equal(response.status, 503);
  assert.deepEqual(await json(response), { status: 'not-ready' });
  state = new Error('database unreachable');
  response = await fetch(`${base}/readyz`);
  assert.equal(response.status, 503);
  assert.deepEqual(await json(response), { status: 'not-ready' });
  assert.ok(logs.some((line) => line.msg === 'readiness check failed' && line.error === 'database unreachable'));
});

test('GET /api/openapi.json serves api/openapi.json without a token', async (t) => {
  const { base } = await startApp(t);
  const response = await fetch(`${base}/api/openapi.json`);
  assert.equal(response.status, 200);
  assert.deepEqual(await json(response), JSON.parse(await readFile(`${ROOT}api/openapi.json`, 'utf8')));
});

test('GET /metrics: Prometheus text with request counts by route pattern, compile time, batch sizes and pools', async (t) => {
  const { base, metrics } = await startApp(t);
  await fetch(`${base}/healthz`);
  await fetch(`${base}/test/items/blue`, { headers: authorized });
  await fetch(`${base}/test/items/green`, { headers: authorized });
  // under /api: any other path without a file extension is a page of the web console
  await fetch(`${base}/api/no/such/route`);
  recordCompileDuration(metrics, 0.042);
  recordWriteBatchSize(metrics, 3);
  watchPoolUsage(metrics, () => [
    { pool: 'vni', used: 3, size: 100 },
    { pool: 'vlan', used: 7, size: 4094 },
  ]);

  // behind a token: an architect's or a viewer's; nobody else's
  assert.equal((await fetch(`${base}/metrics`)).status, 401);
  assert.equal((await fetch(`${base}/metrics`, { headers: authorized })).status, 403, 'a tenant does not read the service-wide metrics');
  const response = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${VIEWER_TOKEN}` } });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
  const text = await response.text();
  const lines = text.split('\n');
  for (const expected of [
    'weft_http_requests_total{method="GET",route="/healthz",status="200"} 1',
    // the route pattern, one series for both names
    'weft_http_requests_total{method="GET",route="/test/items/:name",status="200"} 2',
    'weft_http_requests_total{method="GET",route="unmatched",status="404"} 1',
    'weft_http_request_duration_seconds_count{method="GET",route="/test/items/:name"} 2',
    'weft_compile_duration_seconds_sum 0.042',
    'weft_compile_duration_seconds_count 1',
    'weft_write_batch_size_bucket{le="5"} 1',
    'weft_pool_used{pool="vni"} 3',
    'weft_pool_size{pool="vni"} 100',
    'weft_pool_used{pool="vlan"} 7',
    'weft_pool_size{pool="vlan"} 4094',
  ]) {
    assert.ok(lines.includes(expected), `missing ${expected}`);
  }
  assert.ok(!text.includes('/no/such/route'), 'a raw URL must not become a label');
});

test('a pool that is gone from the reading is gone from /metrics; a failing reading leaves the gauges empty', async (t) => {
  const { base, metrics } = await startApp(t);
  let pools: { pool: string; used: number; size: number }[] | Error = [{ pool: 'vni', used: 1, size: 10 }];
  watchPoolUsage(metrics, () => {
    if (pools instanceof Error) throw pools;
    return pools;
  });
  assert.ok((await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${VIEWER_TOKEN}` } })).text()).includes('weft_pool_used{pool="vni"} 1'));
  pools = [{ pool: 'vlan', used: 2, size: 20 }];
  let text = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${VIEWER_TOKEN}` } })).text();
  assert.ok(text.includes('weft_pool_used{pool="vlan"} 2'));
  assert.ok(!text.includes('pool="vni"'));
  pools = new Error('store closed');
  const response = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${VIEWER_TOKEN}` } });
  assert.equal(response.status, 200);
  text = await response.text();
  assert.ok(!text.includes('weft_pool_used{'));
});

test('a route without a token answers 401 unauthenticated, with WWW-Authenticate: Bearer', async (t) => {
  const { base } = await startApp(t);
  const response = await fetch(`${base}/test/items/blue`);
  const body = await assertErrorBody(response, 401, 'unauthenticated');
  assert.equal(body.message, 'a bearer token is required: Authorization: Bearer <token>');
  assert.equal(response.headers.get('www-authenticate'), 'Bearer');
});

test('an unknown token, another scheme, an empty or a huge token all answer 401', async (t) => {
  const { base } = await startApp(t);
  for (const authorization of ['Bearer not-a-known-token', `Basic ${Buffer.from('alice:secret').toString('base64')}`, 'Bearer ', VALID_TOKEN, `Bearer ${'x'.repeat(5000)}`]) {
    const response = await fetch(`${base}/test/items/blue`, { headers: { authorization } });
    await assertErrorBody(response, 401, 'unauthenticated');
  }
  const unknown = await fetch(`${base}/test/items/blue`, { headers: { authorization: 'Bearer not-a-known-token' } });
  assert.equal((await json(unknown)).message, 'the bearer token is not valid (unknown, revoked or expired)');
});

test('a valid token reaches the handler, which gets the actor; the scheme is case-insensitive', async (t) => {
  const { base } = await startApp(t);
  let response = await fetch(`${base}/test/items/blue`, { headers: authorized });
  assert.equal(response.status, 200);
  assert.deepEqual(await json(response), { name: 'blue' });
  response = await postJson(base, '/test/items', '{"kind":"VPC","metadata":{"name":"blue"}}', { authorization: `bearer ${VALID_TOKEN}` });
  assert.equal(response.status, 201);
  assert.deepEqual(await json(response), { received: { kind: 'VPC', metadata: { name: 'blue' } }, actor: 'alice' });
});

test('X-Request-Id is echoed, or generated when absent or unacceptable, and logged on one JSON access line', async (t) => {
  const { base, logs } = await startApp(t);
  let response = await fetch(`${base}/test/items/blue`, { headers: { ...authorized, 'x-request-id': 'trace-abc.123' } });
  assert.equal(response.headers.get('x-request-id'), 'trace-abc.123');
  const access = logs.filter((line) => line.msg === 'request' && line.requestId === 'trace-abc.123');
  assert.equal(access.length, 1);
  const line = access[0]!;
  assert.deepEqual(
    { level: line.level, method: line.method, url: line.url, route: line.route, status: line.status, actor: line.actor },
    { level: 'info', method: 'GET', url: '/test/items/blue', route: '/test/items/:name', status: 200, actor: 'alice' },
  );
  assert.equal(typeof line.ms, 'number');
  assert.ok(!Number.isNaN(Date.parse(String(line.time))));

  response = await fetch(`${base}/healthz`);
  assert.match(response.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
  for (const unacceptable of ['has spaces in it', 'x'.repeat(200), '<script>']) {
    response = await fetch(`${base}/healthz`, { headers: { 'x-request-id': unacceptable } });
    assert.match(response.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/, unacceptable);
  }
});

test('access lines: 4xx at warn, 5xx at error; a handler\'s request.log line carries the request id; Nest\'s wiring chatter (nestjs-pino) is debug', async (t) => {
  const { base, logs } = await startApp(t);
  const levelOf = (requestId: string): unknown => logs.find((line) => line.msg === 'request' && line.requestId === requestId)?.level;
  await fetch(`${base}/test/items/not-found`, { headers: { ...authorized, 'x-request-id': 'warn-404' } });
  await fetch(`${base}/test/items/blue`, { headers: { 'x-request-id': 'warn-401' } });
  await fetch(`${base}/test/items/crash`, { headers: { ...authorized, 'x-request-id': 'error-500' } });
  await fetch(`${base}/test/items/blue`, { headers: { ...authorized, 'x-request-id': 'info-200' } });
  assert.deepEqual(
    ['warn-404', 'warn-401', 'error-500', 'info-200'].map(levelOf),
    ['warn', 'warn', 'error', 'info'],
  );

  const response = await fetch(`${base}/test/logged`, { headers: { ...authorized, 'x-request-id': 'bound-1' } });
  assert.equal(response.status, 200);
  const line = logs.find((entry) => entry.msg === 'handler line');
  assert.ok(line, 'the handler\'s line is in the service\'s log');
  assert.deepEqual({ level: line.level, requestId: line.requestId, detail: line.detail }, { level: 'info', requestId: 'bound-1', detail: 42 });

  const mapped = logs.filter((entry) => typeof entry.msg === 'string' && entry.msg.startsWith('Mapped {/test/logged, GET}'));
  assert.equal(mapped.length, 1, 'Nest\'s route mapping is logged through the same logger');
  assert.equal(mapped[0]?.level, 'debug');
});

test('the error body carries the request id of the failed request', async (t) => {
  const { base } = await startApp(t);
  const response = await fetch(`${base}/test/items/blue`, { headers: { 'x-request-id': 'failing-request-1' } });
  const body = await assertErrorBody(response, 401, 'unauthenticated');
  assert.equal(body.requestId, 'failing-request-1');
});

test('a body over 1 MiB answers 413 too-large with the JSON error body; 1 MiB itself is accepted', async (t) => {
  const { base } = await startApp(t);
  const limit = 1024 * 1024;
  const over = `"${'a'.repeat(limit)}"`;
  const refused = await postJson(base, '/test/items', over);
  const body = await assertErrorBody(refused, 413, 'too-large');
  assert.equal(body.message, 'the request body is larger than 1048576 bytes');

  const exactly = `"${'a'.repeat(limit - 2)}"`;
  const accepted = await postJson(base, '/test/items', exactly);
  assert.equal(accepted.status, 201);
  assert.equal(((await json(accepted)).received as string).length, limit - 2);
});

test('bodies that are not JSON answer 400 invalid-json saying what is wrong', async (t) => {
  const { base } = await startApp(t);
  const cases: [string, string | Buffer, RegExp][] = [
    ['truncated', '{"kind": "VPC", ', /^the body is not valid JSON: .*position 16/],
    ['trailing comma', '[1,2,]', /^the body is not valid JSON: /],
    ['not UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), /^the body is not valid UTF-8/],
    ['__proto__ key', '{"metadata":{"__proto__":{"admin":true}}}', /^the body is not valid: key metadata.__proto__ is not allowed$/],
    ['constructor.prototype', '{"constructor":{"prototype":{"admin":true}}}', /^the body is not valid: key constructor is not allowed$/],
    ['a repeated key', '{"metadata":{"name":"a"},"spec":{"subnets":{"web":{},"web":{}}}}', /^the body is not valid: spec.subnets.web is given twice$/],
    ['nesting past 64 levels', `${'['.repeat(70)}${']'.repeat(70)}`, /^the body is not valid: .* is nested more than 64 levels deep$/],
  ];
  for (const [name, payload, message] of cases) {
    const response = await fetch(`${base}/test/items`, { method: 'POST', body: payload, headers: { 'content-type': 'application/json', ...authorized } });
    const body = await assertErrorBody(response, 400, 'invalid-json');
    assert.match(String(body.message), message, name);
  }
});

test('JSON values of every type, unicode and path-like strings reach the handler unchanged', async (t) => {
  const { base } = await startApp(t);
  for (const value of [null, [], [1, 'two'], 42, 'a string', true, { name: '../../etc/passwd' }, { name: 'vpc-日本語-🚀' }, { nested: { deep: [{}] } }]) {
    const response = await postJson(base, '/test/items', JSON.stringify(value));
    assert.equal(response.status, 201, JSON.stringify(value));
    assert.deepEqual((await json(response)).received, value);
  }
});

test('an unknown route answers 404 not-found as JSON, with or without a token', async (t) => {
  const { base } = await startApp(t);
  for (const headers of [{}, authorized]) {
    const response = await fetch(`${base}/api/v2/no-such-route`, { headers });
    const body = await assertErrorBody(response, 404, 'not-found');
    assert.equal(body.message, 'Cannot GET /api/v2/no-such-route');
  }
});

test('a content type the API does not read answers 415 as JSON', async (t) => {
  const { base } = await startApp(t);
  const response = await fetch(`${base}/test/items`, { method: 'POST', body: '<vpc/>', headers: { 'content-type': 'application/xml', ...authorized } });
  await assertErrorBody(response, 415, 'unsupported-media-type');
});

test('a URL with broken percent-encoding answers 400 as JSON', async (t) => {
  const { port } = await startApp(t);
  const answer = await new Promise<{ status: number; body: string; contentType: string; requestId: unknown }>((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, path: '/test/items/%E0%A4%A', headers: authorized }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, body, contentType: response.headers['content-type'] ?? '', requestId: response.headers['x-request-id'] });
      });
    });
    request.on('error', reject);
    request.end();
  });
  assert.equal(answer.status, 400);
  assert.match(answer.contentType, /^application\/json/);
  const body = JSON.parse(answer.body) as Record<string, unknown>;
  assert.deepEqual(body, { code: 'invalid', message: "'/test/items/%E0%A4%A' is not a valid url component", requestId: answer.requestId });
});

test('a name longer than any Kubernetes name reaches the handler (its validation answers), not a router 404', async (t) => {
  const { base } = await startApp(t);
  const name = 'n'.repeat(300);
  const response = await fetch(`${base}/test/items/${name}`, { headers: authorized });
  assert.equal(response.status, 200);
  assert.deepEqual(await json(response), { name });
});

test('an unknown error answers 500 internal with the request id only; the log has the message and stack', async (t) => {
  const { base, logs } = await startApp(t);
  const response = await fetch(`${base}/test/items/crash`, { headers: { ...authorized, 'x-request-id': 'crash-1' } });
  assert.equal(response.status, 500);
  const text = await response.text();
  assert.deepEqual(JSON.parse(text), { code: 'internal', message: 'internal error', requestId: 'crash-1' });
  assert.ok(!text.includes('hunter2') && !text.includes('at '), 'no detail and no stack in the response');
  const logged = logs.find((line) => line.msg === 'unhandled error' && line.requestId === 'crash-1');
  assert.ok(logged !== undefined, 'the failure is logged');
  assert.equal(logged.level, 'error');
  assert.equal(logged.error, 'Error: connection to db.internal:5432 failed, password hunter2');
  assert.match(String(logged.stack), /FakeStore\.get/);
  assert.ok(logs.some((line) => line.msg === 'request' && line.requestId === 'crash-1' && line.status === 500 && line.level === 'error'));
});

test('each StoreError code answers its status with the JSON error body', async (t) => {
  const { base } = await startApp(t);
  const expected: Record<StoreErrorCode, number> = { invalid: 400, unauthenticated: 401, forbidden: 403, 'not-found': 404, conflict: 409, unavailable: 503, 'too-many-requests': 429 };
  for (const code of STORE_ERROR_CODES) {
    const response = await fetch(`${base}/test/items/${code}`, { headers: authorized });
    assert.equal(response.status, expected[code], code);
    const body = await json(response);
    assert.equal(body.code, code);
    if (code !== 'invalid') assert.equal(body.message, `fake ${code}`);
  }
});

test('an invalid object answers 400 with every diagnostic as {code, path, message, severity}', async (t) => {
  const { base } = await startApp(t);
  const response = await fetch(`${base}/test/items/invalid`, { headers: authorized });
  const body = await assertErrorBody(response, 400, 'invalid');
  assert.equal(body.message, 'the VPC is invalid');
  assert.deepEqual(body.diagnostics, [{ code: 'WF103', path: 'VPC default/blue spec.subnets.web.cidr', message: 'is not a CIDR', severity: 'error' }]);
});
