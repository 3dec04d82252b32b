/**
 * `weft agent` as a process against a real `weft serve` (embedded PostgreSQL, the sample fabric),
 * a real redis-server and real FRR: --once applies and reports; killed between CONFIG_DB groups
 * and started again it converges with nothing missing or left over; running, its status reaches
 * the service and a VPC turns Ready, then Degraded with the switch and the reason when its Redis
 * is away, and Ready again.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { entriesFromConfigDb } from '#configdb-diff';
import { main } from '../../cli/main.js';
import { requireAgentTools, startFrr, startRedis, until, type FrrNode, type RedisServer } from './support/processes.js';
import { startService, spawnAgent, type Service } from './support/service.js';
import { dump } from './support/sonic.js';

/** A hash as text, fields in order: Redis keeps insertion order, the desired state its own. */
function canonical(fields: Readonly<Record<string, string>> | undefined): string {
  return fields === undefined ? '-' : JSON.stringify(Object.entries(fields).sort(([a], [b]) => a.localeCompare(b)));
}

interface Rig {
  readonly service: Service;
  readonly redis: RedisServer;
  readonly frr: FrrNode;
  readonly args: (extra?: readonly string[]) => string[];
}

async function rig(t: TestContext): Promise<Rig> {
  const [service, redis] = await Promise.all([startService(t), startRedis(t)]);
  const frr = startFrr(t, 'leaf1');
  const state = mkdtempSync(join(tmpdir(), 'wag-state-'));
  t.after(() => {
    rmSync(state, { recursive: true, force: true });
  });
  const tokenFile = await service.agentTokenFile('leaf1');
  const args = (extra: readonly string[] = []): string[] => ['--switch', 'leaf1', '--server', service.base, '--token-file', tokenFile, '--redis', redis.url, '--frr-vty-dir', frr.vtyDir, '--state-dir', state, ...extra];
  return { service, redis, frr, args };
}

async function desiredEntries(service: Service): Promise<{ generation: number; entries: ReturnType<typeof entriesFromConfigDb> }> {
  const agent = await service.call('GET', '/api/v1/agents/leaf1');
  const spec = agent.body.spec as { generation: number; configDb: unknown };
  return { generation: spec.generation, entries: entriesFromConfigDb(spec.configDb) };
}

const VPC = { apiVersion: 'vpc.weft.dev/v1alpha1', kind: 'VPC', metadata: { name: 'wag-red', namespace: 'default' }, spec: { tenant: 'acme', subnets: { web: { cidr: '10.77.0.0/24' }, db: { cidr: '10.77.1.0/24' } } } };
const ATTACHMENT = { apiVersion: 'vpc.weft.dev/v1alpha1', kind: 'VPCAttachment', metadata: { name: 'wag-red-web', namespace: 'default' }, spec: { subnet: 'wag-red/web', connection: 'server1--leaf1' } };

async function createVpc(service: Service): Promise<void> {
  const vpc = await service.call('POST', '/api/v1/vpcs', VPC);
  assert.ok(vpc.status < 300, JSON.stringify(vpc.body));
  const attachment = await service.call('POST', '/api/v1/vpc-attachments', ATTACHMENT);
  assert.ok(attachment.status < 300, JSON.stringify(attachment.body));
}

