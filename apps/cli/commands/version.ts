/** `weft version` (and `weft --version`). */
import type { CommandModule } from '../command.js';
import { EXIT_OK } from '../context.js';

export const WEFT_VERSION = '0.1.0';

export const versionCommand: CommandModule = {
  register(program, { io }, run) {
    program
      .command('version')
      .description('print the version of weft and of the Node.js running it')
      .option('--json', 'machine-readable output')
      .action((options: { json?: boolean }) =>
        run(() => {
          if (options.json === true) io.out(`${JSON.stringify({ weft: WEFT_VERSION, node: process.versions.node })}\n`);
          else io.out(`weft ${WEFT_VERSION} (node ${process.versions.node})\n`);
          return Promise.resolve(EXIT_OK);
        }),
      );
  },
};
