/** The reachability matrix `weft lab test` prints: one row per source, one column per destination. */
import type { Endpoint, Probe } from './reachability.js';

export interface ProbeResult extends Probe {
  readonly reached: boolean;
}

export const MATRIX_SYMBOLS = {
  reached: '✓',
  blocked: '·',
  missing: '✗',
  leaked: '!',
  self: '-',
} as const;

export function probeOk(result: ProbeResult): boolean {
  return result.reached === result.expect;
}

function cell(result: ProbeResult | undefined, self: boolean): string {
  if (self) return MATRIX_SYMBOLS.self;
  if (result === undefined) return ' ';
  if (result.expect) return result.reached ? MATRIX_SYMBOLS.reached : MATRIX_SYMBOLS.missing;
  return result.reached ? MATRIX_SYMBOLS.leaked : MATRIX_SYMBOLS.blocked;
}

const key = (e: Endpoint): string => `${e.node}|${e.ip}`;

function uniqueEndpoints(endpoints: readonly Endpoint[]): Endpoint[] {
  const seen = new Map<string, Endpoint>();
  for (const e of endpoints) if (!seen.has(key(e))) seen.set(key(e), e);
  return [...seen.values()];
}

export interface MatrixStyle {
  /** wraps a cell that is as intended / not as intended (ANSI colours, or nothing) */
  readonly good: (text: string) => string;
  readonly bad: (text: string) => string;
}

export const PLAIN: MatrixStyle = { good: (t) => t, bad: (t) => t };

export function formatMatrix(results: readonly ProbeResult[], style: MatrixStyle = PLAIN): string {
  const endpoints = uniqueEndpoints([...results.map((r) => r.from), ...results.map((r) => r.to)]);
  const index = new Map(endpoints.map((e, i) => [key(e), i + 1]));
  const byPair = new Map(results.map((r) => [`${key(r.from)}>${key(r.to)}`, r]));
  const labelWidth = Math.max(...endpoints.map((e) => `${e.label} ${e.ip}`.length), 8);
  const numberWidth = String(endpoints.length).length;
  const lines: string[] = [];
  const failures = results.filter((r) => !probeOk(r));
  lines.push(`reachability: ${results.length} probes, ${results.length - failures.length} as the intents say, ${failures.length} not`);
  // column numbers written downwards, one digit per line, so the columns stay one character wide
  for (let digit = 0; digit < numberWidth; digit++) {
    const header = endpoints.map((_, i) => String(i + 1).padStart(numberWidth).charAt(digit)).join(' ');
    lines.push(`${' '.repeat(numberWidth + 2 + labelWidth + 2)}${header}`);
  }
  for (const from of endpoints) {
    const row = endpoints.map((to) => {
      const result = byPair.get(`${key(from)}>${key(to)}`);
      // one node (the same endpoint, or two addresses of one server) pings not itself
      const text = cell(result, from.node === to.node);
      if (result === undefined) return text;
      return probeOk(result) ? style.good(text) : style.bad(text);
    });
    const label = `${from.label} ${from.ip}`.padEnd(labelWidth);
    lines.push(`${String(index.get(key(from))).padStart(numberWidth)}  ${label}  ${row.join(' ')}`);
  }
  lines.push(
    `${MATRIX_SYMBOLS.reached} reached, as intended   ${MATRIX_SYMBOLS.blocked} no reply, as intended   ${MATRIX_SYMBOLS.missing} should reach but did not   ${MATRIX_SYMBOLS.leaked} reached but should not`,
  );
  for (const f of failures) {
    lines.push(style.bad(`${f.expect ? 'NOT REACHED' : 'LEAKED'}: ${f.from.label} ${f.from.ip} -> ${f.to.label} ${f.to.ip} (${f.reason})`));
  }
  return `${lines.join('\n')}\n`;
}
