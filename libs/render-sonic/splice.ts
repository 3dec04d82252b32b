/**
 * config_db.json of a switch rebuilt by a recompile, from its earlier text. When only VLANs and
 * VRFs differ from the earlier DeviceIntent, the tables they write are spliced: the entries of
 * the VLANs and VRFs gone are taken out of the earlier sorted lines and those of the new ones
 * put in, so a change to a few VPCs costs what it touches, not the switch's hundreds of entries.
 * The result is byte for byte `serializeConfigDb(renderConfigDb(device))`; anything a splice
 * cannot prove the same (other templates, a template's entries in a spliced table, a tie in the
 * sort, an error) renders in full.
 */
import { NO_SORTED_ITEMS, changedItems, compareNatural, spliceSorted, type DeviceIntent, type SortedItems, type TemplateOutput } from '#domain';
import { configDbTextOf, entryLine, serializeConfigDbTables, tableTextOf, type SerializedConfigDb, type SerializedTable } from './config-db.js';
import { renderConfigDb } from './render.js';
import { templateTables } from './template-tables.js';
import type { ConfigDbEntry } from './config-db.js';
import { usesAnycastGateway, vlanRows, vrfRows, type ConfigDbRow } from './tables.js';

interface Rendering {
  readonly file: SerializedConfigDb;
  /** VLANs using the anycast gateway: SAG|GLOBAL is there while there is one */
  readonly anycastUsers: number;
}

/** The rendering of each device rendered here that a later one may be spliced from. */
const renderings = new WeakMap<DeviceIntent, Rendering>();

/** An entry a splice took out, put in, or both (same table and key): what the switch's plan shows. */
export interface SplicedEntry {
  readonly table: string;
  readonly key: string;
  readonly before?: ConfigDbEntry;
  readonly after?: ConfigDbEntry;
}

/** Each spliced rendering's entries, by the DeviceIntent it was spliced from. */
const spliced = new WeakMap<DeviceIntent, { readonly previous: WeakRef<DeviceIntent>; readonly entries: readonly SplicedEntry[] }>();

/**
 * The entries that differ between the config_db.json of `previous` and that of `device`, when
 * the latter was spliced from the former: no text is read. Undefined when it was rendered in full.
 */
export function splicedEntries(device: DeviceIntent, previous: DeviceIntent): readonly SplicedEntry[] | undefined {
  const record = spliced.get(device);
  // by a weak reference: a device must not keep every device it was spliced from alive
  return record?.previous.deref() === previous ? record.entries : undefined;
}

/**
 * Device fields a config_db.json does not read, or reads from the spliced lists. Every other
 * field must be the same (by identity, or as checked in `sameSwitch`) for a splice.
 */
const NOT_READ = new Set(['vlans', 'vrfs', 'bgp', 'description', 'routerId']);

/**
 * The config_db.json of `device`; `previous` is the DeviceIntent the switch had before (from
 * the earlier compile), whose rendering the text may be spliced from.
 */
export function configDbText(device: DeviceIntent, previous?: DeviceIntent): string {
  const spliced = previous === undefined ? undefined : spliceConfigDb(device, previous);
  if (spliced !== undefined) return spliced;
  const file = serializeConfigDbTables(renderConfigDb(device));
  tablesOf.set(device, file.tables);
  if (rowsMatch(device, file)) renderings.set(device, { file, anycastUsers: device.vlans.filter(usesAnycastGateway).length });
  return file.text;
}

/** The tables of each config_db.json rendered or spliced here, by its DeviceIntent (ConfigTemplates included). */
const tablesOf = new WeakMap<DeviceIntent, ReadonlyMap<string, SerializedTable>>();

/**
 * The tables of the config_db.json rendered here for `device`: each table's text and, unless it
 * is kept whole by identity, its keys in natural order with each entry's line. A plan compares
 * two renders of a switch table by table and entry by entry from them, without reading the text.
 */
export function configDbTables(device: DeviceIntent): ReadonlyMap<string, SerializedTable> | undefined {
  return tablesOf.get(device);
}

/**
 * The config_db.json of `device` spliced from the rendering of `previous` (rendered here before),
 * or undefined when that cannot be done (then configDbText renders it in full).
 */
export function spliceConfigDb(device: DeviceIntent, previous: DeviceIntent): string | undefined {
  const before = renderings.get(previous);
  const done = before === undefined ? undefined : splice(previous, before, device);
  if (done === undefined) return undefined;
  renderings.set(device, done.rendering);
  tablesOf.set(device, done.rendering.file.tables);
  spliced.set(device, { previous: new WeakRef(previous), entries: done.entries });
  return done.rendering.file.text;
}

function rowsOf(device: DeviceIntent, vlans: readonly DeviceIntent['vlans'][number][], vrfs: readonly DeviceIntent['vrfs'][number][]): ConfigDbRow[] {
  return [...vlans.flatMap((vlan) => vlanRows(vlan, device)), ...vrfs.flatMap(vrfRows)];
}

