/**
 * The shape of a SONiC config_db.json and its deterministic text form. A CONFIG_DB key
 * `TABLE|k1|k2` with a hash of fields is written as `{"TABLE": {"k1|k2": {"field": "value"}}}`;
 * a YANG leaf-list is a JSON array of strings.
 */

import { compareNatural } from '#domain';

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
function entryLine(key: string, entry: ConfigDbEntry): string {
  if (!Object.isFrozen(entry)) return `${ENTRY_INDENT}${JSON.stringify(key)}: ${entryText(entry, ENTRY_INDENT)}`;
  const hit = entryLines.get(entry);
  if (hit?.key === key) return hit.line;
  const line = `${ENTRY_INDENT}${JSON.stringify(key)}: ${entryText(entry, ENTRY_INDENT)}`;
  entryLines.set(entry, { key, line });
  return line;
}

function tableText(table: ConfigDbTable, indent: string): string {
  if (indent !== TABLE_INDENT) return objectText(table, indent, entryText);
  if (!Object.isFrozen(table)) return tableBody(table);
  let text = tableTexts.get(table);
  if (text === undefined) {
    text = tableBody(table);
    tableTexts.set(table, text);
  }
  return text;
}

/** objectText of a table at TABLE_INDENT, from the entries' lines. */
function tableBody(table: ConfigDbTable): string {
  const keys = Object.keys(table);
  if (keys.length === 0) return '{}';
  if (keys.length > 1) keys.sort(compareNatural);
  let text = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    text += `${i === 0 ? '\n' : ',\n'}${entryLine(key, table[key] as ConfigDbEntry)}`;
  }
  return `${text}\n${TABLE_INDENT}}`;
}

/** Deterministic config_db.json text: tables, keys and fields in natural order, 2-space indent. */
export function serializeConfigDb(db: ConfigDb): string {
  return `${objectText(db, '', tableText)}\n`;
}
