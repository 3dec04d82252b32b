/**
 * Checks a value against the JSON Schema subset our TypeBox definitions use, and reports every
 * problem with its field path and a sentence a person can act on (the schema's `description`
 * says what a valid value looks like).
 */
import { hasOwn, joinPath, own, unstorableText } from './own.js';

export interface SchemaNode {
  readonly type?: string;
  readonly description?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | SchemaNode;
  readonly patternProperties?: Readonly<Record<string, SchemaNode>>;
  readonly items?: SchemaNode;
  readonly anyOf?: readonly SchemaNode[];
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems?: boolean;
  readonly minProperties?: number;
  readonly maxProperties?: number;
}

export interface SchemaProblem {
  /** dotted field path, e.g. `spec.subnets.web.cidr` */
  readonly field: string;
  readonly message: string;
  readonly hint?: string;
}

const patternCache = new Map<string, RegExp>();
function regex(pattern: string): RegExp {
  const re = patternCache.get(pattern) ?? new RegExp(pattern, 'u');
  // Stryker disable next-line CallExpression: equivalent, a cache: without it the pattern is compiled again, to the same
  patternCache.set(pattern, re);
  return re;
}

/** A short, printable rendering of a value for messages (never the whole of a huge string). */
export function show(value: unknown): string {
  if (typeof value === 'string') {
    const clipped = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return JSON.stringify(clipped);
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return typeof value;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number') return !Number.isFinite(value) ? String(value) : Number.isInteger(value) ? 'a number' : 'a fractional number';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  object: 'an object',
  array: 'a list',
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
};

const join = joinPath;

function literals(schema: SchemaNode): unknown[] | undefined {
  if (schema.enum !== undefined) return [...schema.enum];
  if (schema.anyOf?.every((s) => s.const !== undefined) === true) return schema.anyOf.map((s) => s.const);
  return undefined;
}

function typeMatches(type: string, value: unknown): boolean {
  switch (type) {
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return Number.isFinite(value);
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return true;
  }
}

function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  // words whose lengths differ by 3 or more are 3 or more edits apart, too far for closest() either way
  if (Math.abs(a.length - b.length) > 3) return 99;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = current;
  }
  return previous[b.length] ?? 99;
}

export function validateAgainstSchema(schema: SchemaNode, value: unknown, field = ''): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  check(schema, value, field, problems);
  return problems;
}

function check(schema: SchemaNode, value: unknown, field: string, out: SchemaProblem[]): void {
  const allowed = literals(schema);
  if (allowed !== undefined) {
    if (!allowed.includes(value)) {
      out.push({ field, message: `${show(value)} is not one of: ${allowed.map(String).join(', ')}` });
    }
    return;
  }
  if (schema.type !== undefined && !typeMatches(schema.type, value)) {
    const wanted = own(TYPE_WORDS, schema.type) ?? schema.type;
    const what = schema.description === undefined ? '' : ` (${schema.description})`;
    out.push({ field, message: `expected ${wanted}${what}, got ${typeName(value)}` });
    return;
  }
  if (typeof value === 'string') checkString(schema, value, field, out);
  else if (typeof value === 'number') checkNumber(schema, value, field, out);
  else if (Array.isArray(value)) checkArray(schema, value, field, out);
  else if (typeof value === 'object' && value !== null) checkObject(schema, value as Record<string, unknown>, field, out);
}

function checkString(schema: SchemaNode, value: string, field: string, out: SchemaProblem[]): void {
  const unstorable = unstorableText(value);
  if (unstorable !== undefined) {
    out.push({ field, message: unstorable });
    return;
  }
  // a bound the schema leaves out is one no value passes (the empty pattern matches everything)
  const { maxLength = Infinity, minLength = 0, pattern = '' } = schema;
  if (value.length > maxLength) {
    out.push({ field, message: `is ${value.length} characters long; at most ${maxLength} are allowed` });
    return;
  }
  if (value.length < minLength) {
    out.push({ field, message: value.length === 0 ? 'must not be empty' : `needs at least ${minLength} characters` });
    return;
  }
  if (!regex(pattern).test(value)) {
    const expected = schema.description ?? `a value matching ${pattern}`;
    out.push({ field, message: `${show(value)} is not valid: expected ${expected}` });
  }
}

function checkNumber(schema: SchemaNode, value: number, field: string, out: SchemaProblem[]): void {
  const { minimum = -Infinity, maximum = Infinity } = schema;
  if (value < minimum) {
    out.push({ field, message: `${value} is below the minimum of ${minimum}` });
  }
  if (value > maximum) {
    out.push({ field, message: `${value} is above the maximum of ${maximum}` });
  }
}

function checkArray(schema: SchemaNode, value: readonly unknown[], field: string, out: SchemaProblem[]): void {
  const { minItems = 0, maxItems = Infinity } = schema;
  if (value.length < minItems) {
    out.push({ field, message: `has ${value.length} item(s); at least ${minItems} are needed` });
  }
  if (value.length > maxItems) {
    out.push({ field, message: `has ${value.length} items; at most ${maxItems} are allowed` });
    return;
  }
  const items = schema.items;
  if (items !== undefined) {
    value.forEach((item, i) => {
      check(items, item, `${field}[${i}]`, out);
    });
  }
  if (schema.uniqueItems === true) {
    const seen = new Set<string>();
    value.forEach((item, i) => {
      const key = JSON.stringify(item);
      if (seen.has(key)) out.push({ field: `${field}[${i}]`, message: `${show(item)} is listed twice` });
      seen.add(key);
    });
  }
}

function checkObject(schema: SchemaNode, value: Record<string, unknown>, field: string, out: SchemaProblem[]): void {
  const properties = schema.properties ?? {};
  const keys = Object.keys(value);
  const { minProperties = 0, maxProperties = Infinity } = schema;
  if (keys.length < minProperties) {
    out.push({ field, message: `needs at least ${minProperties} entr${minProperties === 1 ? 'y' : 'ies'}` });
  }
  if (keys.length > maxProperties) {
    out.push({ field, message: `has ${keys.length} entries; at most ${maxProperties} are allowed` });
    return;
  }
  for (const name of schema.required ?? []) {
    if (!hasOwn(value, name) || value[name] === undefined) {
      out.push({ field: join(field, name), message: 'required field is missing' });
    }
  }
  const patterns = Object.entries(schema.patternProperties ?? {});
  for (const key of keys) {
    const child = value[key];
    const unstorable = unstorableText(key);
    if (key === '__proto__' || unstorable !== undefined) {
      out.push({ field: join(field, key), message: unstorable === undefined ? 'the key "__proto__" is not allowed' : `the key ${unstorable}` });
      continue;
    }
    // an own-property lookup: a key named like an Object.prototype member is not a known field
    const known = own(properties, key);
    if (known !== undefined) {
      if (child !== undefined) check(known, child, join(field, key), out);
      continue;
    }
    const byPattern = patterns.find(([p]) => regex(p).test(key));
    if (byPattern !== undefined) {
      check(byPattern[1], child, join(field, key), out);
      continue;
    }
    if (patterns.length > 0) {
      out.push({ field: join(field, key), message: `${show(key)} is not a valid name (lower-case letters, digits and "-")` });
      continue;
    }
    if (typeof schema.additionalProperties === 'object') {
      check(schema.additionalProperties, child, join(field, key), out);
    } else if (schema.additionalProperties === false) {
      const suggestion = closest(key, Object.keys(properties));
      out.push({
        field: join(field, key),
        message: `unknown field ${show(key)}`,
        ...(suggestion === undefined ? {} : { hint: `did you mean "${suggestion}"?` }),
      });
    }
  }
}
