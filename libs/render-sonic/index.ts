export type { ConfigDb, ConfigDbEntry, ConfigDbTable, ConfigDbValue } from './config-db.js';
export { serializeConfigDb } from './config-db.js';
export { isWeftOwnedConfigDbKey, isWeftOwnedConfigDbTable, WEFT_ACL_PREFIX, WEFT_OWNED_CONFIGDB_TABLES } from './owned-tables.js';
export { renderConfigDb } from './render.js';
export { claimedPortFields } from './port-hardware.js';
export { configDbText, spliceConfigDb } from './splice.js';
export { configDbTables, splicedEntries, type SplicedEntry } from './splice.js';
export type { SerializedTable } from './config-db.js';
