/**
 * `weft compile -f PATH... -o DIR [-a FILE]`: device files, allocations.json and diagnostics.json.
 * On a terminal, the phases of the work show on one line of stderr while they run.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { releaseQuarantine, serializeAllocations, type Allocations } from '#allocator';
import type { CompileResult } from '#compiler';
import { hasErrors, type Diagnostic } from '#domain';
import type { CommandModule } from '../command.js';
import { files, withFilenames } from '../command.js';
import { DEVICE_FILES, loadAndCompile, printDiagnostics, readPreviousAllocations } from '../compile-input.js';
import { EXIT_INVALID, EXIT_OK, UsageError, type Io } from '../context.js';
import { count, progressOn, type Progress } from '../progress.js';

interface Options {
  readonly filename?: string[];
  readonly output?: string;
  readonly allocations?: string;
  readonly releaseQuarantine?: boolean;
  readonly json?: boolean;
  readonly quiet?: boolean;
}

export const compileCommand: CommandModule = {
  register(program, { io }, run) {
    withFilenames(program.command('compile'))
      .description('write device files, allocations.json and diagnostics.json')
      .option('-o, --output <dir>', 'the output directory')
      .option('-a, --allocations <file>', 'an earlier allocations.json: its numbers are kept')
      .option('--release-quarantine', 'the quarantined VNIs of -a are free again (once every device has applied that compile)')
      .option('--json', 'machine-readable output')
      .option('-q, --quiet', 'print diagnostics only')
      .action((options: Options) => run(() => compileFiles(options, io)));
  },
};

async function compileFiles(options: Options, io: Io): Promise<number> {
  const output = options.output;
  if (output === undefined) throw new UsageError('-o DIR is required');
  const previous = options.allocations === undefined ? { diagnostics: [] } : await readPreviousAllocations(options.allocations);
  if (hasErrors(previous.diagnostics)) {
    printDiagnostics(io, previous.diagnostics);
    return EXIT_INVALID;
  }
  if (options.releaseQuarantine === true && previous.allocations === undefined) throw new UsageError('--release-quarantine needs -a FILE');
  const earlier =
    previous.allocations !== undefined && options.releaseQuarantine === true ? releaseQuarantine(previous.allocations, previous.allocations.generation) : previous.allocations;
  const progress = progressOn(io, 'compile');
  try {
    return await compileAndWrite(options, io, output, { earlier, diagnostics: previous.diagnostics }, progress);
  } finally {
    progress.done();
  }
}

async function compileAndWrite(options: Options, io: Io, output: string, previous: { earlier: Allocations | undefined; diagnostics: readonly Diagnostic[] }, progress: Progress): Promise<number> {
  const { result, diagnostics } = await loadAndCompile(files(options), previous.earlier, previous.diagnostics, progress);
  await writing(output, async () => {
    await mkdir(output, { recursive: true });
    await writeFile(join(output, 'diagnostics.json'), `${JSON.stringify(diagnostics, null, 2)}\n`);
  });
  if (hasErrors(diagnostics) || result === undefined) {
    progress.done();
    if (options.json === true) io.out(`${JSON.stringify({ valid: false, diagnostics }, null, 2)}\n`);
    else printDiagnostics(io, diagnostics);
    io.err(`no device files written (files already in ${output} are from an earlier compile); diagnostics in ${join(output, 'diagnostics.json')}\n`);
    return EXIT_INVALID;
  }
  progress.phase(`writing ${count(result.files.size)} device files into ${output}`);
  await writing(output, async () => {
    await removeStaleDeviceFiles(output, result.files);
    for (const [path, content] of result.files) {
      const target = join(output, path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, content);
    }
    await writeFile(join(output, 'allocations.json'), serializeAllocations(result.allocations));
  });
  progress.done();
  if (options.json === true) {
    io.out(`${JSON.stringify({ valid: true, files: [...result.files.keys()], diagnostics }, null, 2)}\n`);
  } else {
    printDiagnostics(io, diagnostics);
    if (options.quiet !== true) {
      io.out(`compiled ${result.devices.size} devices (${countRoles(result)}) into ${output}: ${result.files.size} device files, allocations.json, diagnostics.json\n`);
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

const ROLE_PLURALS: Readonly<Record<string, string>> = { spine: 'spines', leaf: 'leaves', border: 'borders' };

function countRoles(result: CompileResult): string {
  const counts = new Map<string, number>();
  for (const d of result.devices.values()) counts.set(d.role, (counts.get(d.role) ?? 0) + 1);
  return ['spine', 'leaf', 'border']
    .filter((role) => counts.has(role))
    .map((role) => {
      const count = counts.get(role) ?? 0;
      return `${count} ${count === 1 ? role : (ROLE_PLURALS[role] ?? role)}`;
    })
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
