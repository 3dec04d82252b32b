/** Runs a program without a shell and collects what it said; never throws for a non-zero exit. */
import { execFile } from 'node:child_process';

export interface CommandResult {
  /** the exit status; null when killed (a timeout) */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** the program could not be started (ENOENT: not installed) */
  readonly spawnError?: string;
}

export interface CommandOptions {
  readonly timeoutMs?: number;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const MAX_OUTPUT = 64 * 1024 * 1024;

export function run(argv: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
  const [program, ...args] = argv;
  if (program === undefined) return Promise.resolve({ code: null, stdout: '', stderr: '', spawnError: 'no program given' });
  return new Promise((resolve) => {
    execFile(program, args, { timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, maxBuffer: MAX_OUTPUT, encoding: 'utf8', env: options.env === undefined ? process.env : { ...process.env, ...options.env } }, (error, stdout, stderr) => {
      if (error === null) {
        resolve({ code: 0, stdout, stderr });
        return;
      }
      const code = typeof error.code === 'number' ? error.code : null;
      const spawnError = typeof error.code === 'string' ? `${program}: ${error.code === 'ENOENT' ? 'not found' : error.code}` : undefined;
      resolve({ code, stdout, stderr, ...(spawnError === undefined ? {} : { spawnError }) });
    });
  });
}

/** The last lines of what a command said, for an error message. */
export function tail(text: string, lines = 5): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .slice(-lines);
}
