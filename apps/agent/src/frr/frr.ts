/**
 * One FRR instance, reached through its vty sockets: JSON show commands through vtysh, and
 * frr.conf applied the way `frr-reload.py` does it (Debian's frr-pythontools): the delta against
 * the running config, then only that delta, never a restart; then the delta again, which must be
 * empty. The desired file lives in the agent's work directory, which is also frr-reload's confdir
 * (its vtysh.conf says `service integrated-vtysh-config`) and rundir.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { configDelta, hostnameOf, isEmptyDelta, lineText, parseReloadDelta, significantDelta, withNetnsVrfs, type FrrDelta } from '#frr-config';
import { DeviceError, type DeviceChange } from '../core/device-driver.js';
import { SILENT, type AgentLogger } from '../core/log.js';
import { run, tail, type CommandResult } from '../exec.js';
import { daemonPid, frrPlace } from './namespaces.js';

export interface FrrOptions {
  /** the daemons' vty socket directory (`vtysh --vty_socket`) */
  readonly vtyDir: string;
  /** run vtysh and frr-reload.py in this network namespace too */
  readonly netns?: string;
  /** the agent's own directory for the desired frr.conf and frr-reload's temporary files */
  readonly workDir: string;
  readonly reloadScript?: string;
  /** the directory holding vtysh */
  readonly bindir?: string;
  readonly log?: AgentLogger;
  readonly timeoutMs?: number;
  /** zebra runs with -n (FRR's netns VRF backend): each VRF block carries its `netns` line */
  readonly vrfNetns?: boolean;
}

const RELOAD_SCRIPT = '/usr/lib/frr/frr-reload.py';
const RELOAD_ROUNDS = 2;
const NOT_REACHABLE = /failed to connect to any daemons|Exiting: |No such file or directory/;

/** An FRR line as a change the loop reports: `frr: router bgp 65101 / neighbor X ...`. */
export function frrChanges(delta: FrrDelta): DeviceChange[] {
  return [...delta.deletes.map((l) => ({ op: 'delete' as const, key: `frr: ${lineText(l)}` })), ...delta.adds.map((l) => ({ op: 'set' as const, key: `frr: ${lineText(l)}` }))];
}

export class Frr {
  private readonly log: AgentLogger;
  private prepared = false;
  private warnedHostname = false;
  /** the config this process last saw running, exactly (after a verified reload or an empty --test) */
  private verified: string | undefined;
  private ignoringHostname = false;

  constructor(private readonly options: FrrOptions) {
    this.log = options.log ?? SILENT;
  }

  private get vtysh(): string {
    return join(this.options.bindir ?? '/usr/bin', 'vtysh');
  }

  private async exec(argv: readonly string[]): Promise<{ result: CommandResult; sharedUts: boolean }> {
    const place = await frrPlace(this.options.vtyDir, this.options.netns);
    const result = await run([...place.prefix, ...argv], { timeoutMs: this.options.timeoutMs ?? 120_000 });
    if (result.spawnError !== undefined) throw new DeviceError(`cannot run FRR's tools: ${result.spawnError} (Debian packages frr, frr-pythontools)`, false);
    return { result, sharedUts: place.sharedUts };
  }

  private unreachable(result: CommandResult, what: string): DeviceError {
    return new DeviceError(`FRR at ${this.options.vtyDir} is not reachable (${what})`, true, tail(`${result.stdout}\n${result.stderr}`, 3));
  }

  /** vtysh's text answer to `commands`, run in order (`show vrf`). */
  async text(...commands: string[]): Promise<string> {
    const { result } = await this.exec([this.vtysh, '--vty_socket', this.options.vtyDir, ...commands.flatMap((c) => ['-c', c])]);
    if (result.code !== 0) throw this.unreachable(result, commands.join(' / '));
    return result.stdout;
  }

