/**
 * CONFIG_DB as Redis holds it: one hash per key `TABLE|k1|k2`. An entry with no fields is stored
 * as `NULL: NULL` (SONiC's placeholder); a YANG leaf-list is stored as `field@` with a
 * comma-joined value. config_db.json writes the same data as `{TABLE: {"k1|k2": {field: value}}}`.
 */

export type Fields = Readonly<Record<string, string>>;
/** key (`VLAN|Vlan1000`) -> fields */
export type Entries = Readonly<Record<string, Fields>>;

/** SONiC's placeholder field for an entry that has no fields. */
export const NULL_FIELD = 'NULL';

export const KEY_SEPARATOR = '|';

/** A config_db.json that is not tables of entries of string fields: names the place. */
export class ConfigDbShapeError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'ConfigDbShapeError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function scalar(value: unknown, path: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new ConfigDbShapeError(path, `a field value must be a string, a number, a boolean or a list of strings, not ${value === null ? 'null' : typeof value}`);
}

/** config_db.json (as the Agent spec carries it) -> Redis entries, exactly as Redis will hold them; throws ConfigDbShapeError. */
export function entriesFromConfigDb(configDb: unknown): Entries {
  if (!isRecord(configDb)) throw new ConfigDbShapeError('configDb', 'must be an object of tables');
  const entries: Record<string, Fields> = {};
  for (const [table, rows] of Object.entries(configDb)) {
    if (table === '' || table.includes(KEY_SEPARATOR)) throw new ConfigDbShapeError(`configDb.${table}`, `a table name cannot be empty or contain "${KEY_SEPARATOR}"`);
    if (!isRecord(rows)) throw new ConfigDbShapeError(`configDb.${table}`, 'must be an object of entries');
    for (const [key, fields] of Object.entries(rows)) {
      const path = `configDb.${table}["${key}"]`;
      if (key === '') throw new ConfigDbShapeError(path, 'an entry key cannot be empty');
      if (!isRecord(fields)) throw new ConfigDbShapeError(path, 'must be an object of fields');
      const hash: Record<string, string> = {};
      for (const [field, value] of Object.entries(fields)) {
        if (Array.isArray(value)) hash[field.endsWith('@') ? field : `${field}@`] = value.map((item, i) => scalar(item, `${path}.${field}[${i}]`)).join(',');
        else hash[field] = scalar(value, `${path}.${field}`);
      }
      entries[`${table}${KEY_SEPARATOR}${key}`] = Object.keys(hash).length === 0 ? { [NULL_FIELD]: NULL_FIELD } : hash;
    }
  }
  return entries;
}

export function tableOf(key: string): string {
  const end = key.indexOf(KEY_SEPARATOR);
  return end < 0 ? key : key.slice(0, end);
}

/** The parts after the table name: `VLAN_INTERFACE|Vlan1000|10.1.0.1/24` -> [Vlan1000, 10.1.0.1/24]. */
export function keyParts(key: string): string[] {
  return key.split(KEY_SEPARATOR).slice(1);
}

/** The fields a person sees: without SONiC's `NULL` placeholder. */
export function visibleFields(fields: Fields | undefined): Fields {
  if (fields === undefined || !(NULL_FIELD in fields)) return fields ?? {};
  return withoutFields(fields, [NULL_FIELD]);
}

/** `fields` without the named ones. */
export function withoutFields(fields: Fields, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter(([name]) => !names.includes(name)));
}

export function sameFields(a: Fields, b: Fields): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => b[k] === a[k]);
}
