/**
 * The shape of a SONiC config_db.json and its deterministic text form. A CONFIG_DB key
 * `TABLE|k1|k2` with a hash of fields is written as `{"TABLE": {"k1|k2": {"field": "value"}}}`;
 * a YANG leaf-list is a JSON array of strings.
 */

import { compareNatural, type SortedItems } from '#domain';

export type ConfigDbValue = string | string[];
export type ConfigDbEntry = Record<string, ConfigDbValue>;
export type ConfigDbTable = Record<string, ConfigDbEntry>;
export type ConfigDb = Record<string, ConfigDbTable>;

/** Same layout as JSON.stringify(value, null, 2), but with keys in natural order. */
function objectText<T>(record: Record<string, T>, indent: string, valueText: (value: T, indent: string) => string): string {
  const keys = Object.keys(record);
  if (keys.length === 0) return '{}';
  if (keys.length > 1) keys.sort(compareNatural);
  const inner = `${indent}  `;
  let text = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    text += `${i === 0 ? '\n' : ',\n'}${inner}${JSON.stringify(key)}: ${valueText(record[key] as T, inner)}`;
  }
  return `${text}\n${indent}}`;
}

/** Leaf-lists keep their order: some are `ordered-by user` in the YANG models. */
function valueText(value: ConfigDbValue, indent: string): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value.length === 0) return '[]';
  const inner = `${indent}  `;
  return `[\n${value.map((item) => `${inner}${JSON.stringify(item)}`).join(',\n')}\n${indent}]`;
}

/**
 * Texts of frozen entries and tables, by identity (see memo.ts): an unchanged VLAN of a rebuilt
 * switch is written once. Tables sit at one indent in a config_db.json, entries at another.
 */
const entryLines = new WeakMap<ConfigDbEntry, { readonly key: string; readonly line: string }>();
const tableTexts = new WeakMap<ConfigDbTable, string>();
const ENTRY_INDENT = '    ';
const TABLE_INDENT = '  ';

function entryText(entry: ConfigDbEntry, indent: string): string {
  return objectText(entry, indent, valueText);
}

/** `    "key": {...}`: an entry of a table as it stands in the file. */
export function entryLine(key: string, entry: ConfigDbEntry): string {
  if (!Object.isFrozen(entry)) return lineOf(key, entry);
  const hit = entryLines.get(entry);
  if (hit?.key === key) return hit.line;
  const line = lineOf(key, entry);
  entryLines.set(entry, { key, line });
  return line;
}

/**
 * One flat string (joined, not concatenated): a table's text is a rope of its lines, and
 * whoever reads the file (the agents' hash, a socket) then copies each line in one go instead
 * of walking a dozen small pieces per entry, on every render that keeps the line.
 */
function lineOf(key: string, entry: ConfigDbEntry): string {
  return [ENTRY_INDENT, JSON.stringify(key), ': ', entryText(entry, ENTRY_INDENT)].join('');
}

/** A table at TABLE_INDENT, from its entries' lines in key order. */
export function tableTextOf(lines: readonly string[]): string {
  if (lines.length === 0) return '{}';
  // concatenated, not joined: the text shares the kept lines instead of copying them
  let text = `{\n${lines[0] as string}`;
  for (let i = 1; i < lines.length; i++) text += `,\n${lines[i] as string}`;
  return `${text}\n${TABLE_INDENT}}`;
}

/**
 * A table's text and, unless it is frozen (its text is kept by identity), its keys in natural
 * order with the line of each entry: what a later render of the same switch splices.
 */
export interface SerializedTable {
  readonly text: string;
  readonly entries?: SortedItems<string, string>;
}

export interface SerializedConfigDb {
  readonly text: string;
  /** every table of the file, by name */
  readonly tables: ReadonlyMap<string, SerializedTable>;
}

function serializeTable(table: ConfigDbTable): SerializedTable {
  if (Object.isFrozen(table)) {
    let text = tableTexts.get(table);
    if (text === undefined) {
      text = tableTextOf(sortedLines(table).values);
      tableTexts.set(table, text);
    }
    return { text };
  }
  const entries = sortedLines(table);
  return { text: tableTextOf(entries.values), entries };
}

function sortedLines(table: ConfigDbTable): SortedItems<string, string> {
  const keys = Object.keys(table);
  if (keys.length > 1) keys.sort(compareNatural);
  return { keys, values: keys.map((key) => entryLine(key, table[key] as ConfigDbEntry)) };
}

/** The file from its tables' texts: tables in natural order, 2-space indent. */
export function configDbTextOf(tables: ReadonlyMap<string, SerializedTable>): string {
  if (tables.size === 0) return '{}\n';
  const names = [...tables.keys()].sort(compareNatural);
  let text = '{';
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    text += `${i === 0 ? '\n' : ',\n'}${TABLE_INDENT}${JSON.stringify(name)}: ${(tables.get(name) as SerializedTable).text}`;
  }
  return `${text}\n}\n`;
}

/** The text of a config_db.json with what a splice of the next render of its switch needs. */
export function serializeConfigDbTables(db: ConfigDb): SerializedConfigDb {
  const tables = new Map<string, SerializedTable>();
  for (const name of Object.keys(db)) tables.set(name, serializeTable(db[name] as ConfigDbTable));
  return { text: configDbTextOf(tables), tables };
}

/** Deterministic config_db.json text: tables, keys and fields in natural order, 2-space indent. */
export function serializeConfigDb(db: ConfigDb): string {
  return serializeConfigDbTables(db).text;
}
