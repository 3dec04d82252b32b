// The virtual lab end to end, as root, with the real parts: weft serve (embedded PostgreSQL), a
// Redis and an FRR per switch, the shim, and the real `weft agent` per switch. Intents change
// through the API and the tests look at packets: VPCs reach across leaves, another tenant with
// the same CIDR does not, a peering lets only its pair through (and its ACL stops one-way
// packets), isolated and restricted subnets and a static route hold for packets, servers of
// subnets Weft's DHCP serves lease their addresses through the leaves' relays (the leases show
// in the VPC's status, each tenant's in its own, with one CIDR), a hand-deleted
// CONFIG_DB entry comes back, and `lab down` leaves nothing, also after
// an `up` killed half way. One lab is shared by the cases.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { access } from 'node:fs/promises';
import { vrfNetns, type LabPlan, type Probe, type ServerAddress } from '#lab';
import type { LabApi } from '../src/api.js';
import { readState } from '../src/lab-state.js';
import { probe } from '../src/probe.js';
import { markedProcesses } from '../src/processes.js';
import { currentServerAddresses } from '../src/shim/servers.js';
import { inNetns, run, runOk } from '../src/system.js';
import { listNamespaces } from '../src/topology.js';
import { keepLabLogs, labRepairs } from './support/lab-logs.js';
import { eventually, labApi, labPlace, labUnavailable, sleep, weft, WEFT } from './support/lab-process.js';

const FABRIC = ['wiring/lab.yaml', 'examples/lab/policy.yaml', 'examples/lab/templates.yaml'];
const unavailable = await labUnavailable();

const VPC_API = 'vpc.weft.dev/v1alpha1';

function vpc(namespace: string, name: string, tenant: string, subnets: Record<string, string | object>): object {
  return { apiVersion: VPC_API, kind: 'VPC', metadata: { name, namespace }, spec: { tenant, subnets: Object.fromEntries(Object.entries(subnets).map(([k, s]) => [k, typeof s === 'string' ? { cidr: s } : s])) } };
}

/** A subnet Weft's DHCP serves, handing out .first to .last. */
function served(cidr: string, first: number, last: number): object {
  const net = cidr.split('.').slice(0, 3).join('.');
  return { cidr, dhcp: { enable: true, range: { start: `${net}.${first}`, end: `${net}.${last}` } } };
}

interface Lease {
  readonly ip: string;
  readonly mac: string;
}

/** The leases the VPC's status shows for a subnet. */
async function leasesOf(api: LabApi, namespace: string, name: string, subnet: string): Promise<Lease[]> {
  const view = (await api.request('GET', `/api/v1/vpcs/${name}?namespace=${namespace}`)) as { status?: { subnets?: Record<string, { leases?: Lease[] }> } };
  return view.status?.subnets?.[subnet]?.leases ?? [];
}

function attachment(namespace: string, name: string, subnet: string, connection: string): object {
  return { apiVersion: VPC_API, kind: 'VPCAttachment', metadata: { name, namespace }, spec: { subnet, connection, nativeVLAN: true } };
}

async function create(api: LabApi, collection: string, namespace: string, body: object): Promise<void> {
  await api.request('POST', `/api/v1/${collection}?namespace=${namespace}`, body);
}

interface AgentView {
  readonly metadata: { readonly name: string };
  readonly spec: { readonly generation: number };
  readonly status?: { readonly appliedGeneration?: number; readonly driftCount?: number; readonly drift?: readonly { readonly key: string }[] };
}

/** Every agent has applied the generation it should run. */
async function applied(api: LabApi): Promise<void> {
  await eventually('every agent to apply its generation', 120_000, async () => {
    const agents = (await api.list('agents')) as unknown as AgentView[];
    const behind = agents.filter((a) => (a.status?.appliedGeneration ?? -1) < a.spec.generation).map((a) => a.metadata.name);
    if (behind.length > 0) throw new Error(`behind: ${behind.join(', ')}`);
    return true;
  });
}

class Lab {
  constructor(
    readonly dir: string,
    readonly plan: LabPlan,
    readonly api: LabApi,
  ) {}

