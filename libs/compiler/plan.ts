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

type Tables = Record<string, Record<string, Record<string, unknown>>>;

function parseTables(text: string): Tables {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Tables) : {};
  } catch {
    return {};
  }
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function diffConfigDb(oldText: string, newText: string): string[] {
  const a = parseTables(oldText);
  const b = parseTables(newText);
  const out: string[] = [];
  for (const table of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(compareText)) {
    const ta = a[table] ?? {};
    const tb = b[table] ?? {};
    for (const key of [...new Set([...Object.keys(ta), ...Object.keys(tb)])].sort(compareNatural)) {
      const ea = ta[key];
      const eb = tb[key];
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
  }
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
