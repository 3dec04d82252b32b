/**
 * Checks of rendered template output, per target: it must be well formed for its device, and
 * it must not touch what Weft itself generates (VLANs, VXLAN, VRFs, BGP), since Weft would
 * fight the template for it on every apply.
 */
import { DIAGNOSTIC_CODES as C, compareNatural, type DiagnosticCode } from '#domain';
import type { OwnershipRules } from './types.js';

export interface OutputProblem {
  readonly code: DiagnosticCode;
  readonly message: string;
}

export interface CheckedOutput {
  /** the text to ship (for configdb, canonical JSON with sorted keys) */
  readonly text: string;
  readonly problems: readonly OutputProblem[];
}

/** Enough to fix a template; a broken loop should not bury the user under thousands. */
const MAX_PROBLEMS_PER_OUTPUT = 20;

/** Trailing whitespace trimmed, no blank lines around, one trailing newline; empty stays empty. */
export function normalizeText(text: string): string {
  const lines = text.split(/\r\n|\r|\n/).map((line) => line.trimEnd());
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start] === '') start++;
  while (end > start && lines[end - 1] === '') end--;
  return start === end ? '' : `${lines.slice(start, end).join('\n')}\n`;
}

function capped(problems: readonly OutputProblem[]): OutputProblem[] {
  if (problems.length <= MAX_PROBLEMS_PER_OUTPUT) return [...problems];
  const kept = problems.slice(0, MAX_PROBLEMS_PER_OUTPUT);
  const code = kept[kept.length - 1]?.code ?? C.TEMPLATE_OUTPUT;
  return [...kept, { code, message: `and ${problems.length - MAX_PROBLEMS_PER_OUTPUT} more problems like these` }];
}

function quoted(line: string): string {
  return JSON.stringify(line);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return JSON.stringify(value);
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sortedKeys(value: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(value).sort(compareNatural);
}

/** A fresh object with no prototype, so a key such as `__proto__` stays plain data. */
function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** SONiC's config_db.json holds strings, and lists of strings for list fields (ACL_TABLE ports). */
type FieldValue = string | string[];

function isFieldValue(value: unknown): value is FieldValue {
  return typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string'));
}

function checkEntry(
  table: string,
  key: string,
  entry: unknown,
  problems: OutputProblem[],
): Record<string, FieldValue> | undefined {
  const where = `${table}[${quoted(key)}]`;
  if (!isObject(entry)) {
    problems.push({ code: C.TEMPLATE_OUTPUT, message: `${where} must be an object of fields, got ${describe(entry)}` });
    return undefined;
  }
  const fields = emptyRecord<FieldValue>();
  for (const field of sortedKeys(entry)) {
    const value = entry[field];
    if (isFieldValue(value)) fields[field] = value;
    else problems.push({ code: C.TEMPLATE_OUTPUT, message: `${where}.${field} must be a string or a list of strings, got ${describe(value)}` });
  }
  return fields;
}

function checkTable(
  table: string,
  entries: unknown,
  rules: OwnershipRules,
  problems: OutputProblem[],
): Record<string, Record<string, FieldValue>> | undefined {
  if (table === '') {
    problems.push({ code: C.TEMPLATE_OUTPUT, message: 'a table name is empty' });
    return undefined;
  }
  if (rules.configDbTableOwned(table)) {
    problems.push({ code: C.TEMPLATE_OWNED, message: `the output writes table ${table}, which Weft owns` });
    return undefined;
  }
  if (!isObject(entries)) {
    problems.push({ code: C.TEMPLATE_OUTPUT, message: `table ${table} must be an object of keys, got ${describe(entries)}` });
    return undefined;
  }
  const checked = emptyRecord<Record<string, FieldValue>>();
  for (const key of sortedKeys(entries)) {
    if (rules.configDbKeyOwned?.(table, key) === true) {
      problems.push({ code: C.TEMPLATE_OWNED, message: `the output writes ${table}|${key}, which Weft owns` });
      continue;
    }
    const fields = checkEntry(table, key, entries[key], problems);
    if (fields !== undefined) checked[key] = fields;
  }
  return checked;
}

/** configdb: a JSON object `{TABLE: {key: {field: "value"}}}` writing no table Weft owns. */
export function checkConfigDbOutput(text: string, rules: OwnershipRules): CheckedOutput {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return { text, problems: [{ code: C.TEMPLATE_OUTPUT, message: `the output is not JSON: ${reason}` }] };
  }
  if (!isObject(parsed)) {
    return { text, problems: [{ code: C.TEMPLATE_OUTPUT, message: `the output must be a JSON object of CONFIG_DB tables, got ${describe(parsed)}` }] };
  }
  const problems: OutputProblem[] = [];
  const tables = emptyRecord<Record<string, Record<string, FieldValue>>>();
  for (const table of sortedKeys(parsed)) {
    const checked = checkTable(table, parsed[table], rules, problems);
    if (checked !== undefined) tables[table] = checked;
  }
  return { text: `${JSON.stringify(tables, null, 2)}\n`, problems: capped(problems) };
}

/** frr: any FRR configuration except the statements Weft generates. */
export function checkFrrOutput(text: string, rules: OwnershipRules): CheckedOutput {
  const problems: OutputProblem[] = [];
  text.split('\n').forEach((line, index) => {
    const statement = line.trim();
    if (statement === '' || statement.startsWith('!')) return;
    if (rules.frrLineOwned(statement)) {
      problems.push({
        code: C.TEMPLATE_OWNED,
        message: `output line ${index + 1} ${quoted(statement)} configures what Weft owns`,
      });
    }
  });
  return { text, problems: capped(problems) };
}

function checkVyosLine(line: string, lineNumber: number, rules: OwnershipRules): OutputProblem | undefined {
  const where = `output line ${lineNumber} ${quoted(line)}`;
  let words: string[];
  try {
    words = rules.splitVyosCommand(line);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return { code: C.TEMPLATE_OUTPUT, message: `${where} does not tokenize: ${reason}` };
  }
  const verb = words[0];
  if ((verb !== 'set' && verb !== 'delete') || words.length < 2) {
    return { code: C.TEMPLATE_OUTPUT, message: `${where} is not a set or delete command` };
  }
  if (rules.vyosPathOwned(words)) {
    return { code: C.TEMPLATE_OWNED, message: `${where} changes configuration Weft owns` };
  }
  return undefined;
}

/** vyos: `set`/`delete` commands (and `#` comments) that leave Weft's configuration alone. */
export function checkVyosOutput(text: string, rules: OwnershipRules): CheckedOutput {
  const problems: OutputProblem[] = [];
  text.split('\n').forEach((line, index) => {
    const command = line.trim();
    if (command === '' || command.startsWith('#')) return;
    const problem = checkVyosLine(command, index + 1, rules);
    if (problem !== undefined) problems.push(problem);
  });
  return { text, problems: capped(problems) };
}
