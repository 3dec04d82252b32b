/**
 * `weft dev cluster up|down|status`: a real etcd and kube-apiserver on loopback for development,
 * with an admin kubeconfig at .weft/kubeconfig. The binaries are built once per machine (Go
 * module proxy, cached outside the work tree); `up` prints the build's progress.
 */
import { resolve } from 'node:path';
import type { CommandModule } from '../command.js';
import { EXIT_FAILURE, EXIT_OK, type Io } from '../context.js';

interface Options {
  readonly dir: string;
  readonly kubeconfig: string;
}

const DEFAULT_DIR = '.weft/cluster';
const DEFAULT_KUBECONFIG = '.weft/kubeconfig';

export const devCommand: CommandModule = {
  register(program, { io }, run) {
    const dev = program.command('dev').description('development tools');
    const cluster = dev.command('cluster').description('a real etcd + kube-apiserver on loopback (kubeconfig at .weft/kubeconfig)');
    const withOptions = (name: string, description: string, body: (options: Options) => Promise<number>): void => {
      cluster
        .command(name)
        .description(description)
        .option('--dir <dir>', 'state directory (PKI, logs, etcd data, PIDs)', DEFAULT_DIR)
        .option('--kubeconfig <file>', 'where the admin kubeconfig is written', DEFAULT_KUBECONFIG)
        .action((options: Options) => run(() => body(options)));
    };
    withOptions('up', 'build the binaries when missing, start etcd and kube-apiserver, write the kubeconfig', (options) => up(options, io));
    withOptions('down', 'stop both processes (by PID) and remove the state directory and the kubeconfig', (options) => down(options, io));
    withOptions('status', 'whether the cluster runs, and where', (options) => status(options, io));
  },
};

async function up(options: Options, io: Io): Promise<number> {
  const { clusterRunning, readCluster, startCluster, stopCluster } = await import('../dev/cluster.js');
  const existing = await readCluster(options.dir);
  if (existing !== undefined && clusterRunning(existing)) {
    io.out(`already running: ${existing.server} (kubeconfig ${existing.kubeconfig})\n`);
    return EXIT_OK;
  }
  if (existing !== undefined) await stopCluster(options.dir);
  const { ensureTestbin } = await import('../dev/testbin.js');
  try {
    const bin = await ensureTestbin((line) => {
      io.err(`${line}\n`);
    });
    const state = await startCluster({
      dir: options.dir,
      kubeconfig: options.kubeconfig,
      bin,
      log: (line) => {
        io.err(`${line}\n`);
      },
    });
    io.out(`kube-apiserver ready on ${state.server}\n`);
    io.out(`kubeconfig: ${state.kubeconfig}\n`);
    io.out(`try: ${bin.kubectl} --kubeconfig ${options.kubeconfig} apply -f crds/ -f wiring/lab.yaml -f examples/lab\n`);
    io.out(`stop it with: weft dev cluster down\n`);
    return EXIT_OK;
  } catch (e) {
    io.err(`weft dev cluster up: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT_FAILURE;
  }
}

async function down(options: Options, io: Io): Promise<number> {
  const { rm } = await import('node:fs/promises');
  const { readCluster, stopCluster } = await import('../dev/cluster.js');
  const state = await readCluster(options.dir);
  const stopped = await stopCluster(options.dir);
  await rm(resolve(state?.kubeconfig ?? options.kubeconfig), { force: true });
  io.out(stopped ? `stopped; removed ${options.dir} and ${state?.kubeconfig ?? options.kubeconfig}\n` : `no cluster in ${options.dir}\n`);
  return EXIT_OK;
}

async function status(options: Options, io: Io): Promise<number> {
  const { clusterRunning, readCluster } = await import('../dev/cluster.js');
  const state = await readCluster(options.dir);
  if (state === undefined) {
    io.out(`no cluster in ${options.dir}\n`);
    return EXIT_FAILURE;
  }
  const running = clusterRunning(state);
  io.out(`${running ? 'running' : 'stopped (state left behind: weft dev cluster down removes it)'}: ${state.server}, etcd ${state.etcdUrl}\n`);
  io.out(`kube-apiserver pid ${state.apiserver.pid}, etcd pid ${state.etcd.pid}, kubeconfig ${state.kubeconfig}\n`);
  return running ? EXIT_OK : EXIT_FAILURE;
}
