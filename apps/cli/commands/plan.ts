/** `weft plan -f PATH... --from DIR`: the per-device diff against an earlier compile. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatPlan, planFiles } from '#compiler';
import { hasErrors } from '#domain';
import type { CommandModule } from '../command.js';
import { files, withFilenames } from '../command.js';
import { DEVICE_FILES, loadAndCompile, printDiagnostics, readPreviousAllocations } from '../compile-input.js';
import { EXIT_INVALID, EXIT_OK, UsageError, type Io } from '../context.js';

interface Options {
  readonly filename?: string[];
  readonly from?: string;
  readonly json?: boolean;
}

export const planCommand: CommandModule = {
  register(program, { io }, run) {
    withFilenames(program.command('plan'))
      .description('per-device diff against an earlier compile in DIR')
      .option('--from <dir>', 'the output directory of an earlier `weft compile`')
      .option('--json', 'machine-readable output')
      .action((options: Options) => run(() => plan(options, io)));
  },
};

async function plan(options: Options, io: Io): Promise<number> {
  const from = options.from;
  if (from === undefined) throw new UsageError('--from DIR is required (the output directory of an earlier compile)');
  const before = await readDeviceFiles(from);
  const previous = before.hasAllocations ? await readPreviousAllocations(join(from, 'allocations.json')) : { diagnostics: [] };
  if (hasErrors(previous.diagnostics)) {
    printDiagnostics(io, previous.diagnostics);
    return EXIT_INVALID;
  }
  const { result, diagnostics } = await loadAndCompile(files(options), previous.allocations, previous.diagnostics);
  if (hasErrors(diagnostics) || result === undefined) {
    printDiagnostics(io, diagnostics);
    return EXIT_INVALID;
  }
  const plans = planFiles(before.files, result.files);
  if (options.json === true) io.out(`${JSON.stringify({ devices: plans }, null, 2)}\n`);
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
