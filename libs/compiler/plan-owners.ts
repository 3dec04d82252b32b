/**
 * A compile's plan split by owner (pure): each changed CONFIG_DB entry and frr.conf stanza of a
 * rebuilt switch is told to the VPC (or External) it belongs to, read from the switch's device
 * intents before and after. Several writes compiled together then each get the change of their
 * own VPC, and no write's plan shows another owner's objects (ADR 117). A change that belongs to
 * no VPC (the switch's own settings, a ConfigTemplate, a route map of several VRFs) cannot be
 * split: the split is undefined and the caller compiles the writes apart.
 */
import { compareNatural, compareText, type DeviceIntent } from '#domain';
import { configDbTables, splicedEntries, type SerializedTable, type SplicedEntry } from '#render-sonic';
import { splicedFrrStanzas, type FrrParts, type SplicedStanzas, type VrfPart } from '#render-frr';
import type { CompileResult } from './compile.js';
import { diffConfigDb, diffLines, entryLines, type DevicePlan, type Entry, type FilePlan } from './plan.js';

/** device -> owner (`namespace/name` of a VPC, `external:<name>`) -> that owner's change there */
export type OwnedPlans = ReadonlyMap<string, ReadonlyMap<string, DevicePlan>>;

/** What names an owner in a switch's files: VLAN and VRF names, and the L2VNIs. */
interface OwnerIndex {
  readonly byName: ReadonlyMap<string, string>;
  readonly byVni: ReadonlyMap<number, string>;
}

function ownerIndex(device: DeviceIntent | undefined): OwnerIndex {
  const byName = new Map<string, string>();
  const byVni = new Map<number, string>();
  for (const vlan of device?.vlans ?? []) {
    byName.set(vlan.name, vlan.owner.vpc);
    if (vlan.vni !== undefined) byVni.set(vlan.vni, vlan.owner.vpc);
  }
  // every VRF a compile makes is a VPC's or an External's
  for (const vrf of device?.vrfs ?? []) byName.set(vrf.name, vrf.owner.vpc ?? `external:${String(vrf.owner.external)}`);
  return { byName, byVni };
}

const VLAN_IN_KEY = /Vlan\d+/g;

/** The one owner a CONFIG_DB key names (`VLAN_MEMBER|Vlan10|Ethernet0`, `VXLAN_TUNNEL_MAP|vtep1|map_100_Vlan10`), or undefined. */
function entryOwner(key: string, index: OwnerIndex): string | undefined {
  const owners = new Set<string>();
  for (const part of key.split('|').slice(1)) {
    const named = index.byName.get(part);
    if (named !== undefined) owners.add(named);
    for (const vlan of part.match(VLAN_IN_KEY) ?? []) {
      const owner = index.byName.get(vlan);
      if (owner !== undefined) owners.add(owner);
    }
  }
  return owners.size === 1 ? [...owners][0] : undefined;
}

/** A CONFIG_DB plan line's owner: `+`/`~` lines read the intent after, `-` lines the one before; both must agree for `~`. */
function configDbLineOwner(line: string, before: OwnerIndex, after: OwnerIndex): string | undefined {
  const space = line.indexOf(' ', 2);
  const key = line.slice(2, space < 0 ? undefined : space);
  if (line.startsWith('- ')) return entryOwner(key, before);
  const owner = entryOwner(key, after);
  if (line.startsWith('~ ') && owner !== entryOwner(key, before)) return undefined;
  return owner;
}

/** A stanza of frr.conf that belongs to one owner: a VRF's `vrf` and `router bgp … vrf` blocks, an L2VNI of the default BGP. */
interface Stanza {
  readonly key: string;
  readonly lines: readonly string[];
}

interface FrrSegments {
  readonly stanzas: readonly Stanza[];
  /** every line outside those stanzas, in order: the switch's own */
  readonly rest: string;
}

const VRF_BLOCK = /^vrf (\S+)$/;
const VRF_BGP = /^router bgp \d+ vrf (\S+)$/;
const L2VNI = /^ {2}vni (\d+)$/;
const V = 'v'.charCodeAt(0);
const R = 'r'.charCodeAt(0);
const SPACE = ' '.charCodeAt(0);

/** The lines from `start` up to the one `end` matches, with a `!` that follows the block. */
function blockEnd(lines: readonly string[], start: number, end: (line: string) => boolean): number {
  let at = start + 1;
  // Stryker disable next-line StringLiteral: equivalent, at < lines.length, so the line is there
  while (at < lines.length && !end(lines[at] ?? '')) at++;
  at = Math.min(at + 1, lines.length);
  return lines[at] === '!' ? at + 1 : at;
}

