/**
 * Turns the JSON Schema that TypeBox builds into a Kubernetes *structural* schema: every node
 * has a type, maps are `additionalProperties`, unions of literals are enums, and nothing the
 * apiserver rejects (`patternProperties`, `anyOf` of types, `uniqueItems`) survives. Anything it
 * cannot translate faithfully is an error naming the field, never a silently weaker CRD.
 */

export type JsonSchema = Readonly<Record<string, unknown>>;

export type SchemaType = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';

/** One `x-kubernetes-validations` entry: a CEL rule the apiserver checks on write. */
export interface ValidationRule {
  readonly rule: string;
  readonly message?: string;
  readonly messageExpression?: string;
}

export interface KubernetesSchema {
  description?: string;
  type?: SchemaType;
  format?: string;
  enum?: unknown[];
  default?: unknown;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  multipleOf?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  required?: string[];
  properties?: Record<string, KubernetesSchema>;
  additionalProperties?: KubernetesSchema;
  items?: KubernetesSchema;
  'x-kubernetes-preserve-unknown-fields'?: true;
  'x-kubernetes-list-type'?: 'set';
  'x-kubernetes-validations'?: ValidationRule[];
}

/** Constraints both dialects spell the same way: copied as they are. */
const COPIED_KEYWORDS = [
  'format',
  'default',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
] as const;

/** Keywords translated by the functions below. */
const TRANSLATED_KEYWORDS = [
  'type',
  'description',
  'properties',
  'required',
  'additionalProperties',
  'patternProperties',
  'items',
  'anyOf',
  'const',
  'enum',
  'uniqueItems',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-validations',
] as const;

/** Annotations that do not constrain values; Kubernetes has no place for them. */
const DROPPED_KEYWORDS = ['$id', '$schema', '$comment', 'title', 'examples', 'readOnly', 'writeOnly', 'deprecated'] as const;

const KNOWN_KEYWORDS: ReadonlySet<string> = new Set<string>([...COPIED_KEYWORDS, ...TRANSLATED_KEYWORDS, ...DROPPED_KEYWORDS]);

/** Key patterns TypeBox emits for `Type.Record(Type.String(), ...)`: any key, nothing to check. */
const ANY_KEY_PATTERNS: ReadonlySet<string> = new Set(['^(.*)$', '^.*$']);

const SCALAR_TYPES: ReadonlySet<string> = new Set(['string', 'integer', 'number', 'boolean']);

/** Converts one schema; `path` names the field in error messages (e.g. `spec.subnets`). */
export function toKubernetesSchema(schema: JsonSchema, path: string): KubernetesSchema {
  rejectUnknownKeywords(schema, path);
  if (schema['x-kubernetes-preserve-unknown-fields'] === true) return freeFormSchema(schema);
  if (schema.anyOf !== undefined) return literalUnionSchema(schema, path);
  if (schema.const !== undefined) return literalSchema(schema, path);
  const type = schema.type;
  if (type === undefined) return anyValueSchema(schema, path);
  if (type === 'object') return objectSchema(schema, path);
  if (type === 'array') return arraySchema(schema, path);
  if (typeof type === 'string' && SCALAR_TYPES.has(type)) return scalarSchema(schema, type as SchemaType);
  throw new Error(`${path}: unsupported type ${JSON.stringify(type)}`);
}

/** A CEL rule that every key of a map matches `pattern` (CRD maps cannot constrain keys). */
export function keyPatternRule(pattern: string): ValidationRule {
  return {
    rule: `self.all(key, key.matches(${celString(pattern)}))`,
    message: `every key must match ${pattern}`,
  };
}

/** A CEL rule that exactly one of the optional `fields` is set. */
export function exactlyOneOfRule(fields: readonly string[]): ValidationRule {
  const counts = fields.map((field) => `(has(self.${field}) ? 1 : 0)`);
  return {
    rule: `${counts.join(' + ')} == 1`,
    message: `exactly one of ${fields.join(', ')} must be set`,
  };
}

