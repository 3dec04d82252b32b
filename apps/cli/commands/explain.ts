/** `weft explain -f PATH... vpc/NAME | switch/NAME | connection/NAME`: which rule chose what, and every number. */
import { explainConnection, explainSwitch, explainVpc, type CompileResult } from '#compiler';
import { hasErrors } from '#domain';
import type { CommandModule } from '../command.js';
import { files, withFilenames } from '../command.js';
import { loadAndCompile, printDiagnostics } from '../compile-input.js';
import { EXIT_INVALID, EXIT_OK, UsageError, type Io } from '../context.js';
import { formatConnectionExplanation, formatSwitchExplanation, formatVpcExplanation } from '../format.js';

interface Options {
  readonly filename?: string[];
  readonly namespace?: string;
  readonly json?: boolean;
}

export const explainCommand: CommandModule = {
  register(program, { io }, run) {
    withFilenames(program.command('explain'))
      .description('which policy rule chose what, and every number allocated')
      .argument('<target>', 'vpc/NAME, switch/NAME or connection/NAME')
      .option('-n, --namespace <ns>', 'namespace of vpc/NAME (default: the only match, or "default")')
      .option('--json', 'machine-readable output')
      .action((target: string, options: Options) => run(() => explain(target, options, io)));
  },
};

async function explain(target: string, options: Options, io: Io): Promise<number> {
  const slash = target.indexOf('/');
  const kind = target.slice(0, slash).toLowerCase();
  const name = target.slice(slash + 1);
  if (slash < 0 || name === '' || !['vpc', 'switch', 'sw', 'connection', 'conn'].includes(kind)) throw new UsageError(`${target}: expected vpc/NAME, switch/NAME or connection/NAME`);
  const { result, diagnostics } = await loadAndCompile(files(options));
  if (result === undefined) return EXIT_INVALID;
  const json = options.json === true;
  if (kind === 'vpc') {
    const key = resolveVpcKey(result, name, options.namespace);
    const explanation = key === undefined ? undefined : explainVpc(result, key);
    if (explanation === undefined) {
      printDiagnostics(io, diagnostics);
      io.err(`weft explain: no VPC ${name}${options.namespace === undefined ? '' : ` in namespace ${options.namespace}`}\n`);
      return EXIT_INVALID;
    }
    io.out(json ? `${JSON.stringify(explanation, null, 2)}\n` : formatVpcExplanation(explanation));
  } else if (kind === 'connection' || kind === 'conn') {
    const explanation = explainConnection(result, name);
    if (explanation === undefined) {
      printDiagnostics(io, diagnostics);
      io.err(`weft explain: no Connection ${name}\n`);
      return EXIT_INVALID;
    }
    io.out(json ? `${JSON.stringify(explanation, null, 2)}\n` : formatConnectionExplanation(explanation));
  } else {
    const explanation = explainSwitch(result, name);
    if (explanation === undefined) {
      printDiagnostics(io, diagnostics);
      io.err(`weft explain: no Switch ${name}${result.state.fabric.switches.has(name) ? ' compiled (see the errors above)' : ''}\n`);
      return EXIT_INVALID;
    }
    io.out(json ? `${JSON.stringify(explanation, null, 2)}\n` : formatSwitchExplanation(explanation));
  }
  if (!json) printDiagnostics(io, diagnostics.filter((d) => d.severity === 'error'));
  return hasErrors(diagnostics) ? EXIT_INVALID : EXIT_OK;
}

function resolveVpcKey(result: CompileResult, name: string, namespace: string | undefined): string | undefined {
  if (name.includes('/')) return name;
  const keys = result.state.resources.vpcs.map((v) => `${v.metadata.namespace ?? 'default'}/${v.metadata.name}`);
  if (namespace !== undefined) return keys.find((k) => k === `${namespace}/${name}`);
  const matches = keys.filter((k) => k.endsWith(`/${name}`));
  if (matches.length === 1) return matches[0];
  return matches.find((k) => k === `default/${name}`);
}
