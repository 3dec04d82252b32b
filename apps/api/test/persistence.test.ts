// A restart loses nothing: the real `weft serve` process (what npm start runs) on embedded
// PostgreSQL in WEFT_DATA, written to over REST, stopped with SIGTERM (exit 0, PostgreSQL
// stopped) and started again on the same directory. Every object with its uid, resource version,
// generation and status (VNIs, VLANs, conditions), every Agent and its reported status, every
// token and every audit row is still there. The bootstrap admin token is printed on the very
// first start only, and only when WEFT_ADMIN_TOKEN is absent.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentStatus, VpcStatus } from '#api';
import { REST_COLLECTIONS } from '#codegen';
import type { AuditEntry, ResourceObject } from '../src/store/store.types.js';
import { spawnWeftServe } from './support/weft-process.js';

const KNOWN_ADMIN_TOKEN = 'persistence-admin-secret-0123456';
const GENERATED_TOKEN_LINE = /^Bootstrap admin token \(shown once, keep it\): (weft_[A-Za-z0-9_-]+)$/m;


interface RunningWeft {
  readonly base: string;
  /** the first stdout line matching `pattern`, waiting up to 5 s for it */
  line(pattern: RegExp): Promise<RegExpExecArray>;
  /** stops it with SIGTERM; resolves with everything it printed on stdout once it exited 0 */
  stop(): Promise<string>;
}

/** `weft serve` as a child process on a free port; resolves once it says it listens. */
async function startWeft(t: TestContext, dataDir: string, adminToken?: string): Promise<RunningWeft> {
  const weft = await spawnWeftServe(t, { WEFT_DATA: dataDir, LOG_LEVEL: 'warn', ...(adminToken === undefined ? {} : { WEFT_ADMIN_TOKEN: adminToken }) });
  const { base } = weft;
  return {
    base,
    async line(pattern: RegExp): Promise<RegExpExecArray> {
      for (let waited = 0; waited < 5000; waited += 20) {
        const match = pattern.exec(weft.stdout());
        if (match !== null) return match;
        await new Promise((resolveLater) => setTimeout(resolveLater, 20));
      }
      assert.fail(`no line matching ${String(pattern)} on stdout: ${weft.stdout()}`);
    },
    async stop(): Promise<string> {
      weft.child.kill('SIGTERM');
      assert.equal(await weft.exited, 0, `weft serve exits 0 on SIGTERM: ${weft.stderr()}`);
      assert.ok(!existsSync(join(dataDir, 'pg', 'postmaster.pid')), 'PostgreSQL stopped with the service');
      await assert.rejects(fetch(`${base}/healthz`), 'nothing listens any more');
      return weft.stdout();
    },
  };
}

