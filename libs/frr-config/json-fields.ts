/** Reading FRR's `show ... json` output, which has no schema: values of the expected kind or undefined. */

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-empty string. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A whole number of zero or more. */
export function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** FRR prints some lists as an array, some as an object keyed by name: the values either way, else none. */
export function listOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  // Stryker disable next-line ArrayDeclaration: equivalent, every caller skips entries that are not objects
  return isObject(value) ? Object.values(value) : [];
}
