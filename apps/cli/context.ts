/** What every `weft` command gets: where to print, and the service factory tests can swap. */
import type { ServiceSetup } from '../api/src/main.js';

export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;
/** a long-running command could not start or stopped on an error (the log says why) */
export const EXIT_FAILURE = 1;

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** colour the diagnostics on err: only on a terminal, and never with NO_COLOR set */
  readonly color?: boolean;
  /** err is a terminal: long work may show its progress there (progress.ts) */
  readonly interactive?: boolean;
}

/** https://no-color.org: any non-empty NO_COLOR turns colour off; FORCE_COLOR=0 too. */
export function wantsColor(stream: { readonly isTTY?: boolean }, env: Readonly<Record<string, string | undefined>>): boolean {
  if ((env.NO_COLOR ?? '') !== '' || env.FORCE_COLOR === '0') return false;
  return stream.isTTY === true || (env.FORCE_COLOR ?? '') !== '';
}

export const STDIO: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  color: wantsColor(process.stderr, process.env),
  interactive: process.stderr.isTTY,
};

export interface MainOptions {
  /** how `weft serve` sets the store up (default: seeded with the sample fabric) */
  readonly services?: ServiceSetup;
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
