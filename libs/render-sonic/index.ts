export type { ConfigDb, ConfigDbEntry, ConfigDbTable, ConfigDbValue } from './config-db.js';
export { serializeConfigDb } from './config-db.js';
export { isWeftOwnedConfigDbTable, WEFT_OWNED_CONFIGDB_TABLES } from './owned-tables.js';
export { renderConfigDb } from './render.js';
