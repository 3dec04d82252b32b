/**
 * Who owns what in CONFIG_DB. Three kinds of table:
 * - owned whole (`VLAN`, `VXLAN_TUNNEL_MAP`, ...): what Weft does not want there is removed;
 * - merged (`PORT`, `DEVICE_METADATA`): the entry is the platform's too. Weft sets its own fields,
 *   fills the platform's fields (`lanes`, `speed`) only when it creates the entry, and never
 *   removes the entry;
 * - any other table (what a ConfigTemplate adds: `NTP_SERVER`, `SYSLOG_SERVER`): Weft owns the
 *   keys it wrote, known from the record of what it applied, and nothing else.
 */

export interface MergedTable {
  /** fields that belong to the platform: written only when Weft creates the entry, never changed */
  readonly platformFields: readonly string[];
}

export interface Ownership {
  /** tables Weft owns whole */
  readonly tables: readonly string[];
  /** prefixes of tables Weft owns whole (`BGP_`: a newer SONiC may add BGP tables) */
  readonly tablePrefixes: readonly string[];
  /** tables whose entries Weft shares with the platform */
  readonly merged: Readonly<Record<string, MergedTable>>;
  /** platform fields the wiring sets, by key (`PORT|Ethernet0` -> `speed`): Weft's for that entry */
  readonly claimed?: Readonly<Record<string, readonly string[]>>;
}

export type TableOwnership = { readonly kind: 'owned' } | { readonly kind: 'merged'; readonly platformFields: ReadonlySet<string> } | { readonly kind: 'recorded' };

/** Who owns `table`; for a merged table's `key`, the platform fields the wiring claims are Weft's. */
export function tableOwnership(ownership: Ownership, table: string, key?: string): TableOwnership {
  const merged = ownership.merged[table];
  if (merged !== undefined) {
    const claimed = key === undefined ? undefined : ownership.claimed?.[key];
    return { kind: 'merged', platformFields: new Set(claimed === undefined ? merged.platformFields : merged.platformFields.filter((f) => !claimed.includes(f))) };
  }
  if (ownership.tables.includes(table) || ownership.tablePrefixes.some((prefix) => table.startsWith(prefix))) return { kind: 'owned' };
  return { kind: 'recorded' };
}

/**
 * Fields of a PORT entry that describe the hardware. render-sonic synthesises them so that
 * config_db.json validates (ADR 5); on a switch the platform's values stand.
 */
export const PORT_PLATFORM_FIELDS: readonly string[] = ['lanes', 'speed', 'alias', 'index', 'fec', 'autoneg'];

/**
 * What Weft owns on a SONiC switch: render-sonic's tables; PORT, DEVICE_METADATA and BREAKOUT_CFG
 * merged. A cage's breakout mode is written where the switch has none and never changed: SONiC
 * changes it only through dynamic port breakout, which re-creates the cage's PORT entries.
 * `claimed`: the platform fields the switch's portSettings set (render-sonic claimedPortFields).
 */
export function weftOwnership(ownedTables: readonly string[], claimed: Readonly<Record<string, readonly string[]>> = {}): Ownership {
  const merged: Record<string, MergedTable> = {
    PORT: { platformFields: PORT_PLATFORM_FIELDS },
    DEVICE_METADATA: { platformFields: [] },
    BREAKOUT_CFG: { platformFields: ['brkout_mode'] },
  };
  return { tables: ownedTables.filter((t) => !(t in merged)), tablePrefixes: ['BGP_'], merged, claimed };
}
