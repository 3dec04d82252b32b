/**
 * Reads resource documents from files and directories (every *.yaml / *.yml / *.json inside,
 * recursively, in name order). Multi-document YAML is split so each document keeps its line.
 * This is an adapter: it does I/O and turns what it reads into RawDocuments and diagnostics.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, relative, resolve } from 'node:path';
import yaml from 'js-yaml';
import { DIAGNOSTIC_CODES as C, compareText, error, type Diagnostic, type RawDocument } from '#domain';

export class LoaderUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LoaderUsageError';
  }
}

export { documentFieldLines, pointAtFields } from './field-lines.js';

const EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** `-f -`: the documents come from standard input (YAML or JSON; JSON is YAML too). */
export const STDIN = '-';
const STDIN_NAME = '<stdin>';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Expands paths into files; a path that does not exist is a usage error. */
export async function expandPaths(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    if (path === STDIN) {
      files.push(STDIN);
      continue;
    }
    let info;
    try {
      info = await stat(path);
    } catch {
      throw new LoaderUsageError(`${path}: no such file or directory`);
    }
    if (info.isDirectory()) files.push(...(await walk(path)));
    else files.push(path);
  }
  // the same file named twice (wiring/lab.yaml and ./wiring/lab.yaml) is read once
  const seen = new Set<string>();
  return files.filter((f) => {
    const key = f === STDIN ? STDIN : resolve(f);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const out: string[] = [];
  for (const entry of entries.sort((a, b) => compareText(a.name, b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else if (EXTENSIONS.has(extname(entry.name))) out.push(path);
  }
  return out;
}

/** Splits a YAML stream at `---` lines, keeping each document's first line number. */
export function splitYamlDocuments(text: string): { text: string; line: number }[] {
  const lines = text.split('\n');
  const docs: { text: string; line: number }[] = [];
  let start = 0;
  let current: string[] = [];
  const flush = (): void => {
    if (current.some((l) => l.trim() !== '' && !l.trimStart().startsWith('#'))) docs.push({ text: current.join('\n'), line: start + 1 });
    current = [];
  };
  lines.forEach((line, i) => {
    if (/^---(\s|$)/.test(line) || /^\.\.\.\s*$/.test(line)) {
      flush();
      start = i + 1;
      const rest = line.replace(/^---\s?/, '');
      if (line.startsWith('---') && rest.trim() !== '' && !rest.trimStart().startsWith('#')) {
        current.push(rest);
        start = i;
      }
      return;
    }
    current.push(line);
  });
  flush();
  return docs;
}

/** Parses one file's text into documents; syntax errors become diagnostics with file:line. */
export function parseFileText(text: string, file: string): { docs: RawDocument[]; diagnostics: Diagnostic[] } {
  const docs: RawDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  if (extname(file) === '.json') {
    try {
      const value: unknown = JSON.parse(text);
      const items = Array.isArray(value) ? value : isList(value) ? value.items : [value];
      items.forEach((item) => docs.push({ value: item, source: `${file}:1` }));
    } catch (e) {
      diagnostics.push({ ...error(C.PARSE, file, `is not valid JSON: ${e instanceof Error ? e.message : String(e)}`), source: `${file}:1` });
    }
    return { docs, diagnostics };
  }
  for (const chunk of splitYamlDocuments(text)) {
    try {
      const value = yaml.load(chunk.text, { filename: file, schema: yaml.CORE_SCHEMA });
      if (value === null || value === undefined) continue;
      const items = isList(value) ? value.items : [value];
      for (const item of items) docs.push({ value: item, source: `${file}:${chunk.line}` });
    } catch (e) {
      const mark = e instanceof yaml.YAMLException ? e.mark : undefined;
      const line = chunk.line + (mark?.line ?? 0);
      const reason = e instanceof yaml.YAMLException ? e.reason : e instanceof Error ? e.message : String(e);
      diagnostics.push({ ...error(C.PARSE, `${file}:${line}`, `is not valid YAML: ${reason}`), source: `${file}:${line}` });
    }
  }
  return { docs, diagnostics };
}

function isList(value: unknown): value is { items: unknown[] } {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'List' && Array.isArray((value as { items?: unknown }).items);
}

export interface LoadResult {
  readonly docs: RawDocument[];
  readonly diagnostics: Diagnostic[];
  readonly files: string[];
  /** the text read for a file, by the name its diagnostics carry (for pointAtFields) */
  readonly text: (name: string) => string | undefined;
}

export async function loadPaths(paths: readonly string[], cwd = process.cwd()): Promise<LoadResult> {
  const files = await expandPaths(paths);
  const docs: RawDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  const texts = new Map<string, string>();
  for (const file of files) {
    let text: string;
    try {
      text = file === STDIN ? await readStdin() : await readFile(file, 'utf8');
    } catch (e) {
      throw new LoaderUsageError(`${file}: cannot be read (${e instanceof Error ? e.message : String(e)})`);
    }
    const relativeName = relative(cwd, file) || file;
    const shown = file === STDIN ? STDIN_NAME : relativeName.startsWith('..') ? file : relativeName;
    texts.set(shown, text);
    const parsed = parseFileText(text, shown);
    docs.push(...parsed.docs);
    diagnostics.push(...parsed.diagnostics);
  }
  return { docs, diagnostics, files, text: (name) => texts.get(name) };
}
