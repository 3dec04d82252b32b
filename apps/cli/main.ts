/**
 * The `weft` command line. Exit 0 on success, 1 when the input is invalid (diagnostics printed),
 * 2 on usage errors.
 */
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseAllocations, releaseQuarantine, serializeAllocations, type Allocations } from '#allocator';
import { compile, explainSwitch, explainVpc, formatPlan, planFiles, type CompileResult } from '#compiler';
import { formatDiagnostic, groupResources, hasErrors, parseDocuments, sortDiagnostics, type Diagnostic } from '#domain';
import { LoaderUsageError, loadPaths } from '#loader';
import type { CreateServices } from '../api/src/main.js';
import { parseArgs, UsageError, type ParsedArgs } from './args.js';
import { formatSwitchExplanation, formatVpcExplanation } from './format.js';

export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;
/** `weft serve` could not start (database, port in use); the log says why */
export const EXIT_FAILURE = 1;

const USAGE = `Usage: weft <command> [options]

Commands:
  validate -f PATH...                     check wiring, policy and intents; print every problem
  compile  -f PATH... -o DIR [-a FILE]    write device files, allocations.json and diagnostics.json
                                          (-a: an earlier allocations.json; its numbers are kept;
                                          --release-quarantine: its quarantined VNIs are free again,
                                          once every device has applied that compile)
  explain  -f PATH... vpc/NAME            which policy rule chose what, and every number allocated
           -f PATH... switch/NAME         a switch's numbers, ports, VLANs, VRFs and templates
  plan     -f PATH... --from DIR          per-device diff against an earlier compile in DIR
  serve                                   the API on PORT (default 8080); reads HOST, WEFT_DATA,
                                          DATABASE_URL, WEFT_ADMIN_TOKEN, LOG_LEVEL

Options:
  -f, --filename PATH   a file or a directory (every *.yaml, *.yml, *.json inside); repeatable
  -n, --namespace NS    namespace for explain vpc/NAME (default: the only match, or "default")
  --json                machine-readable output
  -q, --quiet           print diagnostics only
  -h, --help            this text

Exit status: 0 valid, 1 invalid input (diagnostics printed), 2 usage error.
`;

/** Commands of the design that this build does not have yet. */
const NOT_YET = new Set(['controller', 'agent', 'dev', 'lab']);

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

const STDIO: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

