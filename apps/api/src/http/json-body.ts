/**
 * The JSON body parser. Fastify's own one answers every bad body with the same sentence; this
 * one says what is wrong (empty, not UTF-8, where the syntax breaks, which key is repeated), and
 * like Fastify's it refuses `__proto__` and `constructor.prototype` keys, which could poison
 * prototypes later, naming where they are.
 */
import { joinPath } from '#domain';
import { findJsonShapeProblem } from './json-keys.js';

/** A body that is not a JSON document; answered 400 `invalid-json`. */
export class InvalidJsonBodyError extends Error {
  readonly statusCode = 400;

  constructor(message: string) {
    super(message);
    this.name = 'InvalidJsonBodyError';
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

export function parseJsonBody(body: Buffer): unknown {
  // no body at all (a DELETE from a client that always sends Content-Type): the handler decides
  if (body.length === 0) return undefined;
  let text: string;
  try {
    text = UTF8.decode(body);
  } catch {
    throw new InvalidJsonBodyError('the body is not valid UTF-8 (JSON bodies are UTF-8)');
  }
  let value: unknown;
  try {
    // JSON.parse makes `__proto__` an own key, never the prototype: checked below, with its path
    value = JSON.parse(text);
  } catch (e) {
    throw new InvalidJsonBodyError(`the body is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const shape = findJsonShapeProblem(text);
  if (shape !== undefined) throw new InvalidJsonBodyError(`the body is not valid: ${shape.path} ${shape.message}`);
  const prototypeKey = findPrototypeKey(value, '');
  if (prototypeKey !== undefined) throw new InvalidJsonBodyError(`the body is not valid: key ${prototypeKey} is not allowed`);
  return value;
}

/** The path of a `__proto__` key, or of `constructor` holding a `prototype`, anywhere in the value. */
function findPrototypeKey(value: unknown, path: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((item, i) => [`[${i}]`, item]) : Object.entries(value);
  for (const [key, child] of entries) {
    const at = Array.isArray(value) ? `${path}${key}` : joinPath(path, key);
    if (!Array.isArray(value) && (key === '__proto__' || (key === 'constructor' && typeof child === 'object' && child !== null && Object.hasOwn(child, 'prototype')))) return at;
    const found = findPrototypeKey(child, at);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The Fastify parser callback shape Nest's useBodyParser takes. */
export function jsonBodyParser(_request: unknown, body: Buffer, done: (error: Error | null, value?: unknown) => void): void {
  let value: unknown;
  try {
    value = parseJsonBody(body);
  } catch (e) {
    done(e instanceof Error ? e : new InvalidJsonBodyError(String(e)));
    return;
  }
  done(null, value);
}
