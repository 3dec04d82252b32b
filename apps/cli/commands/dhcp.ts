/**
 * `weft dhcp --server URL`: Weft's DHCP service, one kea-dhcp4 per VRF, configured from the
 * compiled VPCs; reports leases into each VPC's status (an architect token from --token-file or
 * WEFT_DHCP_TOKEN). One JSON log line per event on stderr. Exit: 0 stopped by a signal, 2 usage.
 */
import { readFile } from 'node:fs/promises';
import { runDhcpService } from '../../dhcp/src/index.js';
import type { CommandModule } from '../command.js';
import { EXIT_OK, UsageError } from '../context.js';

interface Options {
  readonly server?: string;
  readonly tokenFile?: string;
  readonly dir?: string;
  readonly period?: string;
  readonly netns?: string;
  readonly interface?: string;
}

export const dhcpCommand: CommandModule = {
  register(program, { io }, run) {
    program
      .command('dhcp')
      .description("Weft's DHCP service: one kea-dhcp4 per VRF from the compiled VPCs; leases into the VPC status (reads WEFT_DHCP_TOKEN)")
      .option('--server <url>', 'the Weft service, e.g. http://127.0.0.1:8080 (required)')
      .option('--token-file <file>', 'a file holding an architect token (default: WEFT_DHCP_TOKEN)')
      .option('--dir <dir>', "Kea's configuration, lease and pid files (default /var/lib/weft/dhcp)")
      .option('--period <seconds>', 'read the VPCs and report leases every SECONDS (default 5)')
      .option('--netns <template>', 'run each VRF\'s Kea in network namespace TEMPLATE, {vrf} replaced by the VRF name')
      .option('--interface <name>', 'where each VRF\'s service address is and Kea listens (default lo)')
      .action((options: Options) =>
        run(async () => {
          if (options.server === undefined || !/^https?:\/\/\S+$/.test(options.server)) throw new UsageError('weft dhcp needs --server http(s)://HOST:PORT');
          const period = Number(options.period ?? '5');
          if (!Number.isInteger(period) || period < 1 || period > 3600) throw new UsageError('--period takes whole seconds, 1 to 3600');
          const token = (options.tokenFile === undefined ? process.env.WEFT_DHCP_TOKEN : (await readFile(options.tokenFile, 'utf8')).trim()) ?? '';
          if (token === '') throw new UsageError('weft dhcp needs a token: --token-file FILE or WEFT_DHCP_TOKEN');
          const stop = new AbortController();
          for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => { stop.abort(); });
          await runDhcpService({
            server: options.server.replace(/\/$/, ''),
            token,
            dir: options.dir ?? '/var/lib/weft/dhcp',
            periodMs: period * 1000,
            ...(options.netns === undefined ? {} : { netnsTemplate: options.netns }),
            ...(options.interface === undefined ? {} : { interface: options.interface }),
            signal: stop.signal,
            log: (line) => { io.err(`${JSON.stringify({ time: new Date().toISOString(), ...line })}\n`); },
          });
          return EXIT_OK;
        }),
      );
  },
};