  /** The server's address in `vpc/subnet`, once the server holds it. */
  async address(server: string, vpcSubnet: string): Promise<ServerAddress> {
    return eventually(`${server} to hold its address in ${vpcSubnet}`, 60_000, async () => {
      const found = (await currentServerAddresses(this.api, this.plan)).addresses.find((a) => a.server === server && `${a.vpc}/${a.subnet}` === vpcSubnet);
      if (found === undefined) return undefined;
      const netns = this.plan.servers.find((s) => s.name === server)?.netns ?? '';
      const shown = await runOk(['ip', '-n', netns, '-json', 'address', 'show', 'dev', found.device]);
      return shown.includes(`"local":"${found.ip}"`) ? found : undefined;
    });
  }

  /**
   * Whether `from` gets answers from `to`. Expected to: tried for up to 90 s, since routes and
   * the anycast gateway's ARP take a few seconds after the agents applied, and the shim's repairs
   * of zebra (docs/lab.md) take longer on a loaded machine; expected not to:
   * three bursts, so a late answer is still seen.
   */
  async reaches(from: ServerAddress, to: ServerAddress, expect: boolean): Promise<boolean> {
    const endpoint = (a: ServerAddress): Probe['from'] => ({ label: a.server, node: a.server, ip: a.ip });
    const once = async (): Promise<boolean> => (await probe(this.plan, { from: endpoint(from), to: endpoint(to), expect, reason: '' })).reached;
    if (!expect) return once();
    return eventually(`${from.server} ${from.ip} to reach ${to.server} ${to.ip}`, 90_000, async () => ((await once()) ? true : undefined)).catch(() => false);
  }

  netns(node: string): string {
    return this.plan.servers.find((s) => s.name === node)?.netns ?? '';
  }

  /** The MAC of a server's interface. */
  async mac(a: ServerAddress): Promise<string> {
    const shown = JSON.parse(await runOk(['ip', '-n', this.netns(a.server), '-json', 'link', 'show', 'dev', a.device])) as { address?: string }[];
    return shown[0]?.address ?? '';
  }

  /** The server leased its address: the lease, with its MAC, is in the VPC's status (the DHCP service reports every 2 s). */
  async leased(a: ServerAddress): Promise<void> {
    const [namespace = '', name = ''] = a.vpc.split('/');
    const mac = await this.mac(a);
    await eventually(`the lease of ${a.server} (${a.ip}, ${mac}) in the status of ${a.vpc}`, 60_000, async () => ((await leasesOf(this.api, namespace, name, a.subnet)).some((l) => l.ip === a.ip && l.mac === mac) ? true : undefined));
  }
}

async function labDown(dir: string): Promise<void> {
  await weft(['lab', 'down', '--dir', dir]);
}

/** The namespaces named with `prefix` that exist. */
async function namespacesWith(prefix: string): Promise<string[]> {
  return (await listNamespaces()).filter((n) => n.startsWith(prefix));
}

async function gone(path: string): Promise<boolean> {
  try {
    await access(path);
    return false;
  } catch {
    return true;
  }
}

/** Counts echo requests from `source` arriving in a server's namespace. */
async function countEchoes(netns: string, source: string): Promise<number> {
  const text = await runOk(inNetns(netns, ['nft', 'list', 'table', 'inet', 'wl_probe']));
  const match = new RegExp(`ip saddr ${source.replace(/\./g, '\\.')} icmp type echo-request counter packets (\\d+)`).exec(text);
  return Number(match?.[1] ?? 'NaN');
}

/** The lab's logs kept in test-artifacts, and the emulation's repairs said in the test's output. */
async function report(t: TestContext, dir: string, prefix: string): Promise<void> {
  const kept = await keepLabLogs(dir, prefix);
  const repairs = await labRepairs(dir);
  t.diagnostic(`lab logs kept in ${kept}; ${repairs.length} repair(s) by the shim or FRR crash(es)`);
  for (const line of repairs.slice(-40)) t.diagnostic(line);
}

