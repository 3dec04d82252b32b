/**
 * `weft lab up -f PATH...`: the fabric of the files on this machine. Order: check the host, compile
 * (a fabric that does not compile builds nothing), write the state down, build namespaces and
 * links, start weft serve (seeded with the same files), Redis and FRR per switch, the shim, the
 * tokens, Weft's DHCP service, the agents; then wait until every agent has applied its generation and every BGP
 * session is Established, printing progress.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { formatDiagnostic, hasErrors, type DeviceIntent } from '#domain';
import { dhcpServiceNetnsTemplate, DHCP_SERVICE_BRIDGE, LabPlanError, planLab, vrfNetns, type LabPlan } from '#lab';
import { freePort } from '../../api/src/net.js';
import { LabApi, waitReady } from './api.js';
import { loadLabInputs } from './inputs.js';
import { frrPaths } from './frr.js';
import { DEFAULT_PREFIX, LAB_MARKER, readState, serveDir, switchDir, tokenPath, writeState, type LabState } from './lab-state.js';
import { applyOp, type SwitchHandle } from './shim/linux.js';
import { agentCommand, startPeers, startSwitch } from './nodes.js';
import { missingPrerequisites } from './prereqs.js';
import { logTail, startProcess, weftCommand } from './processes.js';
import { sonicVsNotice } from './sonic-vs.js';
import { agentObjects, switchBgp, type AgentObject } from './status.js';
import { alive, sleep } from './system.js';
import { configureNodes, createLinks, createNamespaces, nodeNamespaces } from './topology.js';

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export interface UpOptions {
  readonly files: readonly string[];
  readonly dir: string;
  readonly prefix?: string;
  readonly sonicVs?: boolean;
  /** how long to wait for agents and BGP once everything runs */
  readonly timeoutSeconds?: number;
  readonly io: Io;
}

const PREFIX_PATTERN = /^[a-z][a-z0-9-]{0,11}$/;

async function mapLimit<T>(items: readonly T[], limit: number, job: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await job(item);
    }
  });
  await Promise.all(workers);
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

async function writeSecret(path: string, value: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFile(path, `${value}\n`, { mode: 0o600 });
}

async function createToken(api: LabApi, body: Record<string, string>): Promise<string> {
  const created = (await api.request('POST', '/api/v1/tokens', body)) as { token?: string };
  if (typeof created.token !== 'string') throw new Error(`the service returned no token for ${body.name ?? ''}`);
  return created.token;
}

