/** `weft validate -f PATH...`: every problem, with where it is; no files written. */
import { hasErrors } from '#domain';
import type { CommandModule } from '../command.js';
import { files, withFilenames } from '../command.js';
import { loadAndCompile, printDiagnostics } from '../compile-input.js';
import { EXIT_INVALID, EXIT_OK } from '../context.js';

interface Options {
  readonly filename?: string[];
  readonly json?: boolean;
  readonly quiet?: boolean;
}

export const validateCommand: CommandModule = {
  register(program, { io }, run) {
    withFilenames(program.command('validate'))
      .description('check wiring, policy and intents; print every problem')
      .option('--json', 'machine-readable output')
      .option('-q, --quiet', 'print diagnostics only')
      .action((options: Options) =>
        run(async () => {
          const { diagnostics, result } = await loadAndCompile(files(options));
          if (options.json === true) io.out(`${JSON.stringify({ valid: !hasErrors(diagnostics), diagnostics }, null, 2)}\n`);
          else {
            printDiagnostics(io, diagnostics);
            if (!hasErrors(diagnostics) && options.quiet !== true) io.out(`valid: ${result?.devices.size ?? 0} devices, ${result?.vpcStatus.size ?? 0} VPCs\n`);
          }
          return hasErrors(diagnostics) ? EXIT_INVALID : EXIT_OK;
        }),
      );
  },
};
