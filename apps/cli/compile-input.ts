/** Reading -f inputs, compiling them, and printing diagnostics: shared by the compile-family commands. */
import { readFile } from 'node:fs/promises';
import { styleText } from 'node:util';
import { parseAllocations, type Allocations } from '#allocator';
import { compile, type CompileResult } from '#compiler';
import { formatDiagnostic, groupResources, parseDocuments, sortDiagnostics, type Diagnostic } from '#domain';
import { loadPaths, pointAtFields } from '#loader';
import { UsageError, type Io } from './context.js';
import { count, type Progress } from './progress.js';

export interface Compiled {
  readonly result?: CompileResult;
  readonly diagnostics: Diagnostic[];
}

/** `earlier`: warnings about the earlier allocations.json, reported with the rest. */
export async function loadAndCompile(files: readonly string[], previous?: Allocations, earlier: readonly Diagnostic[] = [], progress?: Progress): Promise<Compiled> {
  if (files.length === 0) throw new UsageError('-f PATH is required (a file or a directory of YAML)');
  progress?.phase(`reading ${files.join(', ')}`);
  const loaded = await loadPaths(files);
  progress?.phase(`checking ${count(loaded.docs.length)} documents`);
  const parsed = parseDocuments(loaded.docs);
  const early = [...earlier, ...loaded.diagnostics, ...parsed.diagnostics];
  progress?.phase(`compiling ${count(parsed.resources.length)} objects`);
  const result = compile(groupResources(parsed.resources), previous === undefined ? {} : { previous });
  const located = await pointAtFields([...early, ...result.diagnostics], (file) => Promise.resolve(loaded.text(file)));
  return { result, diagnostics: sortDiagnostics(located) };
}

const SEVERITY_STYLE = { error: 'red', warning: 'yellow' } as const;

/** `error`/`warning` in red/yellow and the code in bold, when the stream takes colour. */
function styled(io: Io, d: Diagnostic): string {
  const text = formatDiagnostic(d);
  if (io.color !== true) return text;
  const head = `${d.severity} ${d.code}`;
  return `${styleText([SEVERITY_STYLE[d.severity], 'bold'], head, { validateStream: false })}${text.slice(head.length)}`;
}

export function printDiagnostics(io: Io, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) io.err(`${styled(io, d)}\n`);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  if (diagnostics.length > 0) io.err(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`);
}

/** An earlier allocations.json: a file that cannot be read is a usage error, bad JSON a diagnostic. */
export async function readPreviousAllocations(path: string): Promise<{ allocations?: Allocations; diagnostics: Diagnostic[] }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new UsageError(`${path}: cannot read the earlier allocations`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { diagnostics: [{ code: 'WF502', severity: 'error', path: `allocations ${path}`, message: `is not valid JSON: ${e instanceof Error ? e.message : String(e)}` }] };
  }
  return parseAllocations(value, path);
}

/** The device files `weft compile -o DIR` writes per switch directory. */
export const DEVICE_FILES = new Set(['config_db.json', 'frr.conf', 'vyos.set']);
