/**
 * `weft serve`: the API until SIGTERM/SIGINT. Its configuration is the environment. The service
 * modules load only here, so the other commands do not pay for Nest and PostgreSQL.
 */
import type { CommandModule } from '../command.js';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliContext } from '../context.js';

export const serveCommand: CommandModule = {
  register(program, context, run) {
    program
      .command('serve')
      .description('the API on PORT (default 8080); reads HOST, WEFT_DATA, DATABASE_URL, WEFT_ADMIN_TOKEN, LOG_LEVEL')
      .allowExcessArguments(true)
      .allowUnknownOption(true)
      .action((_options: unknown, command: { args: string[] }) =>
        run(async () => {
          if (command.args.length > 0) throw new UsageError('serve takes no arguments: it reads PORT, HOST, WEFT_DATA, DATABASE_URL, WEFT_ADMIN_TOKEN and LOG_LEVEL');
          return serve(context);
        }),
      );
  },
};

async function serve({ io, options, env }: CliContext): Promise<number> {
  const { ConfigError, loadConfig } = await import('../../api/src/config.js');
  let config;
  try {
    config = loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.message);
    throw e;
  }
  const { serve: start } = await import('../../api/src/main.js');
  const { createStoreServices } = await import('../../api/src/services.js');
  let running;
  try {
    running = await start(config, options.services ?? createStoreServices, {
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