test('weft agent --once applies the switch, reports, exits 0; killed between CONFIG_DB groups, the next run converges with nothing missing or left over', async (t) => {
  if (!requireAgentTools(t)) return;
  const { service, redis, args } = await rig(t);
  const once = spawnAgent(t, args(['--once']));
  assert.equal(await once.exited, 0, once.stderr());
  const first = await desiredEntries(service);
  assert.deepEqual(await dump(redis.client), first.entries);
  const reported = await service.call('GET', '/api/v1/agents/leaf1');
  assert.equal((reported.body.status as { appliedGeneration?: number }).appliedGeneration, first.generation);
  assert.ok(once.lines.some((l) => l.event === 'apply' && l.level === 'info'), 'one JSON line for the apply');

  await createVpc(service);
  const withVpc = await desiredEntries(service);
  assert.ok(withVpc.generation > first.generation);
  const killed = spawnAgent(t, args(['--once']), { WEFT_AGENT_TEST_GROUP_PAUSE_MS: '500', LOG_LEVEL: 'debug' });
  await killed.line((l) => l.event === 'configdb' && l.written === 2, 'the second CONFIG_DB group written');
  killed.child.kill('SIGKILL');
  await killed.exited;
  const partial = await dump(redis.client);
  const added = Object.keys(withVpc.entries).filter((k) => first.entries[k] === undefined);
  const landed = added.filter((k) => partial[k] !== undefined);
  assert.ok(landed.length > 0 && landed.length < added.length, `killed half way: ${landed.length} of ${added.length} new keys written`);

  const resumed = spawnAgent(t, args(['--once']));
  assert.equal(await resumed.exited, 0, resumed.stderr());
  assert.deepEqual(await dump(redis.client), withVpc.entries, 'nothing missing, nothing duplicated');
  const applied = resumed.lines.find((l) => l.event === 'apply');
  const written = ((applied?.keys as string[] | undefined) ?? []).filter((k) => !k.includes(' frr: ')).map((k) => k.replace(/^\S+ /, ''));
  const differing = [...new Set([...Object.keys(partial), ...Object.keys(withVpc.entries)])].filter((k) => canonical(partial[k]) !== canonical(withVpc.entries[k]));
  assert.deepEqual(written.sort(), differing.sort(), 'the second run writes exactly what the first left undone');

  const gone = await service.call('DELETE', '/api/v1/vpc-attachments/wag-red-web?namespace=default');
  assert.ok(gone.status < 300, JSON.stringify(gone.body));
  assert.ok((await service.call('DELETE', '/api/v1/vpcs/wag-red?namespace=default')).status < 300);
  const removed = spawnAgent(t, args(['--once']));
  assert.equal(await removed.exited, 0, removed.stderr());
  assert.deepEqual(await dump(redis.client), (await desiredEntries(service)).entries, 'the VPC is gone from CONFIG_DB, whole');

  // border1 of the sample fabric runs VyOS: its driver is chosen by the Agent's os, and reaches the
  // router the Switch's spec.management says, which names a Kubernetes Secret for the key
  const border = spawnAgent(t, ['--switch', 'border1', '--server', service.base, '--token-file', await service.agentTokenFile('border1'), '--once', '--state-dir', join(tmpdir(), `wag-border-${process.pid}`)]);
  assert.equal(await border.exited, 1, border.stderr());
  assert.match(border.stderr(), /--ssh-key FILE is required to log in to switch border1 over SSH \(spec\.management\.ssh\.secretRef border1-ssh is a Kubernetes Secret\)/);
  const borderStatus = (await service.call('GET', '/api/v1/agents/border1')).body.status as { lastError?: string } | undefined;
  assert.match(borderStatus?.lastError ?? '', /switch border1: cannot reach the VyOS router: --ssh-key FILE is required/, 'the status at the service says why');
});

test('weft agent: usage errors name the flag and exit 2', async (t) => {
  const scratch = mkdtempSync(join(tmpdir(), 'wag-usage-'));
  t.after(() => {
    rmSync(scratch, { recursive: true, force: true });
  });
  const garbage = join(scratch, 'wag-garbage.kubeconfig');
  writeFileSync(garbage, 'clusters: [ {not yaml\n');
  const cases: [string[], RegExp, string?][] = [
    [['--server', 'http://127.0.0.1:1'], /--switch NAME is required/],
    [['--switch', 'leaf1'], /--server URL or --kubeconfig FILE is required/],
    [['--switch', 'leaf1', '--server', 'http://127.0.0.1:1', '--kubeconfig', garbage], /--kubeconfig cannot be combined with --server or --token-file/],
    [['--switch', 'leaf1', '--token-file', garbage, '--kubeconfig', garbage], /--kubeconfig cannot be combined with --server or --token-file/],
    [['--switch', 'leaf1', '--server', 'http://127.0.0.1:1', '--namespace', 'weft-system'], /--namespace goes with --kubeconfig/],
    [['--switch', 'leaf1', '--kubeconfig', '/nonexistent/wag-kubeconfig'], /cannot read --kubeconfig \/nonexistent\/wag-kubeconfig/],
    [['--switch', 'leaf1', '--kubeconfig', garbage, '--namespace', 'Not_A_Namespace'], /--namespace must be a Kubernetes namespace name, got "Not_A_Namespace"/],
    [['--switch', 'leaf1', '--kubeconfig', garbage], /^weft agent: --kubeconfig .*wag-garbage.*: /m],
    [['--switch', 'leaf1', '--server', 'ftp://x'], /--server must be an http:\/\/ or https:\/\/ URL/],
    [['--switch', 'leaf1', '--server', 'http://127.0.0.1:1', '--redis', 'redis://127.0.0.1:6379/0'], /--redis redis:\/\/127\.0\.0\.1:6379\/0: CONFIG_DB is database 4, not 0/],
    [['--switch', 'leaf1', '--server', 'http://127.0.0.1:1', '--redis', 'unix:'], /the socket path is missing|not a URL/],
    [['--switch', 'leaf1', '--server', 'http://127.0.0.1:1', '--period', '0'], /--period must be a number of seconds from 0\.1 to 86400, got "0"/],
    [['--switch', 'leaf1', '--server', 'http://127.0.0.1:1', '--vrf-backend', 'vrf'], /--vrf-backend must be linux or netns, got "vrf"/],
    [['--switch', 'leaf1', '--server', 'http://127.0.0.1:1', '--frr-netns', 'a b'], /--frr-netns must be a namespace name/],
    [['--switch', 'leaf1', '--server', 'http://127.0.0.1:1'], /an agent token is required: --token-file FILE or WEFT_AGENT_TOKEN/, ''],
    [['--switch', 'leaf1', '--server', 'http://127.0.0.1:1', '--token-file', '/nonexistent/wag-token'], /cannot read --token-file \/nonexistent\/wag-token/, ''],
  ];
  for (const [args, says, token = 'a-token'] of cases) {
    let err = '';
    const code = await main(['agent', ...args], { out: () => undefined, err: (text) => (err += text) }, { env: { WEFT_AGENT_TOKEN: token } });
    assert.equal(code, 2, `${args.join(' ')}: ${err}`);
    assert.match(err, says, args.join(' '));
  }
});