function frrSegments(text: string): FrrSegments {
  const lines = text.split('\n');
  const stanzas: Stanza[] = [];
  const rest: string[] = [];
  let at = 0;
  while (at < lines.length) {
    // Stryker disable next-line StringLiteral: equivalent, at < lines.length, so the line is there
    const line = lines[at] ?? '';
    // most lines start none of the stanzas: tell by their first characters before the patterns
    const first = line.charCodeAt(0);
    const vrf = first === V || first === R ? (VRF_BLOCK.exec(line) ?? VRF_BGP.exec(line)) : null;
    const vni = vrf === null && first === SPACE && line.startsWith('  vni ') ? L2VNI.exec(line) : null;
    let key: string | undefined;
    let stop = at + 1;
    if (vrf !== null) {
      // both patterns' one group always takes part in a match
      key = `${line.startsWith('vrf') ? 'vrf' : 'bgp'} ${String(vrf[1])}`;
      stop = blockEnd(lines, at, (l) => l === (line.startsWith('vrf') ? 'exit-vrf' : 'exit'));
    } else if (vni !== null) {
      key = `vni ${String(vni[1])}`;
      stop = blockEnd(lines, at, (l) => l === '  exit-vni');
    }
    if (key === undefined) rest.push(line);
    else stanzas.push({ key, lines: lines.slice(at, stop) });
    at = stop;
  }
  return { stanzas, rest: rest.join('\n') };
}

function stanzaOwner(key: string, index: OwnerIndex): string | undefined {
  // Stryker disable next-line StringLiteral: equivalent, every stanza key is `<kind> <name>`
  const [kind, name = ''] = key.split(' ');
  return kind === 'vni' ? index.byVni.get(Number(name)) : index.byName.get(name);
}

/** frr.conf's change by owner, stanza by stanza; undefined when a line outside the owners' stanzas changed or a stanza's owner is unknown. */
function frrLinesByOwner(oldText: string, newText: string, before: OwnerIndex, after: OwnerIndex): Map<string, string[]> | undefined {
  const a = frrSegments(oldText);
  const b = frrSegments(newText);
  if (a.rest !== b.rest) return undefined;
  const old = new Map(a.stanzas.map((s) => [s.key, s.lines]));
  const next = new Map(b.stanzas.map((s) => [s.key, s.lines]));
  if (old.size !== a.stanzas.length || next.size !== b.stanzas.length) return undefined;
  const out = new Map<string, string[]>();
  const keys = [...b.stanzas.map((s) => s.key), ...a.stanzas.filter((s) => !next.has(s.key)).map((s) => s.key)];
  for (const key of keys) {
    const x = old.get(key);
    const y = next.get(key);
    if (x !== undefined && y !== undefined && x.length === y.length && x.every((line, i) => line === y[i])) continue;
    const owner = y === undefined ? stanzaOwner(key, before) : stanzaOwner(key, after);
    if (owner === undefined || (x !== undefined && y !== undefined && stanzaOwner(key, before) !== owner)) return undefined;
    // Stryker disable next-line ArrayDeclaration: equivalent, a stanza is in one of the two files at least
    const lines = x === undefined ? (y ?? []).map((l) => `+ ${l}`) : y === undefined ? x.map((l) => `- ${l}`) : diffLines(x.join('\n'), y.join('\n'));
    out.set(owner, [...(out.get(owner) ?? []), ...lines]);
  }
  return out;
}

/** A stanza's lines as frrSegments cuts them from the file: a VRF's blocks end with the `!` after them. */
function stanzaLines(text: string, separated: boolean): string[] {
  const lines = text.split('\n');
  if (separated) lines.push('!');
  return lines;
}

const sameLines = (x: readonly string[], y: readonly string[]): boolean => x.length === y.length && x.every((line, i) => line === y[i]);

/** The route filters of frr.conf's parts: the lines of the file outside any owner's stanza that VRFs write. */
function routeFilters(parts: FrrParts): string {
  const vrfs = parts.vrfs.values;
  return [vrfs.map((vrf) => vrf.stanzas.prefixLists).filter((text) => text !== '').join('\n'), ...vrfs.flatMap((vrf) => vrf.stanzas.routeMaps)].join('\n!\n');
}

/**
 * frrLinesByOwner's answer for a spliced frr.conf, from the stanzas the splice changed: in the
 * order the text path meets them (the new file's stanzas, then those only the old one had:
 * VRF blocks, L2VNIs, VRF BGP blocks, each in its sorted order), without reading either file.
 */
