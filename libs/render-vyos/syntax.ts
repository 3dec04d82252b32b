/**
 * The lexical rules of a VyOS `set` line. Lines end up in a vbash script, so they follow bash:
 * VyOS itself rejects `'`, `"` and newlines inside a value (vyatta-cfg `validate_value`), and
 * bash would run anything after an unquoted `;` as a second command.
 */
import { VyosRenderError, VyosSyntaxError } from './errors.js';

/** Control characters, plus the Unicode line and paragraph separators. */
const LINE_BREAKING = /[\p{Cc}\u2028\u2029]/u;
const LINE_BREAKING_ALL = /[\p{Cc}\u2028\u2029]/gu;

/** Wraps a value in single quotes; a value VyOS would reject is a programming error. */
export function quoteVyosValue(text: string): string {
  if (text.includes("'") || text.includes('"')) {
    throw new VyosRenderError(`VyOS values cannot contain quotes: ${JSON.stringify(text)}`);
  }
  if (LINE_BREAKING.test(text)) {
    throw new VyosRenderError(`VyOS values cannot contain newlines or control characters: ${JSON.stringify(text)}`);
  }
  return `'${text}'`;
}

/** Descriptions are short on purpose: VyOS allows 255 bytes, a console line much less. */
export const MAX_DESCRIPTION_BYTES = 128;

function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

function truncateToBytes(text: string, maxBytes: number): string {
  let bytes = 0;
  let result = '';
  for (const character of text) {
    bytes += utf8Length(character.codePointAt(0) ?? 0);
    if (bytes > maxBytes) break;
    result += character;
  }
  return result;
}

/**
 * Turns free text (a description someone typed) into a value VyOS accepts and that cannot
 * become a second command: line breaks and control characters become spaces, quotes and
 * backslashes are dropped, whitespace is collapsed and the length is capped.
 */
export function sanitizeVyosText(text: string, maxBytes: number = MAX_DESCRIPTION_BYTES): string {
  const cleaned = text
    .replace(LINE_BREAKING_ALL, ' ')
    .replace(/['"\\]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return truncateToBytes(cleaned, maxBytes).trim();
}

/** Outside quotes these would start another command, a redirection, an expansion or a glob. */
const UNQUOTED_METACHARACTERS = new Set([';', '&', '|', '<', '>', '(', ')', '$', '`', '*', '?', '[', ']', '{', '}']);

interface DoubleQuoted {
  readonly text: string;
  readonly next: number;
}

function readDoubleQuoted(line: string, start: number): DoubleQuoted {
  let text = '';
  let index = start + 1;
  while (index < line.length) {
    const character = line.charAt(index);
    if (character === '"') return { text, next: index + 1 };
    if (character === '\\' && index + 1 < line.length && '"\\$`'.includes(line.charAt(index + 1))) {
      text += line.charAt(index + 1);
      index += 2;
      continue;
    }
    if (character === '$' || character === '`') {
      throw new VyosSyntaxError(`'${character}' inside double quotes would be expanded by the shell; use single quotes`);
    }
    text += character;
    index += 1;
  }
  throw new VyosSyntaxError('unterminated double quote');
}

/**
 * Splits one command line into words the way vbash (bash) does: single quotes, double quotes,
 * backslash escapes, and `#` comments at the start of a word. A blank or comment line gives no
 * words. Whatever bash would treat as more than plain words is refused rather than guessed at:
 * unquoted `;`, `|`, `&`, redirections, `$`, backticks, globs and braces, a leading `~`, line
 * breaks, and a trailing backslash (which would continue the command on the next line).
 */
export function splitVyosCommand(line: string): string[] {
  if (/[\n\r\u2028\u2029]/.test(line)) throw new VyosSyntaxError('a command must be a single line');
  const words: string[] = [];
  let word: string | undefined;
  let index = 0;
  while (index < line.length) {
    const character = line.charAt(index);
    if (character === ' ' || character === '\t') {
      if (word !== undefined) words.push(word);
      word = undefined;
      index += 1;
      continue;
    }
    if (word === undefined) {
      if (character === '#') break;
      if (character === '~') throw new VyosSyntaxError("a word starting with an unquoted '~' would be expanded by the shell; quote it");
      word = '';
    }
    if (character === "'") {
      const end = line.indexOf("'", index + 1);
      if (end < 0) throw new VyosSyntaxError('unterminated single quote');
      word += line.slice(index + 1, end);
      index = end + 1;
    } else if (character === '"') {
      const quoted = readDoubleQuoted(line, index);
      word += quoted.text;
      index = quoted.next;
    } else if (character === '\\') {
      if (index + 1 >= line.length) throw new VyosSyntaxError('a trailing backslash would continue the command on the next line');
      word += line.charAt(index + 1);
      index += 2;
    } else if (UNQUOTED_METACHARACTERS.has(character)) {
      throw new VyosSyntaxError(`unquoted shell metacharacter '${character}'; quote the value`);
    } else {
      word += character;
      index += 1;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}
