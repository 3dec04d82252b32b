/**
 * Words of a VyOS command line, read and written the way vbash (bash) sees them. Reading is
 * lenient: `show configuration commands` and generated files are data, never run as typed, so an
 * unquoted `*` or `$` is just a character. Writing is strict: every word Weft sends is either a
 * plain word or single-quoted, so no input can end a command early, start another one or be
 * expanded by the shell (vyos-validate.md: words are split as bash splits them).
 */
import { VyosConfigError } from './errors.js';

/** One word and whether any part of it was quoted (VyOS quotes leaf values, and only those). */
export interface Word {
  readonly text: string;
  readonly quoted: boolean;
}

/** Splits one line into words: single quotes, double quotes, backslashes, `#` comments. */
export function splitWords(line: string): Word[] {
  const words: Word[] = [];
  let text: string | undefined;
  let quoted = false;
  let index = 0;
  const finish = (): void => {
    if (text !== undefined) words.push({ text, quoted });
    text = undefined;
    quoted = false;
  };
  while (index < line.length) {
    const character = line.charAt(index);
    if (character === ' ' || character === '\t') {
      finish();
      index += 1;
      continue;
    }
    if (text === undefined) {
      if (character === '#') break;
      text = '';
    }
    if (character === "'") {
      const end = line.indexOf("'", index + 1);
      if (end < 0) throw new VyosConfigError('unterminated single quote');
      text += line.slice(index + 1, end);
      quoted = true;
      index = end + 1;
    } else if (character === '"') {
      const read = readDoubleQuoted(line, index);
      text += read.text;
      quoted = true;
      index = read.next;
    } else if (character === '\\') {
      if (index + 1 >= line.length) throw new VyosConfigError('a trailing backslash would continue the command on the next line');
      text += line.charAt(index + 1);
      index += 2;
    } else {
      text += character;
      index += 1;
    }
  }
  finish();
  return words;
}

function readDoubleQuoted(line: string, start: number): { text: string; next: number } {
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
    text += character;
    index += 1;
  }
  throw new VyosConfigError('unterminated double quote');
}

/** Characters bash leaves alone outside quotes, anywhere in a word. */
const PLAIN = /^[A-Za-z0-9_.:/@+,%=-]+$/;
/** VyOS refuses these in any value (vyatta-cfg `validate_value`), and a newline would end the command. */
const FORBIDDEN = /['"\n\r\u2028\u2029]/;

/**
 * One word as vbash must receive it: plain words as they are, leaf values (and anything not
 * plain) in single quotes. A word no VyOS value may hold is refused, not escaped.
 */
export function renderWord(word: string, quote: boolean): string {
  if (FORBIDDEN.test(word)) throw new VyosConfigError(`a VyOS word cannot contain quotes or line breaks: ${JSON.stringify(word)}`);
  if (/\p{Cc}/u.test(word)) throw new VyosConfigError(`a VyOS word cannot contain control characters: ${JSON.stringify(word)}`);
  if (word === '') return "''";
  return quote || !PLAIN.test(word) ? `'${word}'` : word;
}
