/**
 * `weft controller --kubeconfig FILE`: reconciles Weft's objects in a cluster through the fabric
 * store (PostgreSQL from DATABASE_URL, or embedded in WEFT_DATA, default .weft/controller), writes
 * their status and one Agent object per switch, serves the admission webhook, and campaigns for a
 * Lease so that one controller writes at a time. Runs until SIGTERM/SIGINT.
 */
import { resolve } from 'node:path';
import type { CommandModule } from '../command.js';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliContext } from '../context.js';

interface Options {
  readonly kubeconfig?: string;
  readonly namespace: string;
  readonly selector?: string;
  readonly webhook: boolean;
  readonly webhookHost?: string;
  readonly webhookPort: string;
  readonly webhookUrl?: string;
  readonly webhookService: string;
  readonly webhookConfiguration: string;
  readonly leaderElect: boolean;
  readonly leaseDuration: string;
  readonly renewDeadline: string;
  readonly retryPeriod: string;
  readonly workers: string;
}

export const controllerCommand: CommandModule = {
  register(program, context, run) {
    program
      .command('controller')
      .description('the Kubernetes controller (reads DATABASE_URL, WEFT_DATA, LOG_LEVEL)')
      .option('--kubeconfig <file>', 'the cluster to reconcile (in a pod: its service account)')
      .option('--namespace <ns>', 'where Agent objects, the Lease and the webhook CA live', 'weft-system')
      .option('--selector <labels>', 'only objects with these labels (key=value,...): several fabrics in one cluster')
      .option('--no-webhook', 'serve no admission webhook (objects are then checked only after they are stored)')
      .option('--webhook-host <host>', 'where the webhook listens (default 127.0.0.1, in a pod 0.0.0.0)')
      .option('--webhook-port <port>', 'the webhook port (0: any free port)', '9443')
      .option('--webhook-url <url>', 'register the webhook with this URL ({port} is replaced); default outside a cluster: https://127.0.0.1:{port}/validate')
      .option('--webhook-service <name>', 'the Service in front of the webhook, for the serving certificate (in a cluster)', 'weft-webhook')
      .option('--webhook-configuration <name>', 'the ValidatingWebhookConfiguration to register or complete', 'weft')
      .option('--no-leader-elect', 'lead at once, without a Lease (one controller only)')
      .option('--lease-duration <seconds>', 'how long a lease holds without renewal', '15')
      .option('--renew-deadline <seconds>', 'a leader that cannot renew for this long steps down', '10')
      .option('--retry-period <seconds>', 'how often candidates try and leaders renew', '2')
      .option('--workers <n>', 'objects reconciled at once', '16')
      .action((options: Options) => run(() => controller(options, context)));
  },
};

function positive(value: string, flag: string, allowZero = false): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || (!allowZero && n === 0)) throw new UsageError(`${flag} must be a ${allowZero ? 'non-negative' : 'positive'} number, got ${JSON.stringify(value)}`);
  return n;
}

async function controller(options: Options, { io, env }: CliContext): Promise<number> {
  const inCluster = env.KUBERNETES_SERVICE_HOST !== undefined && env.KUBERNETES_SERVICE_HOST !== '';
  if (options.kubeconfig === undefined && !inCluster) throw new UsageError('--kubeconfig FILE is required outside a cluster (weft dev cluster up writes .weft/kubeconfig)');
  const port = positive(options.webhookPort, '--webhook-port', true);
  const leaseSeconds = positive(options.leaseDuration, '--lease-duration');
  const renewSeconds = positive(options.renewDeadline, '--renew-deadline');
  const retrySeconds = positive(options.retryPeriod, '--retry-period');
  if (renewSeconds >= leaseSeconds) throw new UsageError('--renew-deadline must be shorter than --lease-duration');
  const workers = positive(options.workers, '--workers');
  const { ConfigError, loadConfig } = await import('../../api/src/config.js');
  let config;
  try {
    config = loadConfig({ ...env, WEFT_DATA: env.WEFT_DATA ?? '.weft/controller' });
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.message);
    throw e;
  }
  const { loadKubeConfig } = await import('../../controller/src/kube/client.js');
  let kubeconfig;
  try {
    kubeconfig = loadKubeConfig(options.kubeconfig === undefined ? undefined : resolve(options.kubeconfig));
  } catch (e) {
    throw new UsageError(`cannot read the kubeconfig: ${e instanceof Error ? e.message : String(e)}`);
  }
  const { createJsonLogger } = await import('../../api/src/observability/logger.js');
  const logger = createJsonLogger({ level: config.logLevel });
  const log = (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>): void => {
    logger[level](message, fields);
  };
  const { openControllerDatabase, storeOpener } = await import('../../controller/src/standalone.js');
  const { runController } = await import('../../controller/src/run.js');
  const server = kubeconfig.getCurrentCluster()?.server ?? '';
  const loopback = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:|\/|$)/.test(server);
  const url = options.webhookUrl ?? (!inCluster && loopback ? 'https://127.0.0.1:{port}/validate' : undefined);
  const service = `${options.webhookService}.${options.namespace}`;
  let database;
  let running;
  try {
    database = await openControllerDatabase(config, log);
    running = await runController({
      kubeconfig,
      namespace: options.namespace,
      ...(options.selector === undefined ? {} : { labelSelector: options.selector }),
      workers,
      openStore: storeOpener(database.url, log),
      leaderElection: options.leaderElect ? { leaseDurationMs: leaseSeconds * 1000, renewDeadlineMs: renewSeconds * 1000, retryPeriodMs: retrySeconds * 1000 } : false,
      webhook: options.webhook
        ? {
            host: options.webhookHost ?? (inCluster ? '0.0.0.0' : '127.0.0.1'),
            port,
            ...(url === undefined ? {} : { url }),
            configuration: options.webhookConfiguration,
            dnsNames: ['localhost', service, `${service}.svc`, `${service}.svc.cluster.local`],
            ipAddresses: ['127.0.0.1'],
          }
        : false,
      log,
    });
  } catch (e) {
    io.err(`weft controller: cannot start: ${e instanceof Error ? e.message : String(e)}\n`);
    await database?.close();
    return EXIT_FAILURE;
  }
  io.out(`Weft controller ${running.controller.identity} on ${server} (database: ${database.description}; Agents in ${options.namespace})\n`);
  if (running.webhookPort !== undefined) io.out(`admission webhook on port ${running.webhookPort}${running.webhookUrl === undefined ? '' : `, registered as ${running.webhookUrl}`}\n`);
  const stopped = new Promise<void>((resolveStop) => {
    const stop = (): void => {
      process.removeListener('SIGTERM', stop);
      process.removeListener('SIGINT', stop);
      resolveStop();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  await stopped;
  await running.stop();
  await database.close();
  return EXIT_OK;
}
