/**
 * The two custom scalars of api/schema.graphql. JSON passes any value through unchanged (specs,
 * label maps, CONFIG_DB tables are kept exactly as in YAML). DateTime is an RFC 3339 string; it is
 * checked both ways, so a malformed timestamp is refused on input and never leaves the service.
 */
import { GraphQLError, GraphQLScalarType, Kind, valueFromASTUntyped, type ValueNode } from 'graphql';

const RFC_3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-](\d{2}):(\d{2}))$/;
const MAX_QUOTED_LENGTH = 80;

/** True for an RFC 3339 date and time with a real calendar date, e.g. 2025-01-31T12:00:00Z. */
export function isDateTime(text: string): boolean {
  const match = RFC_3339.exec(text);
  if (match === null) return false;
  const part = (index: number): number => Number(match[index] ?? '0');
  const [year, month, day] = [part(1), part(2), part(3)];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  // 60 seconds: RFC 3339 allows a leap second
  return part(4) < 24 && part(5) < 60 && part(6) <= 60 && part(9) < 24 && part(10) < 60;
}

function daysInMonth(year: number, month: number): number {
  // day 0 of the next month is the last day of this one
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function quoted(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > MAX_QUOTED_LENGTH ? `${text.slice(0, MAX_QUOTED_LENGTH)}...` : text;
}

/** Output: a stored timestamp (or a Date) as RFC 3339; anything else is a fault of the service. */
export function serializeDateTime(value: unknown): string {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
  if (typeof value === 'string' && isDateTime(value)) return value;
  throw new GraphQLError(`DateTime cannot represent ${quoted(value)}: not an RFC 3339 date and time`, { extensions: { code: 'internal' } });
}

/** Input from a variable: the string, once checked. */
export function parseDateTimeValue(value: unknown): string {
  if (typeof value === 'string' && isDateTime(value)) return value;
  throw new GraphQLError(`DateTime must be an RFC 3339 date and time such as 2025-01-31T12:00:00Z, got ${quoted(value)}`, { extensions: { code: 'invalid' } });
}

/** Input written in the query text. */
export function parseDateTimeLiteral(node: ValueNode): string {
  if (node.kind !== Kind.STRING) throw new GraphQLError(`DateTime must be a string such as "2025-01-31T12:00:00Z", got a ${node.kind} value`, { nodes: node, extensions: { code: 'invalid' } });
  return parseDateTimeValue(node.value);
}

/**
 * JSON in the query text, with variables inside it resolved: `spec: {tenant: $tenant}`. graphql-js
 * builds objects without a prototype; they are copied into plain ones, and a `__proto__` key
 * (legal as a GraphQL name) is refused with where it is.
 */
export function parseJsonLiteral(node: ValueNode, variables?: { readonly [name: string]: unknown } | null): unknown {
  return plainJson(valueFromASTUntyped(node, variables), '');
}

function plainJson(value: unknown, path: string): unknown {
  if (Array.isArray(value)) return value.map((item, i) => plainJson(item, `${path}[${i}]`));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const at = path === '' ? key : `${path}.${key}`;
    if (key === '__proto__') throw new GraphQLError(`JSON key ${at} is not allowed`, { extensions: { code: 'invalid' } });
    // defineProperty, not assignment: no key can reach a setter
    Object.defineProperty(out, key, { value: plainJson(child, at), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function passThrough(value: unknown): unknown {
  return value;
}

/** JSON: any value, passed through as is; a literal is copied into plain objects. */
export const JSON_SCALAR = new GraphQLScalarType({ name: 'JSON', serialize: passThrough, parseValue: passThrough, parseLiteral: parseJsonLiteral });

/** DateTime: RFC 3339, checked both ways. */
export const DATE_TIME_SCALAR = new GraphQLScalarType({ name: 'DateTime', serialize: serializeDateTime, parseValue: parseDateTimeValue, parseLiteral: parseDateTimeLiteral });