  /** A JSON show command: `show bgp vrf all summary json`. */
  async show(command: string): Promise<unknown> {
    const { result } = await this.exec([this.vtysh, '--vty_socket', this.options.vtyDir, '-c', command]);
    if (result.code !== 0) throw this.unreachable(result, command);
    const text = result.stdout.trim();
    if (text === '') return {};
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new DeviceError(`FRR answered "${command}" with something that is not JSON`, false, tail(text, 3));
    }
  }

  /** The daemon's pid, as its pid file in the vty directory says. */
  pid(daemon: string): Promise<number | undefined> {
    return daemonPid(this.options.vtyDir, daemon);
  }

  private async writeDesired(desired: string): Promise<string> {
    const dir = this.options.workDir;
    const config = this.options.vrfNetns === true ? withNetnsVrfs(desired) : desired;
    if (!this.prepared) {
      await mkdir(dir, { recursive: true, mode: 0o755 });
      await writeFile(join(dir, 'vtysh.conf'), 'service integrated-vtysh-config\n');
      this.prepared = true;
    }
    const file = join(dir, 'frr.conf');
    await writeFile(`${file}.tmp`, config.endsWith('\n') ? config : `${config}\n`);
    await rename(`${file}.tmp`, file);
    return file;
  }

  private reloadArgs(mode: '--test' | '--reload', file: string): string[] {
    const dir = this.options.workDir;
    return [this.options.reloadScript ?? RELOAD_SCRIPT, mode, ...(mode === '--reload' ? ['--stdout', '--log-level', 'error'] : []), '--bindir', this.options.bindir ?? '/usr/bin', '--vty_socket', this.options.vtyDir, '--confdir', dir, '--rundir', dir, file];
  }

  /** What frr-reload.py would change, without what FRR hides or never shows. */
  async delta(config: string): Promise<FrrDelta> {
    const file = await this.writeDesired(config);
    const { result, sharedUts } = await this.exec(this.reloadArgs('--test', file));
    const said = `${result.stdout}\n${result.stderr}`;
    if (/vtysh failed to process new configuration/.test(said)) {
      throw new DeviceError('FRR refuses the desired frr.conf', false, said.split('\n').filter((l) => /line \d+:|% /.test(l)).map((l) => l.replace(/^b'|\\n'?$/g, '').replace(/\\n/g, ' ').trim()).slice(0, 5));
    }
    if (result.code !== 0) {
      if (NOT_REACHABLE.test(said)) throw this.unreachable(result, 'frr-reload.py --test');
      throw new DeviceError(`frr-reload.py --test failed (exit ${result.code ?? 'killed'})`, result.code === null, tail(said));
    }
    const wanted = hostnameOf(config);
    const ignoreHostname = sharedUts && wanted !== undefined && wanted !== hostname();
    this.ignoringHostname = ignoreHostname;
    if (ignoreHostname && !this.warnedHostname) {
      this.warnedHostname = true;
      this.log('warn', 'frr', `FRR keeps the kernel hostname ${hostname()}, not ${wanted}: its daemons share this host's UTS namespace (FRR issue #7583); start them in their own (unshare --uts) and the agent follows them there`);
    }
    const delta = significantDelta(parseReloadDelta(result.stdout), { desired: config, ignoreHostname });
    this.verified = isEmptyDelta(delta) ? config : undefined;
    return delta;
  }

  /**
   * Applies only the delta, then checks that nothing is left of it. When this process has seen
   * the running config match what it applied last, the --test run before the reload is saved:
   * the change is said from the two configs, and the --test after the reload checks it.
   */
  async apply(config: string): Promise<DeviceChange[]> {
    const known = this.verified;
    if (known === config) return [];
    let before: FrrDelta;
    if (known === undefined) {
      before = await this.delta(config);
      if (isEmptyDelta(before)) return [];
    } else {
      before = significantDelta(configDelta(known, config), { desired: config, ignoreHostname: this.ignoringHostname });
    }
    this.verified = undefined;
    const changes = frrChanges(before);
    const file = await this.writeDesired(config);
    let result: CommandResult | undefined;
    let after = before;
    // a second round for what frr-reload.py ordered badly (an instance deleted before the import naming it)
    for (let round = 0; round < RELOAD_ROUNDS && (round === 0 || !isEmptyDelta(after)); round++) {
      ({ result } = await this.exec(this.reloadArgs('--reload', file)));
      after = await this.delta(config).catch((e: unknown) => {
        throw e instanceof DeviceError ? new DeviceError(e.message, e.retryable, e.details, changes) : e;
      });
    }
    if (!isEmptyDelta(after)) {
      const left = frrChanges(after).map((c) => `${c.op} ${c.key}`);
      // retried: a line can wait on something the platform makes a moment later (a VRF, an interface)
      const code = result?.code;
      throw new DeviceError(`FRR did not take ${left.length} of the desired lines${code === 0 ? '' : ` (frr-reload.py exit ${code ?? 'killed'})`}`, true, [...left.slice(0, 5), ...tail(result?.stdout ?? '', 3)], changes);
    }
    return changes;
  }
}
