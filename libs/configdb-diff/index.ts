export { ConfigDbShapeError, KEY_SEPARATOR, NULL_FIELD, entriesFromConfigDb, keyParts, sameFields, tableOf, visibleFields, withoutFields, type Entries, type Fields } from './entries.js';
export { RANK, isInterfaceTable, keyRank, type Rank } from './order.js';
export { PORT_PLATFORM_FIELDS, tableOwnership, weftOwnership, type MergedTable, type Ownership, type TableOwnership } from './ownership.js';
export { applyWrites, planConfigDb, recordIntent, type ConfigDbPlan, type KeyChange, type PlanInput, type RedisWrite, type WriteGroup } from './plan.js';
export { breakoutConflicts } from './breakout.js';
