/**
 * Plan: what would change on which device, comparing two sets of compiled files. CONFIG_DB is
 * compared entry by entry (table|key and fields); text files line by line.
 */
import { diffArrays } from 'diff';
import { compareNatural, compareText } from '#domain';

export interface FilePlan {
  readonly file: string;
  readonly change: 'added' | 'removed' | 'changed';
  /** `+ line`, `- line`, `~ TABLE|key field: old -> new` */
  readonly lines: readonly string[];
}

export interface DevicePlan {
  readonly device: string;
  readonly files: readonly FilePlan[];
}

export function planFiles(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): DevicePlan[] {
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort(compareText);
  const byDevice = new Map<string, FilePlan[]>();
  for (const path of paths) {
    const old = before.get(path);
    const next = after.get(path);
    if (old === next) continue;
    const slash = path.indexOf('/');
    const device = slash < 0 ? '' : path.slice(0, slash);
    const file = slash < 0 ? path : path.slice(slash + 1);
    const change = old === undefined ? 'added' : next === undefined ? 'removed' : 'changed';
    const lines = file.endsWith('.json') ? diffConfigDb(old ?? '{}', next ?? '{}') : diffLines(old ?? '', next ?? '');
    byDevice.set(device, [...(byDevice.get(device) ?? []), { file, change, lines }]);
  }
  return [...byDevice].sort(([a], [b]) => compareNatural(a, b)).map(([device, files]) => ({ device, files }));
}

export type Entry = Record<string, unknown>;
type Tables = Record<string, Record<string, Entry>>;

function parseObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The members of a JSON object laid out as serializeConfigDb (and JSON.stringify(v, null, 2))
 * lays it out, by key, each as the text of its value: `{\n  "VLAN": {...},\n  "VRF": {...}\n}`
 * at indent `  `. Undefined when the text is not laid out so (then it is parsed whole). A JSON
 * string never holds a raw newline, so `\n` + indent + `"` starts a member and nothing else.
 */
function members(file: string, indent: string): Map<string, string> | undefined {
  // a file ends with a newline
  const text = file.endsWith('\n') ? file.slice(0, -1) : file;
  if (text === '{}') return new Map();
  const marker = `\n${indent}"`;
  const close = `\n${indent.slice(2)}}`;
  if (!text.startsWith(`{${marker}`) || !text.endsWith(close)) return undefined;
  const end = text.length - close.length;
  const out = new Map<string, string>();
  let at = 1;
  while (at < end) {
    const next = text.indexOf(marker, at + 1);
    const stop = next < 0 || next > end ? end : next;
    let member = text.slice(at + marker.length - 1, stop);
    if (stop !== end) {
      if (!member.endsWith(',')) return undefined;
      member = member.slice(0, -1);
    }
    let quote = 1;
    while (quote < member.length && member[quote] !== '"') quote += member[quote] === '\\' ? 2 : 1;
    if (member.slice(quote + 1, quote + 3) !== ': ') return undefined;
    out.set(JSON.parse(member.slice(0, quote + 1)) as string, member.slice(quote + 3));
    at = stop;
  }
  return out;
}

/** The lines of one entry's change; none when both are absent or equal field by field. */
export function entryLines(out: string[], table: string, key: string, ea: Entry | undefined, eb: Entry | undefined): void {
  if (ea === undefined && eb !== undefined) out.push(`+ ${table}|${key} ${JSON.stringify(eb)}`);
  else if (eb === undefined && ea !== undefined) out.push(`- ${table}|${key}`);
  else if (ea !== undefined && eb !== undefined) {
    for (const field of [...new Set([...Object.keys(ea), ...Object.keys(eb)])].sort(compareText)) {
      const fa = ea[field];
      const fb = eb[field];
      if (JSON.stringify(fa) === JSON.stringify(fb)) continue;
      out.push(`~ ${table}|${key} ${field}: ${fa === undefined ? '(unset)' : show(fa)} -> ${fb === undefined ? '(unset)' : show(fb)}`);
    }
  }
}

function tableLines(out: string[], table: string, ta: Record<string, Entry>, tb: Record<string, Entry>): void {
  for (const key of [...new Set([...Object.keys(ta), ...Object.keys(tb)])].sort(compareNatural)) entryLines(out, table, key, ta[key], tb[key]);
}

const asEntry = (text: string | undefined): Entry | undefined => (text === undefined ? undefined : parseObject(text));

/**
 * One table from the texts of its two versions: entries whose text is the same are skipped
 * unparsed; only the changed ones are read.
 */
function tableTextLines(out: string[], table: string, ta: string | undefined, tb: string | undefined): void {
  const ea = ta === undefined ? new Map<string, string>() : members(ta, '    ');
  const eb = tb === undefined ? new Map<string, string>() : members(tb, '    ');
  if (ea === undefined || eb === undefined) {
    tableLines(out, table, parseObject(ta ?? '{}') as Record<string, Entry>, parseObject(tb ?? '{}') as Record<string, Entry>);
    return;
  }
  for (const key of [...new Set([...ea.keys(), ...eb.keys()])].sort(compareNatural)) {
    const xa = ea.get(key);
    const xb = eb.get(key);
    if (xa !== xb) entryLines(out, table, key, asEntry(xa), asEntry(xb));
  }
}

/**
 * CONFIG_DB change, entry by entry. A config_db.json as Weft writes it is compared table by
 * table and entry by entry on its text, parsing only what differs (a leaf with thousands of
 * VLANs changes a handful of entries a write); any other text is parsed whole. Both give the
 * same lines.
 */
export function diffConfigDb(oldText: string, newText: string): string[] {
  const out: string[] = [];
  const a = members(oldText, '  ');
  const b = members(newText, '  ');
  if (a !== undefined && b !== undefined) {
    for (const table of [...new Set([...a.keys(), ...b.keys()])].sort(compareText)) {
      const ta = a.get(table);
      const tb = b.get(table);
      if (ta !== tb) tableTextLines(out, table, ta, tb);
    }
    return out;
  }
  const pa = parseObject(oldText) as Tables;
  const pb = parseObject(newText) as Tables;
  for (const table of [...new Set([...Object.keys(pa), ...Object.keys(pb)])].sort(compareText)) tableLines(out, table, pa[table] ?? {}, pb[table] ?? {});
  return out;
}

/** Line diff (Myers, from the `diff` package); prints only the changed lines, removals first. */
export function diffLines(oldText: string, newText: string): string[] {
  const out: string[] = [];
  for (const part of diffArrays(oldText.split('\n'), newText.split('\n'))) {
    if (part.added) out.push(...part.value.map((line) => `+ ${line}`));
    else if (part.removed) out.push(...part.value.map((line) => `- ${line}`));
  }
  return out;
}

export function formatPlan(plans: readonly DevicePlan[]): string {
  if (plans.length === 0) return 'No changes: every device is up to date.\n';
  const lines: string[] = [];
  let count = 0;
  for (const p of plans) {
    lines.push(`${p.device === '' ? '(fabric)' : p.device}:`);
    for (const f of p.files) {
      lines.push(`  ${f.file} (${f.change}, ${f.lines.length} line${f.lines.length === 1 ? '' : 's'})`);
      for (const l of f.lines) lines.push(`    ${l}`);
      count += f.lines.length;
    }
  }
  lines.push(`Plan: ${plans.length} device${plans.length === 1 ? '' : 's'} change, ${count} line${count === 1 ? '' : 's'} in all.`);
  return `${lines.join('\n')}\n`;
}
