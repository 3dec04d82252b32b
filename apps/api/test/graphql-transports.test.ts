// GraphQL's transports against the real service (`weft serve`'s services on a real PostgreSQL):
// the GraphQL over HTTP audit of graphql-http (the specification's own checker) without an error
// or a warning; the response's media type as the Accept header asks; subscriptions over a
// WebSocket with graphql-ws's client (what Apollo and urql use): the token in connection_init,
// a tenant's events only, the stream ended with a last error when the token is revoked, the store
// listener gone when the client leaves; and GraphiQL at /graphiql.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAudits } from 'graphql-http';
import type { FormattedExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { FABRIC_STORE } from '../src/http/injection-tokens.js';
import type { FabricStore } from '../src/store/fabric-store.js';
import { call } from './support/http-client.js';
import { startTestService, type TestService } from './support/service.js';

const ADMIN = 'graphql-transports-admin-token-0123456';
let running: TestService;
let base: string;
let store: FabricStore;

before(async () => {
  running = await startTestService(ADMIN);
  base = running.service.url;
  store = running.service.app.get<FabricStore>(FABRIC_STORE);
});

after(async () => {
  await running.stop();
});

async function token(name: string, role: string, extra: Record<string, unknown> = {}): Promise<string> {
  const reply = await call<{ token: string }>(base, ADMIN, 'POST', '/api/v1/tokens', { name, role, ...extra });
  assert.equal(reply.status, 201, reply.text);
  return reply.body.token;
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

test('the GraphQL over HTTP audit (graphql-http serverAudits) passes without an error or a warning', async () => {
  const fetchWithToken = (input: string, init: RequestInit = {}): Promise<Response> => fetch(input, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${ADMIN}` } });
  const results = await Promise.all(serverAudits({ url: `${base}/graphql`, fetchFn: fetchWithToken }).map((audit) => audit.fn()));
  const problems = results.filter((result) => result.status !== 'ok').map((result) => `${result.id} ${result.name}: ${result.status} ${'reason' in result ? result.reason : ''}`);
  // MAY audits that fail are notices, not problems; none is expected either
  assert.deepEqual(problems, []);
  assert.ok(results.length > 50, `${results.length} audits ran`);
});

test('media types: application/graphql-response+json when asked for, with 400 for a request that cannot run; application/json by name keeps 200', async () => {
  const post = (accept: string, query: string): Promise<Response> =>
    fetch(`${base}/graphql`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', accept }, body: JSON.stringify({ query }) });
  const modern = await post('application/graphql-response+json, application/json;q=0.9', '{ vpcs { nodes { nope } } }');
  assert.equal(modern.status, 400);
  assert.match(modern.headers.get('content-type') ?? '', /^application\/graphql-response\+json; charset=utf-8/);
  const body = (await modern.json()) as { data?: unknown; errors: { message: string; extensions: { code: string } }[] };
  assert.equal('data' in body, false, 'a request that did not run has no data entry');
  assert.match(body.errors[0]?.message ?? '', /Cannot query field "nope"/);
  const legacy = await post('application/json', '{ vpcs { nodes { nope } } }');
  assert.equal(legacy.status, 200);
  assert.match(legacy.headers.get('content-type') ?? '', /^application\/json/);
  const wildcard = await post('*/*', '{ vpcs { totalCount } }');
  assert.equal(wildcard.status, 200);
  assert.match(wildcard.headers.get('content-type') ?? '', /^application\/json/);
  const refused = await post('text/html', '{ vpcs { totalCount } }');
  assert.equal(refused.status, 406);
});

/** A graphql-ws client; `lazy: false` keeps its socket open between subscriptions. */
function wsClient(secret: string | undefined, lazy = true): Client {
  return createClient({
    url: `${base.replace(/^http/, 'ws')}/graphql`,
    ...(secret === undefined ? {} : { connectionParams: { authorization: `Bearer ${secret}` } }),
    retryAttempts: 0,
    lazy,
  });
}

/** The results of a subscription, as they arrive, and how it ended. */
function subscribe(client: Client, query: string): { results: FormattedExecutionResult<Record<string, unknown>, unknown>[]; ended: Promise<unknown>; stop: () => void } {
  const results: FormattedExecutionResult<Record<string, unknown>, unknown>[] = [];
  let stop: () => void = () => undefined;
  const ended = new Promise<unknown>((resolve) => {
    stop = client.subscribe(
      { query },
      {
        next: (result) => {
          results.push(result);
        },
        error: (error: unknown) => {
          resolve(error);
        },
        complete: () => {
          resolve('complete');
        },
      },
    );
  });
  return { results, ended, stop };
}

const vpc = (name: string, tenant: string, namespace: string, cidr: string): unknown => ({ metadata: { name, namespace }, spec: { tenant, subnets: { web: { cidr } } } });

test('subscriptions over a WebSocket (graphql-ws): a tenant hears its own changes; the listener goes with the client', async () => {
  const acme = await token('ws-acme', 'tenant', { tenant: 'acme' });
  const listeners = store.listenerCount();
  const client = wsClient(acme);
  const events = subscribe(client, 'subscription { events(kind: "VPC") { type kind object } }');
  await waitFor(() => store.listenerCount() === listeners + 1, 'the subscription to start');
  assert.equal((await call(base, ADMIN, 'POST', '/api/v1/vpcs', vpc('ws-globex', 'globex', 'globex', '10.81.0.0/24'))).status, 201);
  assert.equal((await call(base, ADMIN, 'POST', '/api/v1/vpcs', vpc('ws-acme', 'acme', 'default', '10.82.0.0/24'))).status, 201);
  await waitFor(() => events.results.length > 0, 'the first event');
  const first = events.results[0]?.data as { events: { type: string; kind: string; object: { metadata: { name: string } } } };
  assert.deepEqual({ type: first.events.type, kind: first.events.kind, name: first.events.object.metadata.name }, { type: 'ADDED', kind: 'VPC', name: 'ws-acme' });
  events.stop();
  await client.dispose();
  await waitFor(() => store.listenerCount() === listeners, 'the store listener to be removed');
});

test('a WebSocket without a valid token is refused at connection_init; a revoked token ends its subscription with an error that says so', async () => {
  const nobody = subscribe(wsClient('weft_not-a-token'), 'subscription { events { type } }');
  const refused = await nobody.ended;
  assert.ok(refused !== 'complete', `an unknown token never subscribes: ${String(refused)}`);
  assert.deepEqual(nobody.results, []);

  const secret = await token('ws-revoked', 'tenant', { tenant: 'acme' });
  const listeners = store.listenerCount();
  const client = wsClient(secret, false);
  const events = subscribe(client, 'subscription { events { type kind } }');
  await waitFor(() => store.listenerCount() === listeners + 1, 'the subscription to start');
  assert.equal((await call(base, ADMIN, 'DELETE', '/api/v1/tokens/ws-revoked')).status, 200);
  const ended = (await events.ended) as { message: string; extensions: { code: string } }[];
  assert.ok(Array.isArray(ended), `the subscription ends with errors: ${JSON.stringify(ended)}`);
  assert.deepEqual(ended.map((error) => [error.extensions.code, error.message]), [['unauthenticated', 'the token was revoked']]);
  // the socket is still open: a new subscription on it checks the token again
  const again = await subscribe(client, 'subscription { events { type } }').ended;
  assert.deepEqual((again as { extensions: { code: string } }[]).map((error) => error.extensions.code), ['unauthenticated']);
  await client.dispose();
  assert.equal(store.listenerCount(), listeners);
});

test('a WebSocket subscription is validated like any request: fields, limits, one subscription only', async () => {
  const client = wsClient(ADMIN);
  const unknown = (await subscribe(client, 'subscription { events { nope } }').ended) as { message: string }[];
  assert.match(unknown[0]?.message ?? '', /Cannot query field "nope"/);
  const aliased = `subscription { ${Array.from({ length: 40 }, (_, i) => `a${i}: events { type }`).join(' ')} }`;
  const tooMany = (await subscribe(client, aliased).ended) as { message: string; extensions: { code: string } }[];
  assert.equal(tooMany[0]?.extensions.code, 'too-complex');
  await client.dispose();
});

test('GraphiQL is served at /graphiql and talks to /graphql', async () => {
  const page = await fetch(`${base}/graphiql`);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
  assert.match(await page.text(), /GraphiQL/);
  const config = await (await fetch(`${base}/graphiql/config.js`)).text();
  assert.match(config, /GRAPHQL_ENDPOINT = '\/graphql'/);
});
