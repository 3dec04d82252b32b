/**
 * The `weft` command line. Exit 0 on success, 1 when the input is invalid (diagnostics printed),
 * 2 on usage errors. Commands live in commands/, one per file; program.ts lists them.
 */
import { CommanderError } from 'commander';
import { LoaderUsageError } from '#loader';
import { EXIT_OK, EXIT_USAGE, STDIO, UsageError, type Io, type MainOptions } from './context.js';
import { createProgram } from './program.js';

export { EXIT_FAILURE, EXIT_INVALID, EXIT_OK, EXIT_USAGE, type Io, type MainOptions } from './context.js';

export async function main(argv: readonly string[], io: Io = STDIO, options: MainOptions = {}): Promise<number> {
  let exitCode = EXIT_OK;
  let current = '';
  const program = createProgram({ io, options, env: options.env ?? process.env }, async (body) => {
    exitCode = await body();
  });
  program.hook('preAction', (_program, action) => {
    current = action.name();
  });
  if (argv.length === 0) {
    io.err(program.helpInformation());
    return EXIT_USAGE;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    if (e instanceof UsageError || e instanceof LoaderUsageError) {
      io.err(`weft ${current}: ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
  return exitCode;
}