function celString(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

function rejectUnknownKeywords(schema: JsonSchema, path: string): void {
  const unknown = Object.keys(schema)
    .filter((key) => !KNOWN_KEYWORDS.has(key))
    .sort();
  if (unknown.length > 0) {
    throw new Error(`${path}: JSON Schema keyword(s) ${unknown.join(', ')} cannot be expressed in a structural CRD schema`);
  }
}

/** Description and the constraints copied as they are, in one place for every node kind. */
function commonKeywords(schema: JsonSchema): KubernetesSchema {
  const out: Record<string, unknown> = {};
  if (typeof schema.description === 'string') out.description = schema.description;
  for (const key of COPIED_KEYWORDS) {
    if (schema[key] !== undefined) out[key] = schema[key];
  }
  const rules = celRulesOf(schema);
  if (rules.length > 0) out['x-kubernetes-validations'] = rules;
  return out;
}

/** The CEL rules api/ attached to a schema (`celRules(...)`), each a rule with a message. */
function celRulesOf(schema: JsonSchema): ValidationRule[] {
  const value = schema['x-kubernetes-validations'];
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new Error('x-kubernetes-validations must be a list of CEL rules');
  return value.map((item: unknown) => {
    if (!isSchema(item) || typeof item.rule !== 'string') throw new Error('each x-kubernetes-validations entry needs a rule');
    const { rule, message, messageExpression } = item as { rule: string; message?: unknown; messageExpression?: unknown };
    return {
      rule,
      ...(typeof message === 'string' ? { message } : {}),
      ...(typeof messageExpression === 'string' ? { messageExpression } : {}),
    };
  });
}

/** Free-form JSON kept as is (Type.Record of Type.Unknown marked for Kubernetes). */
function freeFormSchema(schema: JsonSchema): KubernetesSchema {
  const out: KubernetesSchema = { 'x-kubernetes-preserve-unknown-fields': true };
  if (typeof schema.description === 'string') out.description = schema.description;
  if (schema.type === 'object' || schema.type === 'array') out.type = schema.type;
  return out;
}

/** `Type.Unknown()` / `Type.Any()`: no keyword at all, any value is kept. */
function anyValueSchema(schema: JsonSchema, path: string): KubernetesSchema {
  const constraints = Object.keys(schema).filter((key) => key !== 'description');
  if (constraints.length > 0) {
    throw new Error(`${path}: a schema without "type" must not constrain values (has ${constraints.sort().join(', ')})`);
  }
  return freeFormSchema(schema);
}

function literalType(value: unknown, path: string): SchemaType {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  throw new Error(`${path}: literal ${JSON.stringify(value)} is not a string, number or boolean`);
}

/** `Type.Union([Type.Literal('a'), Type.Literal('b')])` becomes `type: string, enum: [a, b]`. */
function literalUnionSchema(schema: JsonSchema, path: string): KubernetesSchema {
  const members = schema.anyOf;
  if (!Array.isArray(members) || members.length === 0) throw new Error(`${path}: anyOf must be a non-empty list`);
  const values = members.map((member: unknown) => {
    if (!isSchema(member) || member.const === undefined) {
      throw new Error(`${path}: anyOf is only supported as a union of literals (Kubernetes forbids types inside anyOf)`);
    }
    return member.const;
  });
  const types = new Set(values.map((value) => literalType(value, path)));
  if (types.size !== 1) throw new Error(`${path}: a union of literals must have one type, found ${[...types].sort().join(', ')}`);
  return { ...commonKeywords(schema), type: [...types][0], enum: values };
}

function literalSchema(schema: JsonSchema, path: string): KubernetesSchema {
  return { ...commonKeywords(schema), type: literalType(schema.const, path), enum: [schema.const] };
}

function scalarSchema(schema: JsonSchema, type: SchemaType): KubernetesSchema {
  const out: KubernetesSchema = { ...commonKeywords(schema), type };
  if (Array.isArray(schema.enum)) out.enum = [...(schema.enum as unknown[])];
  // JSON Schema 2020-12 gives the bound itself; OpenAPI v3.0 (Kubernetes) a flag beside minimum/maximum.
  if (typeof schema.exclusiveMinimum === 'number') {
    out.minimum = schema.exclusiveMinimum;
    out.exclusiveMinimum = true;
  }
  if (typeof schema.exclusiveMaximum === 'number') {
    out.maximum = schema.exclusiveMaximum;
    out.exclusiveMaximum = true;
  }
  return out;
}

function objectSchema(schema: JsonSchema, path: string): KubernetesSchema {
  const properties = schemaMap(schema.properties, `${path}.properties`);
  const patternProperties = schemaMap(schema.patternProperties, `${path}.patternProperties`);
  if (properties !== undefined && patternProperties !== undefined) {
    throw new Error(`${path}: an object cannot have both properties and patternProperties in a structural schema`);
  }
  if (patternProperties !== undefined) return mapSchema(schema, patternProperties, path);
  const additional = schema.additionalProperties;
  if (isSchema(additional)) {
    if (properties !== undefined) {
      throw new Error(`${path}: additionalProperties beside properties is forbidden in a structural schema`);
    }
    return { ...commonKeywords(schema), type: 'object', additionalProperties: toKubernetesSchema(additional, `${path}.*`) };
  }
  const out: KubernetesSchema = { ...commonKeywords(schema), type: 'object' };
  if (properties !== undefined) out.properties = convertProperties(properties, path);
  const required = stringList(schema.required, `${path}.required`);
  if (required.length > 0) out.required = [...required].sort();
  // `additionalProperties: false` needs no translation: the apiserver prunes unknown fields.
  if (additional === true) out['x-kubernetes-preserve-unknown-fields'] = true;
  return out;
}

function convertProperties(properties: Readonly<Record<string, JsonSchema>>, path: string): Record<string, KubernetesSchema> {
  const out: Record<string, KubernetesSchema> = {};
  for (const name of Object.keys(properties).sort()) {
    out[name] = toKubernetesSchema(properties[name] ?? {}, path === '' ? name : `${path}.${name}`);
  }
  return out;
}

/** `Type.Record(key, value)`: the value schema moves to additionalProperties, the key rule to CEL. */
function mapSchema(schema: JsonSchema, patternProperties: Readonly<Record<string, JsonSchema>>, path: string): KubernetesSchema {
  const patterns = Object.keys(patternProperties);
  const [pattern] = patterns;
  if (pattern === undefined || patterns.length !== 1) {
    throw new Error(`${path}: only one key pattern per map can be expressed, found ${patterns.length}`);
  }
  const out: KubernetesSchema = {
    ...commonKeywords(schema),
    type: 'object',
    additionalProperties: toKubernetesSchema(patternProperties[pattern] ?? {}, `${path}.*`),
  };
  if (!ANY_KEY_PATTERNS.has(pattern)) out['x-kubernetes-validations'] = [keyPatternRule(pattern), ...(out['x-kubernetes-validations'] ?? [])];
  return out;
}

function arraySchema(schema: JsonSchema, path: string): KubernetesSchema {
  const items = schema.items;
  if (!isSchema(items)) throw new Error(`${path}: an array needs one items schema (tuples are not supported)`);
  const itemSchema = toKubernetesSchema(items, `${path}[]`);
  const out: KubernetesSchema = { ...commonKeywords(schema), type: 'array', items: itemSchema };
  if (schema.uniqueItems === true) {
    // Kubernetes forbids uniqueItems (quadratic); a set-typed list is checked in linear time.
    if (itemSchema.type === undefined || !SCALAR_TYPES.has(itemSchema.type)) {
      throw new Error(`${path}: uniqueItems is only supported on lists of strings, numbers or booleans`);
    }
    out['x-kubernetes-list-type'] = 'set';
  }
  return out;
}

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function schemaMap(value: unknown, path: string): Readonly<Record<string, JsonSchema>> | undefined {
  if (value === undefined) return undefined;
  if (!isSchema(value)) throw new Error(`${path}: expected an object of schemas`);
  for (const [key, member] of Object.entries(value)) {
    if (!isSchema(member)) throw new Error(`${path}.${key}: expected a schema`);
  }
  return value as Readonly<Record<string, JsonSchema>>;
}

function stringList(value: unknown, path: string): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new Error(`${path}: expected a list of field names`);
  }
  return value;
}
