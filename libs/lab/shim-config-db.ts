/**
 * CONFIG_DB as the shim reads it: Redis keys `TABLE|k1|k2` with hashes of string fields. A
 * leaf-list field is stored as `name@` with a comma-joined value; an entry without fields holds
 * the placeholder `NULL: NULL`.
 */
import { compareText } from '#domain';

export type RedisHash = Readonly<Record<string, string>>;

export interface ConfigDbEntry<Keys extends readonly string[] = readonly string[]> {
  readonly table: string;
  /** the key without the table, split on `|` */
  readonly keys: Keys;
  readonly fields: RedisHash;
}

export class ConfigDbView {
  private readonly tables = new Map<string, ConfigDbEntry[]>();

  /** `hashes`: Redis key -> hash, as HGETALL returns them. */
  constructor(hashes: ReadonlyMap<string, RedisHash>) {
    for (const [redisKey, fields] of hashes) {
      const [table, ...keys] = redisKey.split('|');
      // Stryker disable next-line ConditionalExpression: equivalent, split always gives a first piece
      if (table === undefined) continue;
      if (table === '' || keys.length === 0) continue;
      const list = this.tables.get(table) ?? [];
      list.push({ table, keys, fields });
      this.tables.set(table, list);
    }
    for (const list of this.tables.values()) list.sort((a, b) => compareKeys(a.keys, b.keys));
  }

  /** A table's entries, or those with one key (`VRF|Vrf1`) or two (`VLAN_MEMBER|Vlan1000|Ethernet0`). */
  entries(table: string, keyCount: 1): readonly ConfigDbEntry<readonly [string]>[];
  entries(table: string, keyCount: 2): readonly ConfigDbEntry<readonly [string, string]>[];
  entries(table: string, keyCount?: number): readonly ConfigDbEntry[];
  entries(table: string, keyCount?: number): readonly ConfigDbEntry[] {
    const list = this.tables.get(table) ?? [];
    return keyCount === undefined ? list : list.filter((e) => e.keys.length === keyCount);
  }

  get(table: string, ...keys: string[]): RedisHash | undefined {
    return this.entries(table, keys.length).find((e) => e.keys.every((k, i) => k === keys[i]))?.fields;
  }
}

function compareKeys(a: readonly string[], b: readonly string[]): number {
  return compareText(a.join('|'), b.join('|'));
}

/** A leaf-list field: `ports@` = "a,b" (or a plain `ports` field with the same text). */
export function listField(fields: RedisHash, name: string): string[] {
  const text = fields[`${name}@`] ?? fields[name];
  // an empty text splits into one empty piece, which the filter drops
  if (text === undefined) return [];
  return text.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** A decimal field within bounds, or undefined. */
export function intField(fields: RedisHash | undefined, name: string, min: number, max: number): number | undefined {
  const text = String(fields?.[name]);
  if (!/^[0-9]{1,10}$/.test(text)) return undefined;
  const value = Number(text);
  return value >= min && value <= max ? value : undefined;
}
