/**
 * The JSON body parser. Fastify's own one answers every bad body with the same sentence; this
 * one says what is wrong (empty, not UTF-8, where the syntax breaks), and like Fastify's it
 * refuses `__proto__` and `constructor.prototype` keys, which could poison prototypes later.
 */

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
  try {
    return JSON.parse(text, refusePrototypeKeys);
  } catch (e) {
    if (e instanceof InvalidJsonBodyError) throw e;
    throw new InvalidJsonBodyError(`the body is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function refusePrototypeKeys(key: string, value: unknown): unknown {
  if (key === '__proto__' || (key === 'constructor' && typeof value === 'object' && value !== null && Object.hasOwn(value, 'prototype'))) {
    throw new InvalidJsonBodyError(`the body has a "${key}" key, which is not allowed`);
  }
  return value;
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