function splicedFrrLinesByOwner(change: SplicedStanzas, before: OwnerIndex, after: OwnerIndex): Map<string, string[]> | undefined {
  // every other line is the same text, but for the route filters of the VRFs that came or went
  if ([...change.vrfs.values()].some((vrf) => (vrf.before?.stanzas.prefixLists ?? '') !== '' || (vrf.after?.stanzas.prefixLists ?? '') !== '' || (vrf.before?.stanzas.routeMaps.length ?? 0) > 0 || (vrf.after?.stanzas.routeMaps.length ?? 0) > 0)) {
    if (routeFilters(change.before) !== routeFilters(change.after)) return undefined;
  }
  const names = [...change.vrfs.keys()].sort(compareNatural);
  const vnis = [...change.l2vnis.keys()].sort((a, b) => a - b);
  const vrfBlock = (part: VrfPart | undefined): string[] | undefined => (part === undefined || part.stanzas.vni.length === 0 ? undefined : stanzaLines(part.stanzas.vni.join('\n!\n'), true));
  const bgpBlock = (part: VrfPart | undefined): string[] | undefined => (part?.bgp === true ? stanzaLines(part.stanzas.bgp, true) : undefined);
  const l2vniBlock = (text: string | undefined): string[] | undefined => (text === undefined ? undefined : stanzaLines(text, false));
  type Keyed = readonly [key: string, before: string[] | undefined, after: string[] | undefined];
  const stanzas: Keyed[] = [
    ...names.map((name): Keyed => [`vrf ${name}`, vrfBlock(change.vrfs.get(name)?.before), vrfBlock(change.vrfs.get(name)?.after)]),
    ...vnis.map((vni): Keyed => [`vni ${vni}`, l2vniBlock(change.l2vnis.get(vni)?.before), l2vniBlock(change.l2vnis.get(vni)?.after)]),
    ...names.map((name): Keyed => [`bgp ${name}`, bgpBlock(change.vrfs.get(name)?.before), bgpBlock(change.vrfs.get(name)?.after)]),
  ];
  const out = new Map<string, string[]>();
  for (const [key, x, y] of [...stanzas.filter(([, , y]) => y !== undefined), ...stanzas.filter(([, , y]) => y === undefined)]) {
    if (x === undefined && y === undefined) continue;
    if (x !== undefined && y !== undefined && sameLines(x, y)) continue;
    const owner = y === undefined ? stanzaOwner(key, before) : stanzaOwner(key, after);
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: equivalent, undefined here only sends the caller to the texts (the same answer); every stanza has an owner, and no VRF or VNI changes owner in one recompile (freed numbers wait a compile)
    if (owner === undefined || (x !== undefined && y !== undefined && stanzaOwner(key, before) !== owner)) return undefined;
    // Stryker disable next-line ArrayDeclaration: equivalent, a stanza is in one of the two files at least
    const lines = x === undefined ? (y ?? []).map((l) => `+ ${l}`) : y === undefined ? x.map((l) => `- ${l}`) : diffLines(x.join('\n'), y.join('\n'));
    out.set(owner, [...(out.get(owner) ?? []), ...lines]);
  }
  return out;
}

/** frr.conf's change by owner: from the stanzas a splice changed, else from the two texts. */
function frrChangeByOwner(oldText: string, newText: string, devices: { readonly before?: DeviceIntent; readonly after?: DeviceIntent }, before: OwnerIndex, after: OwnerIndex, fromText: boolean): Map<string, string[]> | undefined {
  const change = fromText || devices.before === undefined || devices.after === undefined ? undefined : splicedFrrStanzas(devices.after, devices.before);
  return (change === undefined ? undefined : splicedFrrLinesByOwner(change, before, after)) ?? frrLinesByOwner(oldText, newText, before, after);
}

const SPLIT_FILES: readonly string[] = ['config_db.json', 'frr.conf'];

/** An entry as its text reads back: fields in natural order (JSON.parse keeps the text's order). */
function asWritten(entry: Readonly<Record<string, unknown>> | undefined): Entry | undefined {
  if (entry === undefined) return undefined;
  const out: Entry = {};
  for (const field of Object.keys(entry).sort(compareNatural)) out[field] = entry[field];
  return out;
}

/** diffConfigDb's lines, from the entries a splice changed (in its order: tables by text, keys naturally). */
function splicedLines(entries: readonly SplicedEntry[]): string[] {
  const sorted = [...entries].sort((a, b) => compareText(a.table, b.table) || compareNatural(a.key, b.key));
  const out: string[] = [];
  for (const { table, key, before, after } of sorted) entryLines(out, table, key, asWritten(before), asWritten(after));
  return out;
}

/** An entry's fields from its line in the file (`    "key": {...}`). */
function entryOf(key: string, line: string): Entry {
  return JSON.parse(line.slice(4 + JSON.stringify(key).length + 2)) as Entry;
}

/**
 * diffConfigDb's lines from two renders' tables: tables by text, and in each changed table the
 * two sorted key lists walked side by side (an unchanged entry is the same line). Undefined when
 * a changed table was kept whole (no entries).
 */