test('an `up` killed half way is taken down completely: no namespace, no process, no file', { skip: unavailable }, async (t: TestContext) => {
  const { dir, prefix } = await labPlace();
  t.after(() => labDown(dir));
  const child = spawn(process.execPath, [WEFT, 'lab', 'up', '--dir', dir, '--prefix', prefix, ...FABRIC.flatMap((f) => ['-f', f])], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  // killed once the service and some switches are running
  await eventually('the interrupted up to start the service', 120_000, async () => ((await readState(dir))?.processes.some((p) => p.name === 'serve') === true ? true : undefined));
  await sleep(1500);
  assert.ok((await namespacesWith(prefix)).length > 10, 'the lab was half built when killed');
  child.kill('SIGKILL');
  await exited;
  const down = await weft(['lab', 'down', '--dir', dir]);
  assert.equal(down.code, 0, down.stderr);
  assert.deepEqual(await namespacesWith(prefix), []);
  assert.deepEqual(await markedProcesses(dir), []);
  assert.ok(await gone(dir), `${dir} is removed`);
});

test('the lab on the sample fabric: VPCs through the API become packets, and `lab down` leaves nothing', { skip: unavailable }, async (t: TestContext) => {
  const { dir, prefix } = await labPlace();
  t.after(async () => {
    if (!(await gone(dir))) await report(t, dir, prefix);
    await labDown(dir);
  });
  const up = await weft(['lab', 'up', '--dir', dir, '--prefix', prefix, '--timeout', '240', ...FABRIC.flatMap((f) => ['-f', f])]);
  assert.equal(up.code, 0, `${up.stdout}\n${up.stderr}`);
  assert.match(up.stdout, /^note: border1 runs VyOS, which cannot run here: an FRR node compiled from the same intents/m);
  assert.match(up.stdout, /^switches started: 7\/7/m);
  assert.match(up.stdout, /^agents applied: 7\/7; BGP sessions established: (\d+)\/\1 /m);
  const state = await readState(dir);
  assert.ok(state?.plan !== undefined);
  const lab = new Lab(dir, state.plan, await labApi(dir));
  const { api } = lab;

  await t.test('a VPC created through the API: its hosts reach each other across leaves and subnets', async () => {
    await create(api, 'vpcs', 'default', vpc('default', 'red', 'acme', { a: served('10.50.1.0/24', 100, 199), b: '10.50.2.0/24' }));
    await create(api, 'vpc-attachments', 'default', attachment('default', 'red-1', 'red/a', 'server1--leaf1'));
    await create(api, 'vpc-attachments', 'default', attachment('default', 'red-6', 'red/a', 'server6--leaf4'));
    await create(api, 'vpc-attachments', 'default', attachment('default', 'red-3', 'red/b', 'server3--leaf2'));
    await applied(api);
    const [s1, s6, s3] = [await lab.address('server1', 'default/red/a'), await lab.address('server6', 'default/red/a'), await lab.address('server3', 'default/red/b')];
    assert.equal(await lab.reaches(s1, s6, true), true, 'leaf1 -> leaf4, same subnet (L2VNI)');
    assert.equal(await lab.reaches(s6, s1, true), true);
    assert.equal(await lab.reaches(s1, s3, true), true, 'leaf1 -> leaf2, across subnets (L3VNI)');
    assert.equal(await lab.reaches(s3, s6, true), true);
    // red/a is served by Weft's DHCP: server1 and server6 leased their addresses from red's pool
    // through their leaves' relays; server3 (red/b) is numbered by the lab
    for (const s of [s1, s6]) {
      assert.equal(s.dhcp, true, `${s.server} runs a DHCP client`);
      const host = Number(s.ip.split('.')[3]);
      assert.ok(host >= 100 && host <= 199, `${s.server} holds ${s.ip}, from red/a's pool 100-199`);
      await lab.leased(s);
    }
    assert.equal(s3.dhcp, undefined);
  });

  await t.test('another tenant\'s VPC with the same CIDR: its own hosts reach each other, never red\'s', async () => {
    await create(api, 'vpcs', 'globex', vpc('globex', 'copy', 'globex', { a: served('10.50.1.0/24', 200, 249) }));
    await create(api, 'vpc-attachments', 'globex', attachment('globex', 'copy-5', 'copy/a', 'server5--leaf3'));
    await create(api, 'vpc-attachments', 'globex', attachment('globex', 'copy-2', 'copy/a', 'server2--leaf1'));
    await applied(api);
    const [s5, s2, s1, s6] = [await lab.address('server5', 'globex/copy/a'), await lab.address('server2', 'globex/copy/a'), await lab.address('server1', 'default/red/a'), await lab.address('server6', 'default/red/a')];
    assert.notEqual(s5.ip, s1.ip, 'addresses are unique in the lab, so an answer comes from its owner');
    assert.equal(await lab.reaches(s5, s2, true), true, 'globex across leaves');
    assert.equal(await lab.reaches(s5, s1, false), false, 'same CIDR, other tenant');
    assert.equal(await lab.reaches(s2, s6, false), false);
    assert.equal(await lab.reaches(s1, s5, false), false);
    // the same CIDR served for both tenants: each server leased from its own VPC's pool, and each lease shows in its own VPC only
    for (const s of [s5, s2]) {
      const host = Number(s.ip.split('.')[3]);
      assert.ok(s.dhcp === true && host >= 200 && host <= 249, `${s.server} holds ${s.ip}, from copy/a's pool 200-249`);
      await lab.leased(s);
    }
    const globexMacs = await Promise.all([s5, s2].map((s) => lab.mac(s)));
    assert.ok(!(await leasesOf(api, 'default', 'red', 'a')).some((l) => globexMacs.includes(l.mac)), "no globex lease in red's status");
  });

  await t.test('a peering lets only its permitted pair through, both ways, and its ACL stops one-way packets', async () => {
    await create(api, 'vpcs', 'default', vpc('default', 'teal', 'acme', { x: '10.60.1.0/24', y: '10.60.2.0/24' }));
    await create(api, 'vpc-attachments', 'default', attachment('default', 'teal-4', 'teal/x', 'server4--leaf3'));
    await create(api, 'vpc-attachments', 'default', attachment('default', 'teal-7', 'teal/y', 'server7--leaf2'));
    await create(api, 'vpc-peerings', 'default', { apiVersion: VPC_API, kind: 'VPCPeering', metadata: { name: 'red--teal', namespace: 'default' }, spec: { vpcs: ['red', 'teal'], permit: [['red/a', 'teal/x']] } });
    await applied(api);
    const [s1, s3, s4, s7] = [await lab.address('server1', 'default/red/a'), await lab.address('server3', 'default/red/b'), await lab.address('server4', 'default/teal/x'), await lab.address('server7', 'default/teal/y')];
    assert.equal(await lab.reaches(s1, s4, true), true, 'red/a -> teal/x');
    assert.equal(await lab.reaches(s4, s1, true), true, 'teal/x -> red/a');
    assert.equal(await lab.reaches(s3, s4, false), false, 'red/b is not permitted');
    assert.equal(await lab.reaches(s1, s7, false), false, 'teal/y is not permitted');
    // red/b has a route to teal/x (red imports it for red/a): only the ACL keeps its packets out
    const server4 = lab.netns('server4');
    await runOk(inNetns(server4, ['nft', '-f', '-']), {
      input: `table inet wl_probe {\n chain input {\n  type filter hook input priority 0; policy accept;\n  ip saddr ${s3.ip} icmp type echo-request counter\n }\n}\n`,
    });
    await lab.reaches(s3, s4, false);
    assert.equal(await countEchoes(server4, s3.ip), 0, 'no packet of red/b arrived');
    const redVrf = ((await api.request('GET', '/api/v1/vpcs/red?namespace=default')) as { status?: { vrf?: string } }).status?.vrf ?? '';
    const leaf2Red = vrfNetns(prefix, 'leaf2', redVrf);
    // the shim puts the ACL back within seconds: taken away again before each burst until one arrives
    const arrived = await eventually('one-way packets of red/b to arrive while the ACL is taken away', 60_000, async () => {
      await run(inNetns(leaf2Red, ['nft', 'delete', 'table', 'bridge', 'weft_acl']));
      await lab.reaches(s3, s4, false);
      return (await countEchoes(server4, s3.ip)) > 0 ? true : undefined;
    }).catch(() => false);
    assert.equal(arrived, true, 'without the ACL the one-way packets arrive (the test can tell)');
    await eventually('the shim to put the ACL back', 30_000, async () => ((await run(inNetns(leaf2Red, ['nft', 'list', 'table', 'bridge', 'weft_acl']))).code === 0 ? true : undefined));
    const before = await countEchoes(server4, s3.ip);
    await lab.reaches(s3, s4, false);
    assert.equal(await countEchoes(server4, s3.ip), before, 'with it back, none arrive again');
  });

  await t.test('deleting the peering cuts the pair off', async () => {
    await api.request('DELETE', '/api/v1/vpc-peerings/red--teal?namespace=default');
    await applied(api);
    const [s1, s4] = [await lab.address('server1', 'default/red/a'), await lab.address('server4', 'default/teal/x')];
    await eventually('red/a and teal/x to be apart', 60_000, async () => ((await lab.reaches(s1, s4, false)) ? undefined : true));
    assert.equal(await lab.reaches(s4, s1, false), false);
  });

  await t.test('inside a VPC: an isolated subnet is cut off unless permitted, a restricted one from itself, a static route leads to a prefix behind a server', async () => {
    const path = '/api/v1/vpcs/red?namespace=default';
    const original = (await api.request('GET', path)) as { metadata: object; spec: { subnets: Record<string, { cidr: string }> } };
    const put = async (spec: object): Promise<void> => {
      const now = (await api.request('GET', path)) as { metadata: object };
      await api.request('PUT', path, { apiVersion: VPC_API, kind: 'VPC', metadata: now.metadata, spec });
      await applied(api);
    };
    const [s1, s6, s3] = [await lab.address('server1', 'default/red/a'), await lab.address('server6', 'default/red/a'), await lab.address('server3', 'default/red/b')];
    const isolated = { ...original.spec, subnets: { a: { ...original.spec.subnets.a, restricted: true }, b: { cidr: '10.50.2.0/24', isolated: true } }, staticRoutes: [{ prefix: '10.51.0.0/24', nextHops: [s3.ip] }] };
    await put(isolated);
    // the shim gives server3 the address behind the route; red's other servers reach it through leaf2
    const behind = { ...s3, ip: '10.51.0.1' };
    assert.equal(await lab.reaches(s1, behind, true), true, 'leaf1 -> 10.51.0.1 through the static route on leaf2 (a type-5 route on leaf1)');
    assert.equal(await lab.reaches(s6, behind, true), true);
    await eventually('red/b to be cut off from red/a', 60_000, async () => ((await lab.reaches(s1, s3, false)) ? undefined : true));
    assert.equal(await lab.reaches(s3, s1, false), false, 'isolated: neither way');
    assert.equal(await lab.reaches(s1, s6, false), false, 'restricted: hosts of red/a do not reach each other');
    const toGateway = await run(['ip', 'netns', 'exec', lab.netns('server1'), 'ping', '-c', '1', '-W', '2', '-I', s1.ip, s1.gateway]);
    assert.equal(toGateway.code, 0, 'a restricted host still reaches its gateway');
    await put({ ...isolated, subnets: { ...isolated.subnets, a: original.spec.subnets.a }, permit: [['a', 'b']] });
    assert.equal(await lab.reaches(s1, s3, true), true, 'permitted: red/a and red/b again (the ACL made the difference)');
    assert.equal(await lab.reaches(s1, s6, true), true, 'no longer restricted');
    await put(original.spec);
    assert.equal(await lab.reaches(s6, s3, true), true);
  });

  await t.test('a CONFIG_DB entry deleted by hand is restored by the agent and reported as drift', async () => {
    const keys = await weft(['lab', 'exec', 'leaf1', '--dir', dir, '--', 'redis-cli', '-n', '4', '--raw', 'KEYS', 'VLAN_MEMBER|*|Ethernet0']);
    const key = keys.stdout.trim().split('\n')[0] ?? '';
    assert.match(key, /^VLAN_MEMBER\|Vlan\d+\|Ethernet0$/, keys.stderr);
    const deleted = await weft(['lab', 'exec', 'leaf1', '--dir', dir, '--', 'redis-cli', '-n', '4', 'DEL', key]);
    assert.equal(deleted.stdout.trim(), '1');
    await eventually(`${key} back in CONFIG_DB`, 60_000, async () => {
      const now = await weft(['lab', 'exec', 'leaf1', '--dir', dir, '--', 'redis-cli', '-n', '4', 'EXISTS', key]);
      return now.stdout.trim() === '1' ? true : undefined;
    });
    await eventually('the drift in leaf1\'s status', 60_000, async () => {
      const agent = (await api.request('GET', '/api/v1/agents/leaf1')) as AgentView;
      return agent.status?.drift?.some((d) => d.key === key) === true ? true : undefined;
    });
    const [s1, s6] = [await lab.address('server1', 'default/red/a'), await lab.address('server6', 'default/red/a')];
    assert.equal(await lab.reaches(s1, s6, true), true, 'and the port forwards again');
  });

  await t.test("a connection's MTU reaches the switch port: a packet within it passes, one over it is dropped at the switch", async () => {
    const path = '/api/v1/connections/server2--leaf1';
    const connection = (await api.request('GET', path)) as { apiVersion: string; kind: string; metadata: { name: string }; spec: { unbundled: Record<string, unknown> } };
    await api.request('PUT', path, { apiVersion: connection.apiVersion, kind: connection.kind, metadata: { name: connection.metadata.name }, spec: { unbundled: { ...connection.spec.unbundled, mtu: 1400 } } });
    await applied(api);
    const port = await weft(['lab', 'exec', 'leaf1', '--dir', dir, '--', 'redis-cli', '-n', '4', 'HGET', 'PORT|Ethernet4', 'mtu']);
    assert.equal(port.stdout.trim(), '1400', port.stderr);
    const [s2, s5] = [await lab.address('server2', 'globex/copy/a'), await lab.address('server5', 'globex/copy/a')];
    // the server keeps MTU 1500, so it sends what the switch port must refuse (Linux lets 4 bytes over a veth's MTU through)
    const ping = async (size: number): Promise<boolean> =>
      (await run(inNetns(lab.netns('server2'), ['ping', '-n', '-q', '-M', 'do', '-c', '3', '-i', '0.2', '-W', '1', '-s', String(size), '-I', s2.ip, s5.ip]), { timeoutMs: 10_000 })).code === 0;
    // the shim sets the port's MTU a moment after CONFIG_DB has it: wait until 1500 bytes stop, with 1400 still passing
    const cut = async (): Promise<true | undefined> => (!(await ping(1500 - 28)) && (await ping(1400 - 28)) ? true : undefined);
    assert.equal(await eventually('1500-byte packets dropped at the 1400-byte port while 1400-byte ones pass', 60_000, cut), true);
    await api.request('PUT', path, { apiVersion: connection.apiVersion, kind: connection.kind, metadata: { name: connection.metadata.name }, spec: connection.spec });
    await applied(api);
    assert.equal(await eventually('1500 bytes through again once the MTU is back to the default', 60_000, async () => ((await ping(1500 - 28)) ? true : undefined)), true);
  });

  await t.test('`lab status --json` and `lab test` report what the lab runs', async () => {
    type Status = { switches: { name: string; bgp: { established: number; configured: number }; appliedGeneration: number | null; drift: number }[]; servers: { name: string; addresses: { vpc: string; subnet: string; ip: string; dhcp?: boolean }[] }[] };
    // a switch whose FRR the shim just restarted (docs/lab.md) shows its sessions coming back: asked again until all are up
    const parsed = await eventually('every switch with all its BGP sessions established in `lab status`', 120_000, async () => {
      const status = await weft(['lab', 'status', '--dir', dir, '--json']);
      assert.equal(status.code, 0, status.stderr);
      const now = JSON.parse(status.stdout) as Status;
      const down = now.switches.filter((s) => !(s.bgp.configured > 0 && s.bgp.established === s.bgp.configured));
      if (down.length > 0) throw new Error(down.map((s) => `${s.name}: ${JSON.stringify(s.bgp)}`).join('; '));
      return now;
    });
    assert.equal(parsed.switches.length, 7);
    for (const s of parsed.switches) assert.equal(typeof s.appliedGeneration, 'number', s.name);
    assert.ok((parsed.switches.find((s) => s.name === 'leaf1')?.drift ?? 0) > 0);
    assert.deepEqual(parsed.servers.find((s) => s.name === 'server4')?.addresses.map((a) => `${a.vpc}/${a.subnet}`), ['default/teal/x']);
    assert.deepEqual(parsed.servers.find((s) => s.name === 'server1')?.addresses.map((a) => [`${a.vpc}/${a.subnet}`, a.dhcp]), [['default/red/a', true]]);
    const tested = await weft(['lab', 'test', '--dir', dir]);
    assert.equal(tested.code, 0, tested.stdout);
    assert.match(tested.stdout, /^reachability: (\d+) probes, \1 as the intents say, 0 not$/m);
  });

  await report(t, dir, prefix);
  const down = await weft(['lab', 'down', '--dir', dir]);
  assert.equal(down.code, 0, down.stderr);
  assert.deepEqual(await namespacesWith(prefix), []);
  assert.deepEqual(await markedProcesses(dir), []);
  assert.ok(await gone(dir));
});
