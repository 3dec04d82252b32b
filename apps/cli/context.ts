/** What every `weft` command gets: where to print, and the service factory tests can swap. */
import type { CreateServices } from '../api/src/main.js';

export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;
/** a long-running command could not start or stopped on an error (the log says why) */
export const EXIT_FAILURE = 1;

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const STDIO: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

export interface MainOptions {
  /** builds the store and token services of `weft serve` on the migrated database */
  readonly createServices?: CreateServices;
  /** the environment commands read their configuration from (default: process.env) */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface CliContext {
  readonly io: Io;
  readonly options: MainOptions;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** A mistake in how the command was called: exit 2, with the message after `weft <command>: `. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