export function tableLines(a: ReadonlyMap<string, SerializedTable>, b: ReadonlyMap<string, SerializedTable>): string[] | undefined {
  const out: string[] = [];
  for (const table of [...new Set([...a.keys(), ...b.keys()])].sort(compareText)) {
    const ta = a.get(table);
    const tb = b.get(table);
    if (ta === tb || ta?.text === tb?.text) continue;
    const ea = ta === undefined ? { keys: [], values: [] } : ta.entries;
    const eb = tb === undefined ? { keys: [], values: [] } : tb.entries;
    if (ea === undefined || eb === undefined) return undefined;
    let i = 0;
    let j = 0;
    while (i < ea.keys.length || j < eb.keys.length) {
      const ka = ea.keys[i];
      const kb = eb.keys[j];
      const va = ea.values[i] ?? '';
      const vb = eb.values[j] ?? '';
      if (ka !== undefined && ka === kb) {
        if (va !== vb) entryLines(out, table, ka, entryOf(ka, va), entryOf(kb, vb));
        i++;
        j++;
        continue;
      }
      // distinct keys never tie: compareNatural ends on the text's order
      const order = ka === undefined ? 1 : kb === undefined ? -1 : compareNatural(ka, kb);
      if (order < 0 && ka !== undefined) {
        entryLines(out, table, ka, entryOf(ka, va), undefined);
        i++;
      } else if (kb !== undefined) {
        entryLines(out, table, kb, undefined, entryOf(kb, vb));
        j++;
      }
    }
  }
  return out;
}

/** The plan lines of a switch's config_db.json: from the splice's record, else the two renders' tables, else the texts. */
function configDbLines(oldText: string, newText: string, devices: { readonly before?: DeviceIntent; readonly after?: DeviceIntent }): string[] {
  if (devices.before === undefined || devices.after === undefined) return diffConfigDb(oldText, newText);
  const entries = splicedEntries(devices.after, devices.before);
  if (entries !== undefined) return splicedLines(entries);
  const a = configDbTables(devices.before);
  const b = configDbTables(devices.after);
  return (a === undefined || b === undefined ? undefined : tableLines(a, b)) ?? diffConfigDb(oldText, newText);
}

function configDbLinesByOwner(oldText: string, newText: string, devices: { readonly before?: DeviceIntent; readonly after?: DeviceIntent }, before: OwnerIndex, after: OwnerIndex): Map<string, string[]> | undefined {
  const out = new Map<string, string[]>();
  for (const line of configDbLines(oldText, newText, devices)) {
    const owner = configDbLineOwner(line, before, after);
    if (owner === undefined) return undefined;
    out.set(owner, [...(out.get(owner) ?? []), line]);
  }
  return out;
}

export interface PlanOptions {
  /** frr.conf's change from its texts even where a splice recorded its stanzas (the reference the tests compare with) */
  readonly frrFromText?: boolean;
}

/**
 * The change from `base` to `result` on the switches `result` rebuilt, by owner: one diff of each
 * changed file, its CONFIG_DB entries and frr.conf stanzas told to their owners. Undefined when
 * any change belongs to no single owner (or a file is added or removed whole).
 */
export function planByOwner(base: CompileResult, result: CompileResult, options: PlanOptions = {}): OwnedPlans | undefined {
  const plans = new Map<string, Map<string, DevicePlan>>();
  for (const device of result.rebuilt) {
    const intents = { before: base.devices.get(device), after: result.devices.get(device) };
    const before = ownerIndex(intents.before);
    const after = ownerIndex(intents.after);
    const files = new Map<string, FilePlan[]>();
    for (const file of SPLIT_FILES) {
      const path = `${device}/${file}`;
      const old = base.files.get(path);
      const next = result.files.get(path);
      if (old === next) continue;
      if (old === undefined || next === undefined) return undefined;
      const split = file === 'config_db.json' ? configDbLinesByOwner(old, next, intents, before, after) : frrChangeByOwner(old, next, intents, before, after, options.frrFromText === true);
      if (split === undefined) return undefined;
      for (const [owner, lines] of split) files.set(owner, [...(files.get(owner) ?? []), { file, change: 'changed', lines }]);
    }
    if (files.size > 0) plans.set(device, new Map([...files].map(([owner, filePlans]) => [owner, { device, files: filePlans }])));
  }
  // any other file that changed (of a switch not rebuilt, or one read above not at all) is not split
  const rebuilt = new Set(result.rebuilt);
  for (const [path, text] of result.files) {
    if (base.files.get(path) === text) continue;
    const slash = path.indexOf('/');
    if (!rebuilt.has(path.slice(0, slash)) || !SPLIT_FILES.includes(path.slice(slash + 1))) return undefined;
  }
  return plans;
}
