/**
 * Reuse of rendered parts. The compiler gives a rebuilt switch the same intent objects for
 * what did not change (a port list, a VLAN, a VRF), so entries made from such an object are
 * kept by it and made once. They are frozen: the serializer keeps the text of a frozen entry or
 * table by its identity, which is sound only because nothing can change it afterwards.
 */
import type { ConfigDb, ConfigDbEntry, ConfigDbTable } from './config-db.js';

/** `make(key)` once per key object; the result lives as long as the key does. */
export function memoByIdentity<K extends object, V>(make: (key: K) => V): (key: K) => V {
  const cache = new WeakMap<K, V>();
  return (key: K): V => {
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const value = make(key);
    cache.set(key, value);
    return value;
  };
}

/** Entries, tables and the set of tables, frozen (entry values are strings here). */
export function frozenTables(db: ConfigDb): ConfigDb {
  for (const table of Object.values(db)) frozenTable(table);
  return Object.freeze(db);
}

export function frozenTable(table: ConfigDbTable): ConfigDbTable {
  for (const entry of Object.values(table)) Object.freeze(entry);
  return Object.freeze(table);
}

export function frozenEntry(entry: ConfigDbEntry): ConfigDbEntry {
  return Object.freeze(entry);
}
