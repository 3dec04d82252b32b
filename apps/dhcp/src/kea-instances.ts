/**
 * Weft's DHCP service: one `kea-dhcp4` per VRF, each with the configuration the pure renderer
 * gives its scope, listening on the scope's address on `interface` (added there if missing), in
 * the VRF's own network namespace when `netnsOf` names one (an instance waits until that
 * interface exists).
 * A changed scope is written and the instance told to reload (SIGHUP); a scope gone stops its
 * instance. Leases are read back from each instance's memfile.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { keaConfigText, parseKeaLeases, type DhcpScope, type KeaLease } from '#dhcp-config';

export interface KeaInstancesOptions {
  /** config, lease, pid and lock files of every instance */
  readonly dir: string;
  /** the network namespace of a VRF's instance (`ip netns exec`); default: this one */
  readonly netnsOf?: (vrf: string) => string | undefined;
  /** where the scope address lives and Kea listens (default `lo`) */
  readonly interface?: string;
  /** the kea-dhcp4 binary (default: kea-dhcp4 on PATH, /usr/sbin in Debian) */
  readonly kea?: string;
  readonly log?: (line: Record<string, unknown>) => void;
}

export interface ScopeLeases {
  readonly scope: DhcpScope;
  readonly leases: readonly KeaLease[];
}

interface Instance {
  scope: DhcpScope;
  text: string;
  readonly child: ChildProcess;
  exited: boolean;
}

function inNetns(netns: string | undefined, command: readonly string[]): string[] {
  return netns === undefined ? [...command] : ['ip', 'netns', 'exec', netns, ...command];
}

function runQuiet(command: readonly string[]): Promise<number> {
  return new Promise((resolve) => {
    const [file, ...args] = command;
    const child = spawn(file ?? 'false', args, { stdio: 'ignore' });
    child.on('error', () => { resolve(127); });
    child.on('exit', (code) => { resolve(code ?? 1); });
  });
}

export class KeaInstances {
  private readonly instances = new Map<string, Instance>();

  constructor(private readonly options: KeaInstancesOptions) {}

  private paths(vrf: string): { config: string; leases: string } {
    return { config: join(this.options.dir, `${vrf}.json`), leases: join(this.options.dir, `${vrf}.leases4.csv`) };
  }

  /** Makes the running instances match `scopes`. */
  async apply(scopes: readonly DhcpScope[]): Promise<void> {
    await mkdir(this.options.dir, { recursive: true });
    const wanted = new Map(scopes.map((s) => [s.vrf, s]));
    for (const [vrf, instance] of this.instances) {
      if (!wanted.has(vrf) || instance.exited) await this.stopOne(vrf);
    }
    for (const scope of scopes) {
      const { config, leases } = this.paths(scope.vrf);
      const device = this.options.interface ?? 'lo';
      const netns = this.options.netnsOf?.(scope.vrf);
      const text = keaConfigText(scope, { interfaces: [`${device}/${scope.address}`], leaseFile: leases });
      const running = this.instances.get(scope.vrf);
      if (running !== undefined && running.text === text) continue;
      // no interface (yet) to put the address on: Kea would start deaf and never bind; the next round tries again
      if ((await runQuiet(inNetns(netns, ['ip', 'address', 'replace', `${scope.address}/32`, 'dev', device]))) !== 0) {
        if (running === undefined) this.options.log?.({ component: 'dhcp', vrf: scope.vrf, waiting: `no ${device}${netns === undefined ? '' : ` in network namespace ${netns}`} yet` });
        continue;
      }
      await writeFile(`${config}.new`, text);
      await rename(`${config}.new`, config);
      if (running !== undefined) {
        running.text = text;
        running.scope = scope;
        running.child.kill('SIGHUP');
        this.options.log?.({ component: 'dhcp', vrf: scope.vrf, reloaded: config });
        continue;
      }
      const [file, ...args] = inNetns(netns, [this.options.kea ?? 'kea-dhcp4', '-c', config]);
      const child = spawn(file ?? 'kea-dhcp4', args, {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, KEA_PIDFILE_DIR: this.options.dir, KEA_LOCKFILE_DIR: this.options.dir, KEA_LOCKFILE: join(this.options.dir, 'kea.lock') },
      });
      const instance: Instance = { scope, text, child, exited: false };
      child.stdout.on('data', (chunk: Buffer) => this.options.log?.({ component: 'kea', vrf: scope.vrf, out: chunk.toString().trimEnd() }));
      child.stderr.on('data', (chunk: Buffer) => this.options.log?.({ component: 'kea', vrf: scope.vrf, err: chunk.toString().trimEnd() }));
      child.on('exit', (code) => {
        instance.exited = true;
        this.options.log?.({ component: 'dhcp', vrf: scope.vrf, exited: code });
      });
      this.instances.set(scope.vrf, instance);
      this.options.log?.({ component: 'dhcp', vrf: scope.vrf, vpc: scope.vpc, started: config, address: scope.address });
    }
  }

  /** The leases alive at `now` (ms since the epoch) of every running instance. */
  async leases(now: number = Date.now()): Promise<ScopeLeases[]> {
    const out: ScopeLeases[] = [];
    for (const { scope } of this.instances.values()) {
      const text = await readFile(this.paths(scope.vrf).leases, 'utf8').catch(() => '');
      out.push({ scope, leases: parseKeaLeases(text, scope, Math.floor(now / 1000)) });
    }
    return out;
  }

  private async stopOne(vrf: string): Promise<void> {
    const instance = this.instances.get(vrf);
    this.instances.delete(vrf);
    if (instance === undefined || instance.exited) return;
    const gone = new Promise<void>((resolve) => instance.child.once('exit', () => { resolve(); }));
    instance.child.kill('SIGTERM');
    const timer = setTimeout(() => instance.child.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(timer);
  }

  async stop(): Promise<void> {
    for (const vrf of [...this.instances.keys()]) await this.stopOne(vrf);
  }
}
