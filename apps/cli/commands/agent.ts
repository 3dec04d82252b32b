/**
 * `weft agent --switch NAME --server URL`: the per-switch agent. It takes its switch's desired
 * state from the service (an agent-role token from --token-file or WEFT_AGENT_TOKEN), or with
 * --kubeconfig FILE [--namespace NS] from its Agent object in Kubernetes, applies it
 * through the driver its `os` calls for (sonic: CONFIG_DB in Redis db 4 + FRR; frr: Linux devices
 * + FRR; vyos: over SSH or the QEMU guest agent, --ssh/--qga and the Switch's spec.management),
 * and reports status. One JSON log line per event on stderr.
 * Exit: 0 stopped by a signal (or, with --once, applied), 1 failed, 2 usage or an os this build
 * cannot drive.
 */
import { constants } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { AgentMetrics } from '../../agent/src/metrics/agent-metrics.js';
import { parseVyosFlags, VYOS_FLAGS } from '../../agent/src/vyos/flags.js';
import type { SourceSettings } from '../../agent/src/main.js';
import type { CommandModule } from '../command.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError, type CliContext } from '../context.js';

interface Options extends Record<string, unknown> {
  readonly switch?: string;
  readonly server?: string;
  readonly tokenFile?: string;
  readonly kubeconfig?: string;
  readonly namespace?: string;
  readonly redis?: string;
  readonly frrVtyDir?: string;
  readonly frrNetns?: string;
  readonly vrfBackend?: string;
  readonly period?: string;
  readonly stateDir?: string;
  readonly once?: boolean;
  readonly metricsAddress?: string;
}

const DEFAULT_PERIOD_SECONDS = 30;
const DEFAULT_VTY_DIR = '/var/run/frr';
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,62}$/;
const DEFAULT_AGENT_NAMESPACE = 'weft-system';
/** a Kubernetes namespace name: an RFC 1123 label */
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export const agentCommand: CommandModule = {
  register(program, context, run) {
    const command = program
      .command('agent')
      .description('the per-switch agent: applies its switch\'s desired state from the service and reports status (reads WEFT_AGENT_TOKEN, LOG_LEVEL)')
      .option('--switch <name>', 'the switch this agent runs for (required)')
      .option('--server <url>', 'the Weft service, e.g. http://127.0.0.1:8080 (this or --kubeconfig)')
      .option('--token-file <file>', 'a file holding an agent-role token for the switch (default: WEFT_AGENT_TOKEN)')
      .option('--kubeconfig <file>', "Kubernetes mode, instead of --server: the switch's Agent object is the desired state and takes the status")
      .option('--namespace <ns>', `Kubernetes mode: the Agent objects' namespace (default ${DEFAULT_AGENT_NAMESPACE})`)
      .option('--redis <url>', 'CONFIG_DB: redis://HOST:PORT or unix:///PATH/redis.sock, database 4 (default unix:///var/run/redis/redis.sock)')
      .option('--frr-vty-dir <dir>', `FRR's vty socket directory, as vtysh --vty_socket takes it (default ${DEFAULT_VTY_DIR})`)
      .option('--frr-netns <ns>', "the switch's network namespace: vtysh and frr-reload run there (and in zebra's UTS namespace)")
      .option('--vrf-backend <backend>', 'FRR nodes: VRFs as Linux VRF devices (linux) or as namespaces for zebra -n (netns) (default linux)')
      .option('--period <seconds>', `re-check for drift and heartbeat every SECONDS (default ${DEFAULT_PERIOD_SECONDS})`)
      .option('--state-dir <dir>', 'where the agent keeps what it applied (default /var/lib/weft/agent/<switch>)')
      .option('--once', 'apply the desired state once and exit: 0 applied, 1 failed')
      .option('--metrics-address <host:port>', 'serve Prometheus metrics of the device (weft_agent_*) at http://HOST:PORT/metrics');
    for (const { flags, description } of VYOS_FLAGS) command.option(flags, description);
    command.action((options: Options) => run(() => agent(options, context)));
  },
};

async function token(options: Options, env: CliContext['env']): Promise<string> {
  if (options.tokenFile !== undefined) {
    let text: string;
    try {
      text = await readFile(options.tokenFile, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read --token-file ${options.tokenFile}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const value = text.trim();
    if (value === '') throw new UsageError(`--token-file ${options.tokenFile} is empty`);
    return value;
  }
  const value = env.WEFT_AGENT_TOKEN?.trim();
  if (value === undefined || value === '') throw new UsageError('an agent token is required: --token-file FILE or WEFT_AGENT_TOKEN');
  return value;
}

function period(text: string | undefined): number {
  if (text === undefined) return DEFAULT_PERIOD_SECONDS * 1000;
  const seconds = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || seconds < 0.1 || seconds > 86_400) throw new UsageError(`--period must be a number of seconds from 0.1 to 86400, got ${JSON.stringify(text)}`);
  return Math.round(seconds * 1000);
}

function backend(text: string | undefined): 'linux' | 'netns' {
  if (text === undefined || text === 'linux') return 'linux';
  if (text === 'netns') return 'netns';
  throw new UsageError(`--vrf-backend must be linux or netns, got ${JSON.stringify(text)}`);
}

function server(text: string): string {
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
  } catch {
    throw new UsageError(`--server must be an http:// or https:// URL, got ${JSON.stringify(text)}`);
  }
  return text;
}