/** Every entry of the tables VLANs and VRFs write is one of theirs, and none is written twice. */
function rowsMatch(device: DeviceIntent, file: SerializedConfigDb): boolean {
  const counts = new Map<string, number>();
  for (const [table] of rowsOf(device, device.vlans, device.vrfs)) counts.set(table, (counts.get(table) ?? 0) + 1);
  for (const [table, count] of counts) if (file.tables.get(table)?.entries?.keys.length !== count) return false;
  return true;
}

/** The same ConfigTemplate outputs, by identity or by text. */
function sameTemplates(a: readonly TemplateOutput[], b: readonly TemplateOutput[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  return a.every((x, i) => {
    const y = b[i];
    return x === y || (y !== undefined && x.template === y.template && x.target === y.target && x.text === y.text);
  });
}

const templateTableNames = new WeakMap<readonly TemplateOutput[], ReadonlySet<string> | undefined>();

/** The tables ConfigTemplates write into; undefined when their output does not parse (the full render reports it). */
function tablesOfTemplates(templates: readonly TemplateOutput[]): ReadonlySet<string> | undefined {
  if (templates.length === 0) return new Set();
  if (templateTableNames.has(templates)) return templateTableNames.get(templates);
  let names: ReadonlySet<string> | undefined;
  try {
    names = new Set(Object.keys(templateTables(templates)));
  } catch {
    // output that does not parse: no names, and the full render reports it
  }
  templateTableNames.set(templates, names);
  return names;
}

function sameSwitch(a: DeviceIntent, b: DeviceIntent): boolean {
  // ConfigTemplates may stay when they are the same: their entries are kept with the rest, and a
  // splice refuses a table they write into (splice())
  if (!sameTemplates(a.templates, b.templates)) return false;
  const fields = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof DeviceIntent>;
  for (const field of fields) {
    if (NOT_READ.has(field) || field === 'templates' || a[field] === b[field]) continue;
    if (field === 'vtep' && a.vtep !== undefined && b.vtep !== undefined && a.vtep.name === b.vtep.name && a.vtep.nvo === b.vtep.nvo && a.vtep.sourceIp === b.vtep.sourceIp) continue;
    // a recompile builds a switch's ACLs anew: the same by value renders the same tables
    if (field === 'acls' && ((a.acls?.length ?? 0) === 0 ? (b.acls?.length ?? 0) === 0 : JSON.stringify(a.acls) === JSON.stringify(b.acls))) continue;
    return false;
  }
  return true;
}

function splice(previous: DeviceIntent, before: Rendering, device: DeviceIntent): { rendering: Rendering; entries: SplicedEntry[] } | undefined {
  if (!sameSwitch(previous, device)) return undefined;
  const { gone: goneVlans, added: newVlans } = changedItems(previous.vlans, device.vlans);
  const vrfChange = changedItems(previous.vrfs, device.vrfs);
  // without a VTEP a VNI is an error the full render reports
  if (device.vtep === undefined && newVlans.some((vlan) => vlan.vni !== undefined)) return undefined;
  const anycastUsers = before.anycastUsers - goneVlans.filter(usesAnycastGateway).length + newVlans.filter(usesAnycastGateway).length;
  if (anycastUsers > 0 !== before.anycastUsers > 0) return undefined;
  const changes = new Map<string, { removed: string[]; added: (readonly [string, string])[] }>();
  const changeOf = (table: string): { removed: string[]; added: (readonly [string, string])[] } => {
    let change = changes.get(table);
    if (change === undefined) {
      change = { removed: [], added: [] };
      changes.set(table, change);
    }
    return change;
  };
  const entries = new Map<string, { table: string; key: string; before?: ConfigDbEntry; after?: ConfigDbEntry }>();
  for (const [table, key, entry] of rowsOf(previous, goneVlans, vrfChange.gone)) {
    changeOf(table).removed.push(key);
    entries.set(`${table}|${key}`, { table, key, before: entry });
  }
  for (const [table, key, entry] of rowsOf(device, newVlans, vrfChange.added)) {
    changeOf(table).added.push([key, entryLine(key, entry)]);
    const id = `${table}|${key}`;
    entries.set(id, { ...(entries.get(id) ?? { table, key }), after: entry });
  }
  // a table a ConfigTemplate writes into holds entries no VLAN or VRF accounts for
  const templated = tablesOfTemplates(device.templates);
  if (templated === undefined || [...changes.keys()].some((table) => templated.has(table))) return undefined;
  const tables = new Map<string, SerializedTable>(before.file.tables);
  for (const [table, change] of changes) {
    const earlier = tables.get(table);
    const entries: SortedItems<string, string> | undefined = earlier === undefined ? NO_SORTED_ITEMS : earlier.entries;
    if (entries === undefined) return undefined;
    const next = spliceSorted(entries, change.removed, change.added, compareNatural);
    if (next === undefined) return undefined;
    if (next.keys.length === 0) tables.delete(table);
    else tables.set(table, { text: tableTextOf(next.values), entries: next });
  }
  return { rendering: { file: { text: configDbTextOf(tables), tables }, anycastUsers }, entries: [...entries.values()] };
}
