/**
 * Reading maps whose keys come from users (subnet names, labels, switch names, allocation
 * owners) without ever reaching Object.prototype: a key such as `constructor` or `toString` is
 * only found when the map itself holds it.
 */

/** The value stored under `key` in `map` itself, never an inherited member. */
export function own<V>(map: Readonly<Record<string, V>> | undefined, key: string): V | undefined {
  return map !== undefined && Object.hasOwn(map, key) ? map[key] : undefined;
}

/** Whether `map` itself holds `key`. */
export function hasOwn(map: object | undefined, key: string): boolean {
  return map !== undefined && Object.hasOwn(map, key);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why PostgreSQL could not store this text, or undefined when it can: a NUL character (text and
 * jsonb refuse it) or a lone UTF-16 surrogate (no UTF-8 encoding; jsonb refuses its escape).
 */
export function unstorableText(text: string): string | undefined {
  if (text.includes('\u0000')) return 'contains a NUL character (\\u0000), which cannot be stored';
  if (LONE_SURROGATE.test(text)) return 'contains a lone UTF-16 surrogate (not valid Unicode), which cannot be stored';
  return undefined;
}

/**
 * The first key or string anywhere in `value` that cannot be stored, with its dotted path, or
 * undefined. `__proto__` keys are reported too: they cannot be copied safely.
 */
export function findUnstorable(value: unknown, path = '', depth = 0): { readonly path: string; readonly message: string } | undefined {
  if (typeof value === 'string') {
    const why = unstorableText(value);
    return why === undefined ? undefined : { path, message: why };
  }
  if (typeof value !== 'object' || value === null || depth > 64) return undefined;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findUnstorable(item, `${path}[${i}]`, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    const at = joinPath(path, key);
    if (key === '__proto__') return { path: at, message: 'the key "__proto__" is not allowed' };
    const why = unstorableText(key);
    if (why !== undefined) return { path: at, message: `the key ${why}` };
    const found = findUnstorable((value as Record<string, unknown>)[key], at, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** `a.b`, or `a."odd key"` when the key is not a plain word. */
export function joinPath(base: string, key: string): string {
  const part = /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? key : JSON.stringify(key);
  return base === '' ? part : `${base}.${part}`;
}