/** --server with a token, or --kubeconfig [--namespace]: one source, never both. */
async function source(options: Options, env: CliContext['env']): Promise<SourceSettings> {
  if (options.kubeconfig === undefined) {
    if (options.namespace !== undefined) throw new UsageError('--namespace goes with --kubeconfig (the namespace of Agent objects in Kubernetes)');
    if (options.server === undefined) throw new UsageError('--server URL or --kubeconfig FILE is required (the Weft service, e.g. http://127.0.0.1:8080, or Kubernetes)');
    return { server: server(options.server), token: await token(options, env) };
  }
  if (options.server !== undefined || options.tokenFile !== undefined) {
    throw new UsageError('--kubeconfig cannot be combined with --server or --token-file: the desired state comes from Kubernetes or from the Weft service, not both');
  }
  if (options.namespace !== undefined && !NAMESPACE.test(options.namespace)) throw new UsageError(`--namespace must be a Kubernetes namespace name, got ${JSON.stringify(options.namespace)}`);
  try {
    await access(options.kubeconfig, constants.R_OK);
  } catch (e) {
    throw new UsageError(`cannot read --kubeconfig ${options.kubeconfig}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return { kubeconfig: options.kubeconfig, ...(options.namespace === undefined ? {} : { namespace: options.namespace }) };
}

async function agent(options: Options, { io, env }: CliContext): Promise<number> {
  const switchName = options.switch;
  if (switchName === undefined) throw new UsageError('--switch NAME is required');
  if (!NAME.test(switchName)) throw new UsageError(`--switch must be a switch name, got ${JSON.stringify(switchName)}`);
  if (options.frrNetns !== undefined && !NAME.test(options.frrNetns)) throw new UsageError(`--frr-netns must be a namespace name, got ${JSON.stringify(options.frrNetns)}`);
  const vrfBackend = backend(options.vrfBackend);
  const { redisOptions, RedisUrlError, DEFAULT_REDIS_URL } = await import('../../agent/src/sonic/redis-url.js');
  const redisUrl = options.redis ?? DEFAULT_REDIS_URL;
  try {
    redisOptions(redisUrl);
  } catch (e) {
    if (e instanceof RedisUrlError) throw new UsageError(e.message);
    throw e;
  }
  const level = env.LOG_LEVEL ?? 'info';
  const { isLogLevel, jsonLogger } = await import('../../agent/src/json-log.js');
  if (!isLogLevel(level)) throw new UsageError(`LOG_LEVEL must be debug, info, warn or error, got ${JSON.stringify(level)}`);
  const pause = env.WEFT_AGENT_TEST_GROUP_PAUSE_MS === undefined ? undefined : Number(env.WEFT_AGENT_TEST_GROUP_PAUSE_MS);
  const settings = {
    switchName,
    source: await source(options, env),
    redisUrl,
    frrVtyDir: options.frrVtyDir ?? DEFAULT_VTY_DIR,
    ...(options.frrNetns === undefined ? {} : { frrNetns: options.frrNetns }),
    vrfBackend,
    vyos: parseVyosFlags(options),
    periodMs: period(options.period),
    stateDir: options.stateDir ?? join('/var/lib/weft/agent', switchName),
    ...(pause === undefined || !Number.isFinite(pause) ? {} : { pauseBetweenGroupsMs: pause }),
  };
  const log = jsonLogger(switchName, level, (line) => {
    io.err(line);
  });
  const metrics = await agentMetrics(switchName, options.metricsAddress);
  const { createAgent } = await import('../../agent/src/main.js');
  const { UnsupportedDeviceError } = await import('../../agent/src/core/device-driver.js');
  const { KubeconfigError } = await import('../../agent/src/source/kubeconfig-error.js');
  let loop;
  try {
    loop = await createAgent(settings, log, metrics?.metrics);
  } catch (e) {
    metrics?.server.close();
    if (e instanceof KubeconfigError) throw new UsageError(e.message);
    throw e;
  }
  if (metrics !== undefined) log('info', 'metrics', `metrics at http://${options.metricsAddress ?? ''}/metrics`, { address: options.metricsAddress });
  const abort = new AbortController();
  const stop = (): void => {
    abort.abort();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  try {
    if (options.once === true) return (await loop.runOnce(abort.signal)) ? EXIT_OK : EXIT_FAILURE;
    await loop.run(abort.signal);
    return EXIT_OK;
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    log('error', 'error', text);
    io.err(`weft agent: ${text}\n`);
    return e instanceof UnsupportedDeviceError ? EXIT_USAGE : EXIT_FAILURE;
  } finally {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
    metrics?.server.close();
  }
}

/** The metrics listener of --metrics-address; a bad or busy address is a usage error naming it. */
async function agentMetrics(switchName: string, address: string | undefined): Promise<{ metrics: AgentMetrics; server: Server } | undefined> {
  if (address === undefined) return undefined;
  const { parseMetricsAddress, serveMetrics } = await import('../../agent/src/metrics/metrics-server.js');
  const parsed = parseMetricsAddress(address);
  if (parsed === undefined) throw new UsageError(`--metrics-address must be HOST:PORT (e.g. 127.0.0.1:9101 or :9101), got ${JSON.stringify(address)}`);
  const { createAgentMetrics } = await import('../../agent/src/metrics/agent-metrics.js');
  const metrics = createAgentMetrics(switchName);
  try {
    return { metrics, server: await serveMetrics(metrics.registry, parsed) };
  } catch (e) {
    throw new UsageError(`--metrics-address ${address}: cannot listen: ${e instanceof Error ? e.message : String(e)}`);
  }
}
