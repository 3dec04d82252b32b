// `weft inspect` against a real `weft serve` on PostgreSQL with the sample fabric: leaf1 reports
// what FRR 8.4 printed on it in the lab (libs/frr-config/fixtures), and the answer joins it with
// the compiled devices. Access follows reads: a tenant inspects its own VPCs and servers, sees
// only its own VPCs on them, never another tenant's VPC (404, as a read) and never a switch.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { AgentStatus } from '#api';
import { bgpNeighborsFrom, evpnMacsFrom, localVnisFrom } from '#frr-config';
import type { ConnectionInspection, ServerInspection, SwitchInspection, VpcInspection } from '#inspect';
import { REPO_ROOT } from '#testing';
import { LEAF1_BGP, LEAF1_INTERFACES, LEAF1_MAC, LEAF1_VNI_DETAIL } from '../../../libs/frr-config/fixtures/lab-leaf.js';
import { call } from './support/http-client.js';
import { startTestService, type TestService } from './support/service.js';

const ADMIN = 'inspect-test-admin-token-0123456789';
let running: TestService;
let base: string;
const tokens = { acme: '', globex: '', agent: '' };

async function token(name: string, role: string, extra: Record<string, unknown> = {}): Promise<string> {
  const reply = await call<{ token: string }>(base, ADMIN, 'POST', '/api/v1/tokens', { name, role, ...extra });
  assert.equal(reply.status, 201, reply.text);
  return reply.body.token;
}

function leaf1Status(appliedGeneration: number): AgentStatus {
  return {
    appliedGeneration,
    lastHeartbeat: new Date().toISOString(),
    bgpNeighbors: bgpNeighborsFrom(LEAF1_BGP).map((n) => ({ ...n, families: n.families.map((f) => ({ ...f })) })),
    vnis: localVnisFrom(LEAF1_VNI_DETAIL, LEAF1_INTERFACES).map(({ remoteVteps, ...v }) => ({ ...v, ...(remoteVteps === undefined ? {} : { remoteVteps: [...remoteVteps] }) })),
    evpnMacs: evpnMacsFrom(LEAF1_MAC, 512).macs.map((m) => ({ ...m })),
    ports: [{ name: 'Ethernet0', admin: 'up', oper: 'up' }, { name: 'Ethernet4', admin: 'up', oper: 'up' }],
  };
}

before(async () => {
  running = await startTestService(ADMIN);
  base = running.service.url.replace(/\/$/, '');
  tokens.acme = await token('acme-inspect', 'tenant', { tenant: 'acme' });
  tokens.globex = await token('globex-inspect', 'tenant', { tenant: 'globex' });
  tokens.agent = await token('agent-leaf1', 'agent', { switch: 'leaf1' });
  const agent = await call<{ spec: { generation: number } }>(base, tokens.agent, 'GET', '/api/v1/agents/leaf1');
  assert.equal(agent.status, 200, agent.text);
  const reported = await call(base, tokens.agent, 'PUT', '/api/v1/agents/leaf1/status', leaf1Status(agent.body.spec.generation));
  assert.equal(reported.status, 200, reported.text);
});

after(async () => {
  await running.stop();
});

test('vpc/blue: leaf1 runs its generation, blue\'s VNIs are up there, its EVPN sessions and server1\'s MAC are shown', async () => {
  const reply = await call<VpcInspection>(base, ADMIN, 'GET', '/api/v1/inspect/vpc/blue');
  assert.equal(reply.status, 200, reply.text);
  const leaf1 = reply.body.switches.find((s) => s.switch === 'leaf1');
  assert.equal(leaf1?.applied, 'Applied');
  assert.deepEqual(leaf1.vnis.map((v) => `${v.vni} ${v.state}`), ['10000 Up', '10003 Up']);
  assert.deepEqual(leaf1.sessions.map((s) => `${s.neighbour ?? ''} ${s.state}`), ['spine1 Established', 'spine2 Established']);
  assert.equal(leaf1.macs.find((m) => m.type === 'local')?.server, 'server1');
  assert.ok(reply.body.problems.includes('leaf2: its agent has not reported'));
});

test('weft inspect prints the tables and --json the same answer; a bad target is a usage error', async () => {
  const run = (args: readonly string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/weft.js'), 'inspect', ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env } });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('exit', (code) => {
        resolve({ code, stdout, stderr });
      });
    });
  const env = { WEFT_SERVER: base, WEFT_TOKEN: tokens.acme };
  const text = await run(['vpc/blue'], env);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^VPC default\/blue: Vrf1, L3VNI 10000, on \d+ switches$/m);
  assert.match(text.stdout, /^leaf1 +Applied +\d+\/\d+ +2\/2 up +2\/2 Established +1 local, 1 remote$/m);
  assert.match(text.stdout, /^leaf1 +10003 +L2 +default\/blue\/web +\d+ +Up +leaf4 \(10\.0\.0\.5\)$/m);
  assert.match(text.stdout, /^leaf1 +[0-9a-f:]{17} +10003 +default\/blue\/web +local on Ethernet0 \(server1 via server1--leaf1\)$/m);
  const json = await run(['vpc/blue', '--json'], env);
  assert.equal((JSON.parse(json.stdout) as VpcInspection).vpc, 'default/blue');
  const other = await run(['vpc/blue'], { ...env, WEFT_TOKEN: tokens.globex });
  assert.equal(other.code, 1);
  assert.match(other.stderr, /^weft inspect: vpc\/blue: 404: VPC default\/blue not found$/m);
  const usage = await run(['blue'], env);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /expected vpc\/NAME, switch\/NAME, server\/NAME or connection\/NAME/);
});

