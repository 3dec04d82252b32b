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
 * switch is written once. Entries sit at one indent in a config_db.json, tables at another.
 */
const entryTexts = new WeakMap<ConfigDbEntry, string>();
const tableTexts = new WeakMap<ConfigDbTable, string>();
const ENTRY_INDENT = '    ';
const TABLE_INDENT = '  ';

function entryText(entry: ConfigDbEntry, indent: string): string {
  if (indent !== ENTRY_INDENT || !Object.isFrozen(entry)) return objectText(entry, indent, valueText);
  let text = entryTexts.get(entry);
  if (text === undefined) {
    text = objectText(entry, indent, valueText);
    entryTexts.set(entry, text);
  }
  return text;
}

function tableText(table: ConfigDbTable, indent: string): string {
  if (indent !== TABLE_INDENT || !Object.isFrozen(table)) return objectText(table, indent, entryText);
  let text = tableTexts.get(table);
  if (text === undefined) {
    text = objectText(table, indent, entryText);
    tableTexts.set(table, text);
  }
  return text;
}

/** Deterministic config_db.json text: tables, keys and fields in natural order, 2-space indent. */
export function serializeConfigDb(db: ConfigDb): string {
  return `${objectText(db, '', tableText)}\n`;
}