export async function labUp(options: UpOptions): Promise<number> {
  const { io } = options;
  const started = Date.now();
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  if (!PREFIX_PATTERN.test(prefix.replace(/-$/, '')) || !prefix.endsWith('-')) {
    io.err(`--prefix ${JSON.stringify(prefix)}: a lower-case word of at most 12 characters ending in "-", such as weft-\n`);
    return 2;
  }
  const missing = await missingPrerequisites();
  if (missing.length > 0) {
    for (const line of missing) io.err(`weft lab up: ${line}\n`);
    return 1;
  }
  if (options.sonicVs === true) io.out(`${await sonicVsNotice()}\n`);
  const dir = resolve(options.dir);
  if ((await readState(dir)) !== undefined) {
    io.err(`weft lab up: a lab already exists in ${dir} (or what is left of one); run \`weft lab down\` first\n`);
    return 1;
  }
  const inputs = await loadLabInputs(options.files);
  if (hasErrors([...inputs.diagnostics])) {
    for (const d of inputs.diagnostics) io.err(`${formatDiagnostic(d)}\n`);
    io.err('weft lab up: the files do not compile; nothing was built\n');
    return 1;
  }
  let plan: LabPlan;
  try {
    plan = planLab(inputs.resources, { prefix, underlayMtu: [...inputs.compiled.devices.values()][0]?.mtu ?? 9100, standIns: inputs.standIns });
  } catch (e) {
    if (e instanceof LabPlanError) {
      io.err(`weft lab up: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  // every process started from here on carries the marker `weft lab down` looks for
  process.env[LAB_MARKER] = dir;
  // PostgreSQL runs as postgres and FRR as frr: both must reach their directories in the lab's
  await mkdir(dir, { recursive: true });
  await chmod(dir, 0o755);
  const state: LabState = {
    version: 1,
    dir,
    prefix,
    files: options.files.map((f) => resolve(f)),
    createdAt: new Date().toISOString(),
    plan,
    netns: nodeNamespaces(plan),
    processes: [],
    ready: false,
  };
  await writeState(state);
  for (const note of plan.notes) io.out(`note: ${note}\n`);
  const seed = join(dir, '_seed', 'fabric.json');
  await mkdir(dirname(seed), { recursive: true });
  await writeFile(seed, `${JSON.stringify(inputs.documents, null, 2)}\n`);

  await createNamespaces(state.netns);
  await configureNodes(plan);
  await createLinks(plan);
  io.out(`topology: ${state.netns.length} namespaces, ${plan.links.length} links (${seconds(started)})\n`);

  const port = await freePort();
  const adminToken = randomBytes(24).toString('hex');
  await writeSecret(tokenPath(dir, 'admin'), adminToken);
  const serve = await startProcess(dir, 'serve', weftCommand('serve'), {
    PORT: String(port),
    HOST: '127.0.0.1',
    WEFT_DATA: serveDir(dir),
    WEFT_ADMIN_TOKEN: adminToken,
    WEFT_SEED: seed,
    LOG_LEVEL: 'warn',
  });
  state.processes.push(serve);
  state.serve = { url: `http://127.0.0.1:${port}`, port };
  await writeState(state);

  let count = 0;
  await mapLimit(plan.switches, 4, async (sw) => {
    await startSwitch(dir, plan, sw);
    count++;
  });
  await startPeers(dir, plan);
  io.out(`switches started: ${count}/${plan.switches.length} (Redis + FRR each${plan.peers.length > 0 ? `; ${plan.peers.length} outside peer${plan.peers.length === 1 ? '' : 's'}` : ''}) (${seconds(started)})\n`);

  const vrfs = await precreateVrfs(dir, plan, inputs.compiled.devices);
  if (vrfs > 0) io.out(`VRF namespaces made ahead of the agents: ${vrfs}\n`);

  state.processes.push(await startProcess(dir, 'shim', weftCommand('lab', 'shim', '--dir', dir)));
  await writeState(state);

  await waitReady(state.serve.url, 120_000, () => alive(serve.pid)).catch(async (error: unknown) => {
    // `lab down` removes the directory, so the reason goes into the error itself
    const tail = await logTail(dir, 'serve');
    throw new Error(`${error instanceof Error ? error.message : String(error)}${tail === '' ? '' : `; the end of its log:\n${tail}`}`);
  });
  const admin = new LabApi(state.serve.url, adminToken);
  await writeSecret(tokenPath(dir, 'architect'), await createToken(admin, { name: 'lab-architect', role: 'architect' }));
  for (const sw of plan.switches) {
    await writeSecret(tokenPath(dir, `agent-${sw.name}`), await createToken(admin, { name: `lab-agent-${sw.name}`, role: 'agent', switch: sw.name }));
  }
  io.out(`weft serve: ${state.serve.url} (embedded PostgreSQL in ${serveDir(dir)}) (${seconds(started)})\n`);
  // Weft's DHCP service: a Kea per VRF in the VRF's service namespace, which the shim makes with the relays
  state.processes.push(
    await startProcess(dir, 'dhcp', weftCommand('dhcp', '--server', state.serve.url, '--token-file', tokenPath(dir, 'architect'), '--dir', join(dir, '_dhcp', 'kea'), '--period', '2', '--netns', dhcpServiceNetnsTemplate(prefix), '--interface', DHCP_SERVICE_BRIDGE)),
  );
  await writeState(state);

  for (const sw of plan.switches) {
    state.processes.push(await startProcess(dir, `agent-${sw.name}`, await agentCommand(dir, state.serve.url, sw)));
  }
  await writeState(state);
  io.out(`agents started: ${plan.switches.length} (${seconds(started)})\n`);

  const converged = await waitConverged(dir, plan, state, admin, options.timeoutSeconds ?? 180, io, started);
  state.ready = true;
  await writeState(state);
  io.out(
    [
      converged ? `lab up in ${seconds(started)}` : `lab up, but not converged after ${options.timeoutSeconds ?? 180} s: see \`weft lab status\` and the logs in ${join(dir, '_logs')}`,
      `  API:     ${state.serve.url} (architect token in ${tokenPath(dir, 'architect')})`,
      '  next:    weft lab test | weft lab status | weft lab exec NODE -- CMD | weft lab down',
      '',
    ].join('\n'),
  );
  return converged ? 0 : 1;
}

/**
 * The VRF namespaces of the compile, made before the agents start. zebra's netns backend shows a
 * namespace VRF as a `netns` line of its `vrf` block; a VRF namespace appearing while an agent
 * runs frr-reload can see that line deleted, which leaves the VRF inactive. Made ahead, the line is
 * there from the first look (the shim keeps them until CONFIG_DB says otherwise).
 */
async function precreateVrfs(dir: string, plan: LabPlan, devices: ReadonlyMap<string, DeviceIntent>): Promise<number> {
  let count = 0;
  await mapLimit(
    plan.switches.filter((s) => s.emulation === 'sonic'),
    4,
    async (sw) => {
      const handle: SwitchHandle = { name: sw.name, prefix: plan.prefix, netns: sw.netns, frr: frrPaths(switchDir(dir, sw.name)), acls: new Map(), flapped: new Map() };
      for (const vrf of devices.get(sw.name)?.vrfs ?? []) {
        await applyOp(handle, { op: 'vrf-add', vrf: vrf.name, netns: vrfNetns(plan.prefix, sw.name, vrf.name) });
        count++;
      }
    },
  );
  return count;
}

/**
 * Waits for every agent to apply its generation and every BGP session to be Established. Progress
 * comes from what the agents report (one API call; 34 switches' vtysh every round would load the
 * machine and lag by many seconds); once they report all Established, each switch's FRR confirms.
 */
async function waitConverged(dir: string, plan: LabPlan, state: LabState, api: LabApi, timeoutSeconds: number, io: Io, started: number): Promise<boolean> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  let last = '';
  while (Date.now() < deadline) {
    const agents = await agentObjects(api).catch(() => new Map<string, AgentObject>());
    const applied = plan.switches.filter((sw) => {
      const a = agents.get(sw.name);
      return a?.status?.appliedGeneration !== undefined && a.spec?.generation !== undefined && a.status.appliedGeneration >= a.spec.generation;
    }).length;
    const neighbours = plan.switches.flatMap((sw) => agents.get(sw.name)?.status?.bgpNeighbors ?? []);
    const established = neighbours.filter((n) => n.state === 'Established').length;
    const dead: string[] = [];
    for (const p of state.processes) if (!(await alive(p.pid))) dead.push(p.name);
    const line = `agents applied: ${applied}/${plan.switches.length}; BGP sessions established: ${established}/${neighbours.length}${dead.length > 0 ? `; stopped: ${dead.join(', ')} (see ${join(dir, '_logs')})` : ''}`;
    if (line !== last) io.out(`${line} (${seconds(started)})\n`);
    last = line;
    if (applied === plan.switches.length && neighbours.length > 0 && established === neighbours.length) {
      const bgp = await Promise.all(plan.switches.map((sw) => switchBgp(dir, sw.name)));
      const confirmed = bgp.reduce((n, b) => n + b.established, 0);
      const configured = bgp.reduce((n, b) => n + b.configured, 0);
      if (configured > 0 && confirmed === configured) {
        io.out(`FRR confirms: BGP sessions established: ${confirmed}/${configured} (${seconds(started)})\n`);
        return true;
      }
    }
    await sleep(1000);
  }
  return false;
}