test('a tenant inspects its own VPC, never another tenant\'s (404 as a read) nor a switch (403)', async () => {
  assert.equal((await call(base, tokens.acme, 'GET', '/api/v1/inspect/vpc/blue')).status, 200);
  const theirs = await call<{ message: string }>(base, tokens.globex, 'GET', '/api/v1/inspect/vpc/blue');
  assert.equal(theirs.status, 404);
  const missing = await call<{ message: string }>(base, tokens.globex, 'GET', '/api/v1/inspect/vpc/no-such-vpc');
  assert.equal(missing.status, 404);
  assert.equal(theirs.body.message.replace('blue', 'X'), missing.body.message.replace('no-such-vpc', 'X'), 'another tenant\'s VPC reads as a missing one');
  for (const secret of [tokens.acme, tokens.globex]) {
    const sw = await call<{ message: string }>(base, secret, 'GET', '/api/v1/inspect/switch/leaf1');
    assert.equal(sw.status, 403);
    assert.match(sw.body.message, /a tenant cannot inspect Switch leaf1/);
  }
  assert.equal((await call(base, tokens.agent, 'GET', '/api/v1/inspect/vpc/blue')).status, 403);
});

test('a tenant reads neither an agent\'s error text nor the shared EVPN sessions\' prefix counts; an architect does', async () => {
  const agent = await call<{ spec: { generation: number } }>(base, ADMIN, 'GET', '/api/v1/agents/leaf4');
  const error = 'generation 1: FRR did not take 1 of the desired lines: set frr: router bgp 65104 vrf Vrf3 / neighbor 10.9.9.9 (globex)';
  const reported = await call(base, ADMIN, 'PUT', '/api/v1/agents/leaf4/status', { appliedGeneration: agent.body.spec.generation, lastError: error });
  assert.equal(reported.status, 200, reported.text);
  const architect = await call<VpcInspection>(base, ADMIN, 'GET', '/api/v1/inspect/vpc/blue');
  assert.ok(architect.body.problems.includes(`leaf4: ${error}`));
  assert.ok(architect.body.switches.some((s) => s.sessions.some((x) => x.prefixesReceived !== undefined)));
  const tenant = await call<VpcInspection>(base, tokens.acme, 'GET', '/api/v1/inspect/vpc/blue');
  assert.equal(tenant.status, 200);
  assert.ok(!tenant.text.includes('Vrf3') && !tenant.text.includes('10.9.9.9'), tenant.text);
  assert.ok(tenant.body.problems.includes('leaf4: its agent reports an error (an architect can read it)'));
  assert.ok(tenant.body.switches.every((s) => s.sessions.every((x) => x.prefixesReceived === undefined)));
});

test('on a server, a tenant sees only its own VPCs; another tenant\'s server is 404', async () => {
  const own = await call<ServerInspection>(base, tokens.acme, 'GET', '/api/v1/inspect/server/server1');
  assert.equal(own.status, 200, own.text);
  assert.deepEqual(own.body.connections.flatMap((c) => c.attachments.map((a) => `${a.vpc}/${a.subnet} ${a.vniState ?? ''}`)), ['default/blue/web Up']);
  assert.equal((await call(base, tokens.globex, 'GET', '/api/v1/inspect/server/server1')).status, 404);
  assert.equal((await call(base, tokens.globex, 'GET', '/api/v1/inspect/connection/server1--leaf1')).status, 404);
  const shop = await call<VpcInspection>(base, tokens.globex, 'GET', '/api/v1/inspect/vpc/shop?namespace=globex');
  assert.equal(shop.status, 200, shop.text);
  assert.ok(shop.body.switches.every((s) => s.vnis.every((v) => v.subnet === undefined || v.subnet.startsWith('globex/shop/'))));
});

test('switch/leaf1 and connection/server1--leaf1 for an architect; an unknown kind is a 400 naming the kinds', async () => {
  const sw = await call<SwitchInspection>(base, ADMIN, 'GET', '/api/v1/inspect/switch/leaf1');
  assert.equal(sw.status, 200, sw.text);
  assert.equal(sw.body.sessions.length, 4);
  assert.deepEqual([sw.body.macsLocal, sw.body.macsRemote], [2, 3]);
  const connection = await call<ConnectionInspection>(base, ADMIN, 'GET', '/api/v1/inspect/connection/server1--leaf1');
  assert.equal(connection.status, 200, connection.text);
  assert.deepEqual(connection.body.links.map((l) => `${l.switch}/${l.name} ${l.oper}`), ['leaf1/Ethernet0 up']);
  const bad = await call<{ message: string }>(base, ADMIN, 'GET', '/api/v1/inspect/router/leaf1');
  assert.equal(bad.status, 400);
  assert.match(bad.body.message, /expected one of vpc, switch, server, connection/);
  assert.equal((await call(base, ADMIN, 'GET', '/api/v1/inspect/switch/no-such-switch')).status, 404);
});
