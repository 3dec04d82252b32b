/**
 * DHCP clients on the lab's servers: busybox udhcpc (Debian's udhcpc) in the server's namespace
 * on each interface attached to a subnet Weft's DHCP serves, as a host's network manager would
 * run one. Its script only puts the leased address on the interface; the shim's server sync
 * routes through the subnet's gateway once the server holds the address. A client that stopped
 * is started again; one no longer wanted stops.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ShimLog } from './switch-sync.js';

/** bound and renew: the address (busybox gives `ip` and `mask`, the prefix length); nothing else is touched. */
const SCRIPT = `#!/bin/sh
# weft lab: udhcpc's script for a lab server (apps/lab/src/shim/dhcp-clients.ts)
case "$1" in
  bound|renew) exec ip address replace "$ip/\${mask:-24}" dev "$interface" ;;
esac
exit 0
`;

interface Client {
  readonly child: ChildProcess;
  exited: boolean;
}

export class DhcpClients {
  private readonly clients = new Map<string, Client>();
  private script: string | undefined;

  constructor(
    private readonly dir: string,
    private readonly log: ShimLog,
  ) {}

  private async scriptPath(): Promise<string> {
    if (this.script !== undefined) return this.script;
    const dir = join(this.dir, '_dhcp');
    await mkdir(dir, { recursive: true });
    const path = join(dir, 'udhcpc.script');
    await writeFile(path, SCRIPT);
    await chmod(path, 0o755);
    this.script = path;
    return path;
  }

  /** Makes the running clients exactly `wanted` (`netns|device`, with the server's name for the host name option). */
  async sync(wanted: ReadonlyMap<string, { netns: string; device: string; server: string }>): Promise<string[]> {
    const changes: string[] = [];
    for (const [key, client] of this.clients) {
      if (wanted.has(key) && !client.exited) continue;
      if (!client.exited) client.child.kill('SIGTERM');
      this.clients.delete(key);
      if (!wanted.has(key)) changes.push(`stopped the DHCP client on ${key}`);
    }
    for (const [key, { netns, device, server }] of wanted) {
      if (this.clients.has(key)) continue;
      const script = await this.scriptPath();
      // -A 2: after a failed round, try again in 2 s (busybox waits 20 s by default)
      const child = spawn('ip', ['netns', 'exec', netns, 'udhcpc', '-f', '-i', device, '-s', script, '-t', '5', '-T', '2', '-A', '2', '-x', `hostname:${server}`], { stdio: ['ignore', 'pipe', 'pipe'] });
      const client: Client = { child, exited: false };
      let tail = '';
      const keep = (chunk: Buffer): void => {
        tail = (tail + chunk.toString()).slice(-2000);
        if (/lease of \S+ obtained/.test(chunk.toString())) this.log({ component: 'servers', netns, device, dhcp: chunk.toString().trim() });
      };
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      child.on('error', () => {
        client.exited = true;
      });
      child.on('exit', (code) => {
        client.exited = true;
        this.log({ component: 'servers', netns, device, dhcpClientExited: code, output: tail.split('\n').slice(-5).join(' | ') });
      });
      this.clients.set(key, client);
      changes.push(`DHCP client on ${key}`);
    }
    return changes;
  }

  has(netns: string, device: string): boolean {
    return this.clients.has(`${netns}|${device}`);
  }

  stop(): void {
    for (const client of this.clients.values()) if (!client.exited) client.child.kill('SIGTERM');
    this.clients.clear();
  }
}
