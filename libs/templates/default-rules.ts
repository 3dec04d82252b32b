/**
 * What Weft owns, as the renderers define it: the rules renderSwitchTemplates uses in the
 * compiler. A `delete` is refused not only inside an owned subtree but also above one
 * (`delete protocols` would take Weft's BGP with it).
 */
import { frrStatementOwned } from '#render-frr';
import { isWeftOwnedConfigDbKey, isWeftOwnedConfigDbTable } from '#render-sonic';
import { splitVyosCommand, vyosPathOverlapsOwned, vyosPathOwned } from '#render-vyos';
import type { OwnershipRules } from './types.js';

export const DEFAULT_OWNERSHIP_RULES: OwnershipRules = {
  configDbTableOwned: (table) => isWeftOwnedConfigDbTable(table),
  configDbKeyOwned: (table, key) => isWeftOwnedConfigDbKey(table, key),
  frrLineOwned: (line) => frrStatementOwned(line),
  vyosPathOwned: (words) => (words[0] === 'delete' ? vyosPathOverlapsOwned(words) : vyosPathOwned(words)),
  splitVyosCommand: (line) => splitVyosCommand(line),
};