export interface MainOptions {
  /** builds the store and token services of `weft serve` on the migrated database */
  readonly createServices?: CreateServices;
  /** the environment `weft serve` reads its configuration from (default: process.env) */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export async function main(argv: readonly string[], io: Io = STDIO, options: MainOptions = {}): Promise<number> {
  let args: ParsedArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    io.err(`weft: ${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (args.flags.has('--help') || args.command === 'help') {
    io.out(USAGE);
    return EXIT_OK;
  }
  if (args.flags.has('--version')) {
    io.out('weft 0.1.0\n');
    return EXIT_OK;
  }
  try {
    switch (args.command) {
      case 'validate':
        return await validateCommand(args, io);
      case 'compile':
        return await compileCommand(args, io);
      case 'explain':
        return await explainCommand(args, io);
      case 'plan':
        return await planCommand(args, io);
      case 'serve':
        return await serveCommand(args, io, options);
      case undefined:
        io.err(USAGE);
        return EXIT_USAGE;
      default:
        if (NOT_YET.has(args.command)) {
          io.err(`weft ${args.command}: not part of this build yet (the core ships validate, compile, explain and plan)\n`);
          return EXIT_USAGE;
        }
        io.err(`weft: unknown command ${JSON.stringify(args.command)}\n\n${USAGE}`);
        return EXIT_USAGE;
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof LoaderUsageError) {
      io.err(`weft ${args.command ?? ''}: ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
}

interface Loaded {
  readonly result?: CompileResult;
  readonly diagnostics: Diagnostic[];
}

/** `earlier`: warnings about the earlier allocations.json, reported with the rest. */
async function loadAndCompile(args: ParsedArgs, previous?: Allocations, earlier: readonly Diagnostic[] = []): Promise<Loaded> {
  if (args.files.length === 0) throw new UsageError('-f PATH is required (a file or a directory of YAML)');
  const loaded = await loadPaths(args.files);
  const parsed = parseDocuments(loaded.docs);
  const early = [...earlier, ...loaded.diagnostics, ...parsed.diagnostics];
  const result = compile(groupResources(parsed.resources), previous === undefined ? {} : { previous });
  return { result, diagnostics: sortDiagnostics([...early, ...result.diagnostics]) };
}

function printDiagnostics(io: Io, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) io.err(`${formatDiagnostic(d)}\n`);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  if (diagnostics.length > 0) io.err(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`);
}

async function validateCommand(args: ParsedArgs, io: Io): Promise<number> {
  const { diagnostics, result } = await loadAndCompile(args);
  if (args.flags.has('--json')) io.out(`${JSON.stringify({ valid: !hasErrors(diagnostics), diagnostics }, null, 2)}\n`);
  else {
    printDiagnostics(io, diagnostics);
    if (!hasErrors(diagnostics) && !args.flags.has('--quiet')) {
      io.out(`valid: ${result?.devices.size ?? 0} devices, ${result?.vpcStatus.size ?? 0} VPCs\n`);
    }
  }
  return hasErrors(diagnostics) ? EXIT_INVALID : EXIT_OK;
}

async function readPrevious(path: string): Promise<{ allocations?: Allocations; diagnostics: Diagnostic[] }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new UsageError(`${path}: cannot read the earlier allocations`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { diagnostics: [{ code: 'WF502', severity: 'error', path: `allocations ${path}`, message: `is not valid JSON: ${e instanceof Error ? e.message : String(e)}` }] };
  }
  return parseAllocations(value, path);
}

const DEVICE_FILES = new Set(['config_db.json', 'frr.conf', 'vyos.set']);

async function compileCommand(args: ParsedArgs, io: Io): Promise<number> {
  const output = args.flags.get('--output');
  if (typeof output !== 'string') throw new UsageError('-o DIR is required');
  const allocationsPath = args.flags.get('--allocations');
  const previous = typeof allocationsPath === 'string' ? await readPrevious(allocationsPath) : { diagnostics: [] };
  if (hasErrors(previous.diagnostics)) {
    printDiagnostics(io, previous.diagnostics);
    return EXIT_INVALID;
  }
  if (args.flags.has('--release-quarantine') && previous.allocations === undefined) throw new UsageError('--release-quarantine needs -a FILE');
  const earlier =
    previous.allocations !== undefined && args.flags.has('--release-quarantine') ? releaseQuarantine(previous.allocations, previous.allocations.generation) : previous.allocations;
  const { result, diagnostics } = await loadAndCompile(args, earlier, previous.diagnostics);
  await writing(output, async () => {
    await mkdir(output, { recursive: true });
    await writeFile(join(output, 'diagnostics.json'), `${JSON.stringify(diagnostics, null, 2)}\n`);
  });
  if (hasErrors(diagnostics) || result === undefined) {
    if (args.flags.has('--json')) io.out(`${JSON.stringify({ valid: false, diagnostics }, null, 2)}\n`);
    else printDiagnostics(io, diagnostics);
    io.err(`no device files written (files already in ${output} are from an earlier compile); diagnostics in ${join(output, 'diagnostics.json')}\n`);
    return EXIT_INVALID;
  }
  await writing(output, async () => {
    await removeStaleDeviceFiles(output, result.files);
    for (const [path, content] of result.files) {
      const target = join(output, path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, content);
    }
    await writeFile(join(output, 'allocations.json'), serializeAllocations(result.allocations));
  });
  if (args.flags.has('--json')) {
    io.out(`${JSON.stringify({ valid: true, files: [...result.files.keys()], diagnostics }, null, 2)}\n`);
  } else {
    printDiagnostics(io, diagnostics);
    if (!args.flags.has('--quiet')) {
      const roles = countRoles(result);
      io.out(`compiled ${result.devices.size} devices (${roles}) into ${output}: ${result.files.size} device files, allocations.json, diagnostics.json\n`);
    }
  }
  return EXIT_OK;
}

/** A file system error while writing DIR is the user's to fix (a file in the way, no permission). */
async function writing(output: string, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (e) {
    throw new UsageError(`cannot write ${output}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function countRoles(result: CompileResult): string {
  const counts = new Map<string, number>();
  for (const d of result.devices.values()) counts.set(d.role, (counts.get(d.role) ?? 0) + 1);
  return ['spine', 'leaf', 'border']
    .filter((r) => counts.has(r))
    .map((r) => `${counts.get(r) ?? 0} ${r}${(counts.get(r) ?? 0) === 1 ? '' : r === 'leaf' ? 'ves' : 's'}`.replace('leafves', 'leaves'))
    .join(', ');
}

/** Removes device files of an earlier compile that this compile no longer produces. */
async function removeStaleDeviceFiles(output: string, files: ReadonlyMap<string, string>): Promise<void> {
  const entries = await readdir(output, { withFileTypes: true });
  for (const dir of entries.filter((e) => e.isDirectory())) {
    for (const file of await readdir(join(output, dir.name))) {
      if (DEVICE_FILES.has(file) && !files.has(`${dir.name}/${file}`)) await rm(join(output, dir.name, file));
    }
  }
}

async function explainCommand(args: ParsedArgs, io: Io): Promise<number> {
  const target = args.positional[0];
  if (target === undefined || args.positional.length > 1) throw new UsageError('name one object: vpc/NAME or switch/NAME');
  const slash = target.indexOf('/');
  const kind = target.slice(0, slash).toLowerCase();
  const name = target.slice(slash + 1);
  if (slash < 0 || name === '' || !['vpc', 'switch', 'sw'].includes(kind)) throw new UsageError(`${target}: expected vpc/NAME or switch/NAME`);
  const { result, diagnostics } = await loadAndCompile(args);
  if (result === undefined) return EXIT_INVALID;
  const json = args.flags.has('--json');
  if (kind === 'vpc') {
    const key = resolveVpcKey(result, name, args.flags.get('--namespace'));
    const explanation = key === undefined ? undefined : explainVpc(result, key);
    if (explanation === undefined) {
      printDiagnostics(io, diagnostics);
      io.err(`weft explain: no VPC ${name}${typeof args.flags.get('--namespace') === 'string' ? ` in namespace ${String(args.flags.get('--namespace'))}` : ''}\n`);
      return EXIT_INVALID;
    }
    io.out(json ? `${JSON.stringify(explanation, null, 2)}\n` : formatVpcExplanation(explanation));
  } else {
    const explanation = explainSwitch(result, name);
    if (explanation === undefined) {
      printDiagnostics(io, diagnostics);
      io.err(`weft explain: no Switch ${name}${result.state.fabric.switches.has(name) ? ' compiled (see the errors above)' : ''}\n`);
      return EXIT_INVALID;
    }
    io.out(json ? `${JSON.stringify(explanation, null, 2)}\n` : formatSwitchExplanation(explanation));
  }
  if (!json) printDiagnostics(io, diagnostics.filter((d) => d.severity === 'error'));
  return hasErrors(diagnostics) ? EXIT_INVALID : EXIT_OK;
}

function resolveVpcKey(result: CompileResult, name: string, namespace: string | true | undefined): string | undefined {
  if (name.includes('/')) return name;
  const keys = result.state.resources.vpcs.map((v) => `${v.metadata.namespace ?? 'default'}/${v.metadata.name}`);
  if (typeof namespace === 'string') return keys.find((k) => k === `${namespace}/${name}`);
  const matches = keys.filter((k) => k.endsWith(`/${name}`));
  if (matches.length === 1) return matches[0];
  return matches.find((k) => k === `default/${name}`);
}

/**
 * Runs the service until SIGTERM/SIGINT. The service modules load only here, so the other
 * commands do not pay for Nest and PostgreSQL.
 */
async function serveCommand(args: ParsedArgs, io: Io, options: MainOptions): Promise<number> {
  if (args.positional.length > 0 || args.files.length > 0 || args.flags.size > 0) {
    throw new UsageError('serve takes no arguments: it reads PORT, HOST, WEFT_DATA, DATABASE_URL, WEFT_ADMIN_TOKEN and LOG_LEVEL');
  }
  const { ConfigError, loadConfig } = await import('../api/src/config.js');
  let config;
  try {
    config = loadConfig(options.env ?? process.env);
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.message);
    throw e;
  }
  const { serve } = await import('../api/src/main.js');
  const { createStoreServices } = await import('../api/src/services.js');
  let running;
  try {
    // the real store factory goes here once the store lands
    running = await serve(config, options.createServices ?? createStoreServices, {
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

async function planCommand(args: ParsedArgs, io: Io): Promise<number> {
  const from = args.flags.get('--from');
  if (typeof from !== 'string') throw new UsageError('--from DIR is required (the output directory of an earlier compile)');
  const before = await readDeviceFiles(from);
  const allocationsPath = join(from, 'allocations.json');
  const previous = before.hasAllocations ? await readPrevious(allocationsPath) : { diagnostics: [] };
  if (hasErrors(previous.diagnostics)) {
    printDiagnostics(io, previous.diagnostics);
    return EXIT_INVALID;
  }
  const { result, diagnostics } = await loadAndCompile(args, previous.allocations, previous.diagnostics);
  if (hasErrors(diagnostics) || result === undefined) {
    printDiagnostics(io, diagnostics);
    return EXIT_INVALID;
  }
  const plans = planFiles(before.files, result.files);
  if (args.flags.has('--json')) io.out(`${JSON.stringify({ devices: plans }, null, 2)}\n`);
  else {
    printDiagnostics(io, diagnostics);
    io.out(formatPlan(plans));
  }
  return EXIT_OK;
}

async function readDeviceFiles(dir: string): Promise<{ files: Map<string, string>; hasAllocations: boolean }> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    throw new UsageError(`${dir}: no such directory (run weft compile -o ${dir} first)`);
  }
  const files = new Map<string, string>();
  for (const d of entries.filter((e) => e.isDirectory())) {
    for (const file of await readdir(join(dir, d.name))) {
      if (DEVICE_FILES.has(file)) files.set(`${d.name}/${file}`, await readFile(join(dir, d.name, file), 'utf8'));
    }
  }
  return { files, hasAllocations: entries.some((e) => e.isFile() && e.name === 'allocations.json') };
}
