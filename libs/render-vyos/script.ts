/**
 * Builds the text of a `set` script. Path words are checked to be plain words (VyOS prints tag
 * values unquoted, and so do we), leaf values are always single-quoted: together that means no
 * input can end a command early or start another one.
 */
import { VyosRenderError } from './errors.js';
import { quoteVyosValue, sanitizeVyosText } from './syntax.js';

const PLAIN_WORD = /^[A-Za-z0-9:][A-Za-z0-9_.:/+-]*$/;

export class VyosScript {
  private readonly lines: string[] = [];

  /** `set <path...> '<value>'`; without a value for nodes and valueless leaves. */
  set(path: readonly string[], value?: string | number): void {
    for (const word of path) {
      if (!PLAIN_WORD.test(word)) throw new VyosRenderError(`unsafe word in a VyOS path: ${JSON.stringify(word)}`);
    }
    const command = ['set', ...path];
    if (value !== undefined) command.push(quoteVyosValue(String(value)));
    this.lines.push(command.join(' '));
  }

  /** Sets a description when the sanitised text is not empty. */
  describe(path: readonly string[], description: string): void {
    const text = sanitizeVyosText(description);
    if (text !== '') this.set([...path, 'description'], text);
  }

  /** A `#` comment header, preceded by a blank line unless it opens the script. */
  section(title: string): void {
    if (this.lines.length > 0) this.lines.push('');
    this.lines.push(`# ${sanitizeVyosText(title)}`);
  }

  /** Lines that were produced and checked elsewhere (ConfigTemplate output). */
  appendVerbatim(text: string): void {
    const body = text.replace(/\r\n/g, '\n').replace(/\n+$/, '');
    if (body !== '') this.lines.push(...body.split('\n'));
  }

  text(): string {
    return `${this.lines.join('\n')}\n`;
  }
}

/** Orders names and addresses the way people read them: `eth2` before `eth10`, `10.1.0.0` before `10.10.0.0`. */
export function compareNatural(left: string, right: string): number {
  const leftParts = left.match(/\d+|\D+/g) ?? [];
  const rightParts = right.match(/\d+|\D+/g) ?? [];
  const count = Math.min(leftParts.length, rightParts.length);
  for (let index = 0; index < count; index += 1) {
    const a = leftParts[index] as string;
    const b = rightParts[index] as string;
    if (a === b) continue;
    const bothNumeric = /^\d/.test(a) && /^\d/.test(b);
    if (bothNumeric && Number(a) !== Number(b)) return Number(a) - Number(b);
    return a < b ? -1 : 1;
  }
  if (leftParts.length !== rightParts.length) return leftParts.length - rightParts.length;
  // every part is the same: so are the names
  return 0;
}

/** Sorted copy without duplicates (a multi-value leaf must not get the same value twice). */
export function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compareNatural);
}

export function sortedBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((left, right) => compareNatural(key(left), key(right)));
}