test("weft agent running: its status reaches the service and the VPC turns Ready; Redis away: the VPC is Degraded naming leaf1 and why; back: Ready", async (t) => {
  if (!requireAgentTools(t)) return;
  const { service, redis, frr, args } = await rig(t);
  const agent = spawnAgent(t, args(['--period', '1']));
  await agent.line((l) => l.event === 'apply', 'the first apply');
  await createVpc(service);
  const vpcStatus = async (): Promise<{ conditions?: { type: string; status: string; reason: string; message?: string }[]; switches?: string[] }> =>
    (await service.call('GET', '/api/v1/vpcs/wag-red?namespace=default')).body.status as never;
  const condition = async (type: string): Promise<{ status: string; reason: string; message?: string } | undefined> => (await vpcStatus()).conditions?.find((c) => c.type === type);
  const ready = await until('wag-red Ready', async () => {
    const c = await condition('Ready');
    return c?.status === 'True' ? c : undefined;
  });
  assert.equal(ready.reason, 'Applied');
  assert.deepEqual((await vpcStatus()).switches, ['leaf1']);
  // the apply is reported at once; what the device says (sessions, ports) follows in the next report
  const agentObject = await until('the observed device in the status', async () => {
    const object = await service.call('GET', '/api/v1/agents/leaf1');
    return (object.body.status as { bgpNeighbors?: unknown } | undefined)?.bgpNeighbors === undefined ? undefined : object;
  });
  const status = agentObject.body.status as { appliedGeneration: number; conditions: { type: string; status: string }[]; ports: { name: string }[]; bgpNeighbors: { peer: string }[] };
  assert.equal(status.appliedGeneration, (agentObject.body.spec as { generation: number }).generation);
  assert.equal(status.conditions.find((c) => c.type === 'Applied')?.status, 'True');
  assert.ok(status.ports.some((p) => p.name === 'Ethernet0'));
  assert.ok(status.bgpNeighbors.some((n) => n.peer === 'Ethernet48'));
  assert.match(frr.vtysh('show running-config'), /^router bgp 65101 vrf Vrf\d+$/m);

  await redis.stop();
  const patched = await service.call('PUT', '/api/v1/vpcs/wag-red?namespace=default', { ...VPC, spec: { ...VPC.spec, subnets: { ...VPC.spec.subnets, app: { cidr: '10.77.2.0/24' } } } });
  assert.ok(patched.status < 300, JSON.stringify(patched.body));
  const attach = await service.call('POST', '/api/v1/vpc-attachments', { ...ATTACHMENT, metadata: { ...ATTACHMENT.metadata, name: 'wag-red-app' }, spec: { subnet: 'wag-red/app', connection: 'server2--leaf1' } });
  assert.ok(attach.status < 300, JSON.stringify(attach.body));
  const degraded = await until('wag-red Degraded', async () => {
    const c = await condition('Degraded');
    return c?.status === 'True' ? c : undefined;
  });
  assert.equal(degraded.message, 'the agent of leaf1 reports DeviceUnreachable');
  const sw = (await service.call('GET', '/api/v1/switches/leaf1')).body.status as { lastError?: string };
  assert.match(sw.lastError ?? '', /^generation \d+: CONFIG_DB \(Redis database 4 at unix:.*\) is not reachable/, "the Switch's status says why");
  assert.equal((await condition('Ready'))?.status, 'False');

  await redis.start();
  await until('wag-red Ready again', async () => ((await condition('Ready'))?.status === 'True' && (await condition('Degraded'))?.status === 'False' ? true : undefined));
  assert.deepEqual(await dump(redis.client), (await desiredEntries(service)).entries);
  agent.child.kill('SIGTERM');
  assert.equal(await agent.exited, 0, 'SIGTERM stops it cleanly');
});

test('the watch survives a restart of the service: a VPC created after it reaches the agent at once, not at the next period', async (t) => {
  if (!requireAgentTools(t)) return;
  const { service, redis, args } = await rig(t);
  const agent = spawnAgent(t, args(['--period', '600']));
  await agent.line((l) => l.event === 'apply', 'the first apply');
  await service.restart();
  await agent.line((l) => l.event === 'watch' && /reconnecting/.test(l.msg), 'a reconnect of the watch stream');
  await createVpc(service);
  const { generation, entries } = await desiredEntries(service);
  await agent.line((l) => l.event === 'apply' && l.generation === generation, `generation ${generation} applied`);
  assert.deepEqual(await dump(redis.client), entries);
  await until('the status of the new generation at the service', async () => {
    const status = (await service.call('GET', '/api/v1/agents/leaf1')).body.status as { appliedGeneration?: number } | undefined;
    return status?.appliedGeneration === generation ? true : undefined;
  });
});
