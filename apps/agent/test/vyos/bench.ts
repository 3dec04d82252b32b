/**
 * The VyOS driver's test bench: the VyOS stand-in (router + shell, test/support/vyos-standin)
 * behind a real transport — a real OpenSSH server whose ForceCommand is the stand-in's login
 * shell, or a real qemu-ga whose guest-exec runs the stand-in's vbash — with a proxy in between
 * that a test can cut like a failing link.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { CutProxy } from '../../../../test/support/cut-proxy.js';
import { sshdUnavailable, startOpenSshServer, type OpenSshServer } from '../../../../test/support/openssh-server.js';
import { qemuGaUnavailable, startQemuGuestAgent, type QemuGuestAgent } from '../../../../test/support/qemu-guest-agent.js';
import { toolUnavailable, REPO_ROOT } from '../../../../test/support/tools.js';
import { VyosStandinRouter, writeStandinShell } from '../../../../test/support/vyos-standin/index.js';
import type { DeviceDriver } from '../../src/core/device-driver.js';
import { createVyosDriver, type VyosDriverOptions } from '../../src/vyos/index.js';

export type Via = 'ssh' | 'qga';

export interface Bench {
  readonly via: Via;
  readonly router: VyosStandinRouter;
  /** a driver for the stand-in; options override the bench's */
  driver(overrides?: Partial<VyosDriverOptions>): DeviceDriver;
  /** the link between the driver and the transport's server */
  readonly link: CutProxy;
  /** SSH only: the server's keys and port */
  readonly ssh?: OpenSshServer & { readonly knownHostsFile: string; readonly proxyPort: number };
  readonly dir: string;
  /** what every vbash run on the stand-in was given, one line each */
  readonly vbashRuns: string;
  stop(): Promise<void>;
}

/** Why the bench cannot run here; in CI that is a failure, not a skip. */
export function benchUnavailable(via: Via): string | undefined {
  return toolUnavailable('vyos-validate') ?? (via === 'ssh' ? sshdUnavailable() : qemuGaUnavailable());
}

export function requireBench(t: TestContext, via: Via): boolean {
  const why = benchUnavailable(via);
  if (why === undefined) return true;
  if (process.env.CI === 'true') throw new Error(`the VyOS stand-in bench over ${via} is required in CI: ${why}`);
  t.skip(`VyOS stand-in over ${via} unavailable: ${why}`);
  return false;
}

/** The lab's border, as Weft compiles it (the golden case's expected vyos.set). */
export const LAB_BORDER_VYOS = readFileSync(join(REPO_ROOT, 'test', 'golden', 'cases', 'lab', 'expected', 'border1', 'vyos.set'), 'utf8');

/** What the stand-in router boots with: none of it is Weft's. */
export const FOREIGN_BOOT: readonly string[] = [
  "set interfaces ethernet eth0 hw-id '52:54:00:00:00:10'",
  "set interfaces ethernet eth1 hw-id '52:54:00:00:00:11'",
  "set interfaces ethernet eth2 address '169.254.100.7/24'",
  "set interfaces ethernet eth2 description 'management'",
  "set interfaces ethernet eth2 hw-id '52:54:00:00:00:12'",
  "set interfaces ethernet eth2 vrf 'mgmt'",
  "set interfaces ethernet eth3 hw-id '52:54:00:00:00:13'",
  "set interfaces loopback lo",
  "set policy prefix-list OPS rule 10 action 'permit'",
  "set policy prefix-list OPS rule 10 prefix '198.51.100.0/24'",
  "set protocols bgp neighbor 198.51.100.1 address-family ipv4-unicast",
  "set protocols bgp neighbor 198.51.100.1 remote-as '64999'",
  // the router had an ASN before Weft: Weft's replaces it (system-as is Weft's)
  "set protocols bgp system-as '64999'",
  "set protocols static route 0.0.0.0/0 next-hop 169.254.100.1",
  "set service ssh port '22'",
  "set system host-name 'vyos'",
  "set system time-zone 'UTC'",
  "set vrf name mgmt table '900'",
];

export async function startBench(via: Via): Promise<Bench> {
  const dir = mkdtempSync(join(tmpdir(), `wv-vyos-${via}-`));
  const router = new VyosStandinRouter();
  await router.listen();
  const shell = writeStandinShell(join(dir, 'standin'), router);
  if (via === 'ssh') {
    const server = await startOpenSshServer(join(dir, 'sshd'), shell.loginShell);
    const link = await CutProxy.start({ port: server.port });
    // the driver connects to the proxy: the pinned key is the server's, under the proxy's port
    const knownHostsFile = join(dir, 'known_hosts');
    writeFileSync(knownHostsFile, `[127.0.0.1]:${link.port} ${server.hostKey.publicKey}\n`);
    const ssh = { ...server, knownHostsFile, proxyPort: link.port };
    return {
      via,
      router,
      link,
      ssh,
      dir,
      vbashRuns: shell.vbashRuns,
      driver: (overrides = {}) =>
        createVyosDriver({
          switch: 'border1',
          target: { kind: 'ssh', host: '127.0.0.1', port: link.port, user: server.user, privateKeyFile: server.clientKey.privateKeyFile, knownHostsFile, connectTimeoutMs: 10_000 },
          vbash: 'vbash',
          scriptTimeoutMs: 60_000,
          ...overrides,
        }),
      stop: async () => {
        await link.close();
        await server.stop();
        await router.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const agent: QemuGuestAgent = await startQemuGuestAgent(join(dir, 'qga'), {
    PATH: `${shell.bin}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
    WEFT_STANDIN_VIA: 'qga',
    HOME: dir,
  });
  const link = await CutProxy.start({ path: agent.socket }, join(dir, 'link.sock'));
  return {
    via,
    router,
    link,
    dir,
    vbashRuns: shell.vbashRuns,
    driver: (overrides = {}) =>
      createVyosDriver({
        switch: 'border1',
        target: { kind: 'qga', socket: join(dir, 'link.sock'), commandTimeoutMs: 10_000, pollIntervalMs: 50 },
        vbash: 'vbash',
        scriptTimeoutMs: 60_000,
        ...overrides,
      }),
    stop: async () => {
      await link.close();
      await agent.stop();
      await router.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
