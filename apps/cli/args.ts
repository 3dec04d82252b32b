/** A small argument parser: the CLI has few flags and exact usage errors matter more than features. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface ParsedArgs {
  readonly command: string | undefined;
  readonly files: string[];
  readonly positional: string[];
  readonly flags: Map<string, string | true>;
}

const WITH_VALUE = new Set(['-f', '--filename', '-o', '--output', '-a', '--allocations', '--from', '-n', '--namespace', '--switch', '--kubeconfig']);
const BOOLEAN = new Set(['--json', '-h', '--help', '--version', '-q', '--quiet', '--release-quarantine']);

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const files: string[] = [];
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  let command: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i] ?? '';
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
    const arg = eq > 0 ? raw.slice(0, eq) : raw;
    if (WITH_VALUE.has(arg)) {
      const value = eq > 0 ? raw.slice(eq + 1) : argv[++i];
      if (value === undefined || value === '') throw new UsageError(`${arg} needs a value`);
      if (arg === '-f' || arg === '--filename') files.push(value);
      else flags.set(canonical(arg), value);
    } else if (BOOLEAN.has(arg)) {
      flags.set(canonical(arg), true);
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option ${arg}`);
    } else if (command === undefined) {
      command = arg;
    } else {
      positional.push(arg);
    }
  }
  return { command, files, positional, flags };
}

function canonical(flag: string): string {
  switch (flag) {
    case '-o':
      return '--output';
    case '-a':
      return '--allocations';
    case '-n':
      return '--namespace';
    case '-h':
      return '--help';
    case '-q':
      return '--quiet';
    default:
      return flag;
  }
}
