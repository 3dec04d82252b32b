/** How a command module plugs into the `weft` program. */
import type { Command } from 'commander';
import type { CliContext } from './context.js';

/** Each file in commands/ exports one of these; program.ts lists them. */
export interface CommandModule {
  register(program: Command, context: CliContext, run: Runner): void;
}

/** Runs a command body and records its exit code (commander's actions return nothing). */
export type Runner = (body: () => Promise<number>) => Promise<void>;

/** -f is repeatable: commander collects its values into a list. */
function collect(value: string, previous: readonly string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** `-f PATH`, as every command that reads resources takes it; read it with `files(options)`. */
export function withFilenames(command: Command): Command {
  return command.option('-f, --filename <path>', 'a file or a directory (every *.yaml, *.yml, *.json inside); repeatable', collect);
}

export function files(options: { readonly filename?: readonly string[] }): readonly string[] {
  return options.filename ?? [];
}
