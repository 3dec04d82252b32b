/**
 * `weft inspect vpc/NAME | switch/NAME | server/NAME | connection/NAME`: where and how it runs,
 * from the service's agents' reports (GET /api/v1/inspect/...). The service and token come from
 * --server and --token-file, or WEFT_SERVER and WEFT_TOKEN.
 */
import { readFile } from 'node:fs/promises';
import type { Inspection } from '#inspect';
import type { CommandModule } from '../command.js';
import { EXIT_FAILURE, EXIT_OK, UsageError, type Io } from '../context.js';
import { formatInspection } from '../inspect-format.js';

interface Options {
  readonly namespace?: string;
  readonly json?: boolean;
  readonly server?: string;
  readonly tokenFile?: string;
}

const KINDS: Readonly<Record<string, string>> = { vpc: 'vpc', switch: 'switch', sw: 'switch', server: 'server', srv: 'server', connection: 'connection', conn: 'connection' };

export const inspectCommand: CommandModule = {
  register(program, { io, env }, run) {
    program
      .command('inspect')
      .description('where and how a VPC, switch, server or connection runs, from the agents\' live reports')
      .argument('<target>', 'vpc/NAME, switch/NAME, server/NAME or connection/NAME')
      .option('-n, --namespace <ns>', 'namespace of vpc/NAME', 'default')
      .option('--server <url>', 'the Weft service (default: WEFT_SERVER)')
      .option('--token-file <file>', 'a file holding an access token (default: the token in WEFT_TOKEN)')
      .option('--json', 'machine-readable output')
      .action((target: string, options: Options) => run(() => inspect(target, options, io, env)));
  },
};

async function token(options: Options, env: Readonly<Record<string, string | undefined>>): Promise<string> {
  if (options.tokenFile !== undefined) {
    try {
      return (await readFile(options.tokenFile, 'utf8')).trim();
    } catch (e) {
      throw new UsageError(`--token-file ${options.tokenFile}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const value = env.WEFT_TOKEN ?? '';
  if (value === '') throw new UsageError('no token: give --token-file FILE or set WEFT_TOKEN');
  return value;
}

function errorText(status: number, body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    if (typeof parsed.message === 'string') return `${status}: ${parsed.message}`;
  } catch {
    // not JSON
  }
  return `${status}: ${body.slice(0, 200)}`;
}

async function inspect(target: string, options: Options, io: Io, env: Readonly<Record<string, string | undefined>>): Promise<number> {
  const slash = target.indexOf('/');
  const kind = KINDS[target.slice(0, slash).toLowerCase()];
  const name = target.slice(slash + 1);
  if (slash < 0 || kind === undefined || name === '' || name.includes('/')) throw new UsageError(`${target}: expected vpc/NAME, switch/NAME, server/NAME or connection/NAME`);
  const server = options.server ?? env.WEFT_SERVER ?? '';
  if (server === '') throw new UsageError('no service: give --server URL or set WEFT_SERVER');
  let base: URL;
  try {
    base = new URL(server);
  } catch {
    throw new UsageError(`--server ${server}: not a URL`);
  }
  const url = new URL(`/api/v1/inspect/${kind}/${encodeURIComponent(name)}`, base);
  if (kind === 'vpc') url.searchParams.set('namespace', options.namespace ?? 'default');
  let response: Response;
  try {
    response = await fetch(url, { headers: { authorization: `Bearer ${await token(options, env)}`, accept: 'application/json' }, signal: AbortSignal.timeout(30_000) });
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const cause = e instanceof Error && e.cause instanceof Error ? e.cause.message : e instanceof Error ? e.message : String(e);
    io.err(`weft inspect: the service at ${base.origin} cannot be reached: ${cause}\n`);
    return EXIT_FAILURE;
  }
  const body = await response.text();
  if (!response.ok) {
    io.err(`weft inspect: ${target}: ${errorText(response.status, body)}\n`);
    return EXIT_FAILURE;
  }
  const inspection = JSON.parse(body) as Inspection;
  io.out(options.json === true ? `${JSON.stringify(inspection, null, 2)}\n` : formatInspection(inspection));
  return EXIT_OK;
}