async function request<T = ResourceObject>(base: string, token: string, method: string, path: string, status: number, body?: unknown): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  assert.equal(response.status, status, `${method} ${path}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

interface List<T = ResourceObject> {
  readonly items: readonly T[];
}

/** Everything the service knows, as an architect reads it over REST. */
async function everything(base: string, token: string): Promise<Record<string, unknown>> {
  const state: Record<string, unknown> = {};
  for (const [kind, collection] of Object.entries(REST_COLLECTIONS)) {
    if (kind !== 'Agent') state[collection] = (await request<List>(base, token, 'GET', `/api/v1/${collection}`, 200)).items;
  }
  state.agents = (await request<List>(base, token, 'GET', '/api/v1/agents', 200)).items;
  state.tokens = (await request<List>(base, token, 'GET', '/api/v1/tokens', 200)).items;
  state.audit = (await request<List<AuditEntry>>(base, token, 'GET', '/api/v1/audit?limit=1000', 200)).items;
  return state;
}

const vpc = (name: string, cidr: string): Record<string, unknown> => ({
  apiVersion: 'vpc.weft.dev/v1alpha1',
  kind: 'VPC',
  metadata: { name },
  spec: { tenant: 'acme', subnets: { web: { cidr } } },
});

const attachment = (name: string, subnet: string, connection: string): Record<string, unknown> => ({
  apiVersion: 'vpc.weft.dev/v1alpha1',
  kind: 'VPCAttachment',
  metadata: { name },
  spec: { subnet, connection },
});

test('weft serve restarted on the same WEFT_DATA has every object, number, agent status, token and audit row; the generated admin token is printed once', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'weft-persist-'));
  t.after(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  // first start, without WEFT_ADMIN_TOKEN: an admin token is generated and printed
  const first = await startWeft(t, dataDir);
  const generated = (await first.line(GENERATED_TOKEN_LINE))[1] ?? '';
  const base = first.base;
  await request(base, generated, 'POST', '/api/v1/vpcs', 201, vpc('red', '10.77.0.0/24'));
  await request(base, generated, 'POST', '/api/v1/vpc-attachments', 201, attachment('red-web-server2', 'red/web', 'server2--leaf1'));
  await request(base, generated, 'PUT', '/api/v1/vpcs/red', 200, { ...vpc('red', '10.77.0.0/24'), spec: { tenant: 'acme', description: 'replaced once', subnets: { web: { cidr: '10.77.0.0/24' } } } });
  const gone = (await request(base, generated, 'POST', '/api/v1/vpcs', 201, vpc('gone', '10.78.0.0/24'))).status as VpcStatus;
  await request(base, generated, 'DELETE', '/api/v1/vpcs/gone', 200);
  const viewer = (await request<{ token: string }>(base, generated, 'POST', '/api/v1/tokens', 201, { name: 'noc', role: 'viewer' })).token;
  const leaf1 = await request(base, generated, 'GET', '/api/v1/agents/leaf1', 200);
  const generation = (leaf1.spec as { generation: number }).generation;
  assert.ok(generation >= 2, 'the attachment changed leaf1');
  await request(base, generated, 'PUT', '/api/v1/agents/leaf1/status', 200, { appliedGeneration: generation, bgpNeighbors: [{ peer: 'Ethernet48', state: 'Established' }] });
  const before = await everything(base, generated);
  const red = await request(base, viewer, 'GET', '/api/v1/vpcs/red', 200);
  const redStatus = red.status as VpcStatus;
  assert.ok(redStatus.vni !== undefined && redStatus.subnets?.web?.vlan !== undefined && redStatus.subnets.web.vni !== undefined);
  assert.match(await first.stop(), GENERATED_TOKEN_LINE);

  // second start, WEFT_ADMIN_TOKEN given: it replaces the generated one; nothing else changed
  const second = await startWeft(t, dataDir, KNOWN_ADMIN_TOKEN);
  assert.deepEqual(await everything(second.base, KNOWN_ADMIN_TOKEN), before, 'objects, agents, tokens and audit are all still there');
  assert.deepEqual(await request(second.base, viewer, 'GET', '/api/v1/vpcs/red', 200), red, 'the same uid, resource version, generation, VNIs and VLANs');
  const agent = await request(second.base, KNOWN_ADMIN_TOKEN, 'GET', '/api/v1/agents/leaf1', 200);
  assert.equal((agent.spec as { generation: number }).generation, generation, 'the desired state did not change, so neither did its generation');
  assert.equal((agent.status as AgentStatus).appliedGeneration, generation);
  assert.equal((await fetch(`${second.base}/api/v1/vpcs`, { headers: { authorization: `Bearer ${generated}` } })).status, 401, 'WEFT_ADMIN_TOKEN replaced the generated token');
  // a write after the restart continues the numbering: new numbers, a newer resource version
  const next = await request(second.base, KNOWN_ADMIN_TOKEN, 'POST', '/api/v1/vpcs', 201, vpc('next', '10.79.0.0/24'));
  assert.ok(Number(next.metadata.resourceVersion) > Number(red.metadata.resourceVersion));
  // neither red's numbers nor those of the deleted VPC, quarantined until every agent removed them
  const taken = new Set<number | undefined>([redStatus.vni, redStatus.subnets.web.vni, gone.vni, gone.subnets?.web?.vni]);
  assert.equal(taken.size, 4);
  const nextStatus = next.status as VpcStatus;
  assert.ok(!taken.has(nextStatus.vni) && !taken.has(nextStatus.subnets?.web?.vni), 'no number is handed out twice');
  const afterSecond = await everything(second.base, KNOWN_ADMIN_TOKEN);
  assert.doesNotMatch(await second.stop(), /Bootstrap admin token/);

  // third start, without WEFT_ADMIN_TOKEN again: an admin exists, so nothing is printed
  const third = await startWeft(t, dataDir);
  assert.deepEqual(await everything(third.base, KNOWN_ADMIN_TOKEN), afterSecond);
  assert.doesNotMatch(await third.stop(), /Bootstrap admin token/, 'the admin token is printed on the very first start only');
});
