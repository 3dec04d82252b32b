/**
 * ConfigTemplate output for CONFIG_DB: JSON text of tables, already rendered and checked by the
 * templates library. Here it is only parsed and merged.
 */
import type { TemplateOutput } from '#domain';
import type { ConfigDb, ConfigDbEntry, ConfigDbTable } from './config-db.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFieldValue(value: unknown): value is string | string[] {
  return typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string'));
}

function parseEntry(value: unknown, where: string): ConfigDbEntry {
  if (!isRecord(value)) throw new Error(`${where} is not an object of fields`);
  const entry: ConfigDbEntry = {};
  for (const [field, fieldValue] of Object.entries(value)) {
    if (!isFieldValue(fieldValue)) throw new Error(`${where} field "${field}" is neither a string nor a list of strings`);
    entry[field] = fieldValue;
  }
  return entry;
}

function parseTable(value: unknown, where: string): ConfigDbTable {
  if (!isRecord(value)) throw new Error(`${where} is not an object of entries`);
  const table: ConfigDbTable = {};
  for (const [key, entry] of Object.entries(value)) table[key] = parseEntry(entry, `${where} entry "${key}"`);
  return table;
}

function parseTemplate(output: TemplateOutput): ConfigDb {
  const where = `ConfigTemplate ${output.template}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(output.text);
  } catch (error) {
    throw new Error(`${where}: its configdb output is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isRecord(parsed)) throw new Error(`${where}: its configdb output is not an object of tables`);
  const db: ConfigDb = {};
  for (const [table, value] of Object.entries(parsed)) db[table] = parseTable(value, `${where}: table ${table}`);
  return db;
}

/**
 * The CONFIG_DB tables of the device's configdb templates, merged in template-name order
 * (a later template replaces an entry an earlier one wrote), so input order does not matter.
 */
export function templateTables(templates: readonly TemplateOutput[]): ConfigDb {
  const configDbTemplates = templates
    .filter((output) => output.target === 'configdb')
    .sort((a, b) => (a.template === b.template ? 0 : a.template < b.template ? -1 : 1));
  const db: ConfigDb = {};
  for (const output of configDbTemplates) {
    for (const [table, entries] of Object.entries(parseTemplate(output))) db[table] = { ...db[table], ...entries };
  }
  return db;
}
