/**
 * Object keys a JSON text repeats. JSON.parse keeps the last of two equal keys without a word,
 * so `{"spec": {...}, "spec": {...}}` would be half ignored; the service refuses such a body
 * instead, naming where. The text is known to be valid JSON (JSON.parse accepted it first).
 */
import { joinPath } from '#domain';

interface Frame {
  readonly object: boolean;
  readonly keys: Set<string>;
  /** the current key (objects) or index (arrays) */
  at: string;
  index: number;
  expectKey: boolean;
}

/** Deeper than any resource; deeper documents would only exercise recursion further on. */
export const MAX_JSON_DEPTH = 64;

export interface JsonShapeProblem {
  readonly path: string;
  readonly message: string;
}

/** The first repeated key (e.g. at `spec.subnets.web`) or nesting past MAX_JSON_DEPTH, or undefined. */
export function findJsonShapeProblem(text: string): JsonShapeProblem | undefined {
  const stack: Frame[] = [];
  /** where the frames up to `end` point: `spec.subnets.web`, `spec.permit[1]` */
  const locate = (end: number): string => {
    let out = '';
    for (const frame of stack.slice(0, end)) out = frame.object ? joinPath(out, frame.at) : `${out}[${frame.index}]`;
    return out;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const top = stack.at(-1);
    if (c === 0x22 /* " */) {
      const end = stringEnd(text, i);
      if (top?.object === true && top.expectKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.keys.has(key)) return { path: joinPath(locate(stack.length - 1), key), message: 'is given twice' };
        top.keys.add(key);
        top.at = key;
        top.expectKey = false;
      }
      i = end;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (stack.length >= MAX_JSON_DEPTH) return { path: locate(stack.length) || 'the body', message: `is nested more than ${MAX_JSON_DEPTH} levels deep` };
      stack.push({ object: c === 0x7b, keys: new Set(), at: '', index: 0, expectKey: c === 0x7b });
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
    } else if (c === 0x2c /* , */ && top !== undefined) {
      if (top.object) top.expectKey = true;
      else top.index += 1;
    }
  }
  return undefined;
}

/** The index of the closing quote of the string that opens at `start`. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c /* \ */) i += 1;
    else if (c === 0x22) return i;
  }
  return text.length - 1;
}
