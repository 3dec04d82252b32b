/**
 * `weft serve`: the API until SIGTERM/SIGINT. Its configuration is the environment. The service
 * modules load only here, so the other commands do not pay for Nest and PostgreSQL.
 */
import { resolve } from 'node:path';
import type { CreateServices } from '../../api/src/main.js';
import type { CommandModule } from '../command.js';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliContext } from '../context.js';
import { serviceConfig } from '../service-config.js';

export const serveCommand: CommandModule = {
  register(program, context, run) {
    program
      .command('serve')
      .description('the API on PORT (default 8080); reads HOST, WEFT_DATA, DATABASE_URL, WEFT_ADMIN_TOKEN, WEFT_SEED, LOG_LEVEL')
      .option('--kubeconfig <file>', 'also run the Kubernetes controller on that cluster, in this process and on this store')
      .option('--in-cluster', 'also run the Kubernetes controller, on the cluster of this pod (its service account)')
      .option('--webhook-port <port>', 'with --kubeconfig: the admission webhook port (0: any free port)', '9443')
      .allowExcessArguments(true)
      .allowUnknownOption(true)
      .action((options: ServeOptions, command: { args: string[] }) =>
        run(async () => {
          if (command.args.length > 0) throw new UsageError('serve takes no arguments: it reads PORT, HOST, WEFT_DATA, DATABASE_URL, WEFT_ADMIN_TOKEN and LOG_LEVEL');
          return serve(context, options);
        }),
      );
  },
};

interface ServeOptions {
  readonly kubeconfig?: string;
  readonly inCluster?: boolean;
  readonly webhookPort: string;
}

/** The services: the store alone, or with the controller beside it (--kubeconfig). */
async function services(context: CliContext, serveOptions: ServeOptions): Promise<CreateServices> {
  if (serveOptions.kubeconfig === undefined && serveOptions.inCluster !== true) {
    const { createStoreServices } = await import('../../api/src/services.js');
    return context.options.services ?? createStoreServices;
  }
  if (serveOptions.kubeconfig !== undefined && serveOptions.inCluster === true) throw new UsageError('--kubeconfig and --in-cluster exclude each other');
  const port = Number(serveOptions.webhookPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--webhook-port must be a port number, got ${JSON.stringify(serveOptions.webhookPort)}`);
  const { loadKubeConfig } = await import('../../controller/src/kube/client.js');
  let kubeconfig;
  try {
    kubeconfig = loadKubeConfig(serveOptions.kubeconfig === undefined ? undefined : resolve(serveOptions.kubeconfig));
  } catch (e) {
    throw new UsageError(`cannot read the kubeconfig: ${e instanceof Error ? e.message : String(e)}`);
  }
  const server = kubeconfig.getCurrentCluster()?.server ?? '';
  const loopback = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:|\/|$)/.test(server);
  const { controllerServices } = await import('../../controller/src/serve-services.js');
  const namespace = 'weft-system';
  const service = `weft-webhook.${namespace}`;
  return controllerServices({
    kubeconfig,
    namespace,
    webhook: {
      host: serveOptions.inCluster === true ? '0.0.0.0' : '127.0.0.1',
      port,
      ...(loopback && serveOptions.inCluster !== true ? { url: 'https://127.0.0.1:{port}/validate' } : {}),
      dnsNames: ['localhost', service, `${service}.svc`, `${service}.svc.cluster.local`],
      ipAddresses: ['127.0.0.1'],
    },
  });
}

async function serve(context: CliContext, serveOptions: ServeOptions): Promise<number> {
  const { io, env } = context;
  const config = await serviceConfig(env);
  const { serve: start } = await import('../../api/src/main.js');
  const createServices = await services(context, serveOptions);
  let running;
  try {
    running = await start(config, createServices, {
      announce: (line) => {
        io.out(`${line}\n`);
      },
    });
  } catch (e) {
    io.err(`weft serve: cannot start: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT_FAILURE;
  }
  await running.stopped;
  return EXIT_OK;
}
