/** The `weft` program: one commander Command, with every command module registered on it. */
import { Command, type OutputConfiguration } from 'commander';
import type { CommandModule, Runner } from './command.js';
import { agentCommand } from './commands/agent.js';
import { dhcpCommand } from './commands/dhcp.js';
import { compileCommand } from './commands/compile.js';
import { dbCommand } from './commands/db.js';
import { completionCommand } from './commands/completion.js';
import { controllerCommand } from './commands/controller.js';
import { devCommand } from './commands/dev.js';
import { explainCommand } from './commands/explain.js';
import { inspectCommand } from './commands/inspect.js';
import { labCommand } from './commands/lab.js';
import { planCommand } from './commands/plan.js';
import { serveCommand } from './commands/serve.js';
import { validateCommand } from './commands/validate.js';
import { versionCommand, WEFT_VERSION } from './commands/version.js';
import { EXIT_USAGE, type CliContext } from './context.js';

/** In the order `weft --help` lists them. */
const COMMANDS: readonly CommandModule[] = [validateCommand, compileCommand, explainCommand, inspectCommand, planCommand, serveCommand, labCommand, versionCommand, completionCommand, dbCommand, devCommand, controllerCommand, agentCommand, dhcpCommand];

/** Commands of the design that this build does not have yet: each says so, with exit 2. */
const NOT_YET: readonly string[] = [];

/** Help and errors go to the context's streams; errors start with `weft <command>: `, as ours do. */
function output({ io }: CliContext, prefix: string): OutputConfiguration {
  return {
    writeOut: (text) => {
      io.out(text);
    },
    writeErr: (text) => {
      io.err(text);
    },
    outputError: (text, write) => {
      write(`${prefix}: ${text.replace(/^error: /, '')}`);
    },
  };
}

export function createProgram(context: CliContext, run: Runner): Command {
  const program = new Command('weft')
    .usage('<command> [options]')
    .description('Weft: tenants ask for VPCs; Weft compiles SONiC, FRR and VyOS configuration.\nExit status: 0 valid, 1 invalid input (diagnostics printed), 2 usage error.')
    .version(WEFT_VERSION, '--version', 'print the version')
    .helpOption('-h, --help', 'this text')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput(output(context, 'weft'));
  for (const module of COMMANDS) module.register(program, context, run);
  for (const name of NOT_YET) {
    program
      .command(name, { hidden: true })
      .allowUnknownOption(true)
      .allowExcessArguments(true)
      .action(() =>
        run(() => {
          context.io.err(`weft ${name}: not part of this build yet\n`);
          return Promise.resolve(EXIT_USAGE);
        }),
      );
  }
  // every subcommand reports errors and help like the program does
  for (const command of program.commands) {
    command.exitOverride().configureOutput(output(context, `weft ${command.name()}`));
  }
  return program;
}
