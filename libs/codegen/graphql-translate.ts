/** From the api/ JSON Schemas to GraphQL types: objects, enums, maps as JSON, integers in range, shared types named once. */

import { Condition, NumberRange, ObjectStatus } from '#api';
import { singular, upperFirst } from './graphql-names.js';
import { renderType, type GraphqlField, type GraphqlType, type SchemaNode, type Translated } from './graphql-sdl.js';

const INT_MAX = 2 ** 31 - 1;
const INT_MIN = -(2 ** 31);
export const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;
/** Names the GraphQL grammar reads as values, so they cannot be enum values. */
const RESERVED_ENUM_VALUES: ReadonlySet<string> = new Set(['true', 'false', 'null']);
export const ROOT_TYPES = ['Query', 'Mutation', 'Subscription'] as const;

/** Schemas used in several places: one named type each instead of one per path. */
const SHARED_SCHEMAS: readonly (readonly [string, unknown])[] = [
  ['Condition', Condition],
  ['NumberRange', NumberRange],
  ['ObjectStatus', ObjectStatus],
];

/** Strings the store writes as RFC 3339 timestamps; the schemas keep them plain strings. */
const DATE_TIME_FIELDS: ReadonlySet<string> = new Set([
  'ObjectMeta.creationTimestamp',
  'Condition.lastTransitionTime',
  'AgentStatus.lastHeartbeat',
  'AgentStatus.lastAppliedTime',
]);

/** Fields the store adds beyond the api/ schemas (store.types.ts ResourceObject). */
const STORE_FIELDS: Readonly<Record<string, readonly GraphqlField[]>> = {
  ObjectMeta: [{ name: 'owner', type: 'String', description: 'api or kubernetes: where the object may be changed' }],
};

/** Key-sorted JSON of a schema; TypeBox's symbol keys (Optional, Kind) do not count. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item: unknown) => canonical(item)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const node = value as SchemaNode;
    const keys = Object.keys(node).filter((key) => node[key] !== undefined).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(node[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const SHARED_NAMES: ReadonlyMap<string, string> = new Map(SHARED_SCHEMAS.map(([name, schema]) => [canonical(schema), name]));

function describe(schema: SchemaNode): string | undefined {
  return typeof schema.description === 'string' && schema.description !== '' ? schema.description : undefined;
}

function joinDescription(base: string | undefined, notes: readonly string[]): string | undefined {
  const parts = [...(base === undefined ? [] : [base]), ...notes];
  return parts.length === 0 ? undefined : parts.join('; ');
}

function isValidEnumValue(value: string): boolean {
  return NAME.test(value) && !value.startsWith('__') && !RESERVED_ENUM_VALUES.has(value);
}

function literalsAreEnumValues(literals: readonly string[]): boolean {
  return literals.length > 0 && literals.every(isValidEnumValue);
}

function stringLiterals(schema: SchemaNode): string[] | undefined {
  const members = schema.anyOf;
  if (!Array.isArray(members)) return undefined;
  const values = members.map((member: unknown) => (typeof member === 'object' && member !== null ? (member as SchemaNode).const : undefined));
  return values.every((value): value is string => typeof value === 'string') ? values : undefined;
}

function isMap(schema: SchemaNode): boolean {
  const hasProperties = typeof schema.properties === 'object' && schema.properties !== null && Object.keys(schema.properties).length > 0;
  return !hasProperties;
}

/** Collects the named types while the resource schemas are walked; a name means one shape. */
export class TypeCollector {
  private readonly types = new Map<string, GraphqlType>();

  add(type: GraphqlType): string {
    const existing = this.types.get(type.name);
    if (existing !== undefined && renderType(existing) !== renderType(type)) {
      throw new Error(`two different types would be named ${type.name} in the GraphQL schema`);
    }
    this.types.set(type.name, type);
    return type.name;
  }

  has(name: string): boolean {
    return this.types.has(name);
  }

  all(): GraphqlType[] {
    return [...this.types.values()];
  }

  /** An object type for an object schema, its nested objects named after their path. */
  objectType(schema: SchemaNode, name: string, path: string): string {
    const properties = (schema.properties ?? {}) as Readonly<Record<string, SchemaNode>>;
    const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
    const fields = Object.keys(properties).map((field) => {
      const property = properties[field];
      if (property === undefined) throw new Error(`${path}.${field}: no schema`);
      return this.field(field, property, required.has(field), name, `${path}.${field}`);
    });
    return this.add({ keyword: 'type', name, description: describe(schema), fields: [...fields, ...(STORE_FIELDS[name] ?? [])] });
  }

  private field(field: string, schema: SchemaNode, required: boolean, owner: string, path: string): GraphqlField {
    if (!NAME.test(field)) throw new Error(`${path}: ${field} is not a valid GraphQL field name`);
    const translated = DATE_TIME_FIELDS.has(`${owner}.${field}`) && schema.type === 'string'
      ? { type: 'DateTime', notes: [] }
      : this.translate(schema, `${owner}${upperFirst(field)}`, path);
    const description = joinDescription(this.fieldDescription(schema), translated.notes);
    return { name: field, type: required ? `${translated.type}!` : translated.type, ...(description === undefined ? {} : { description }) };
  }

  /**
   * Objects and enums carry their description on their type, so the field does not repeat it;
   * a list without a description of its own borrows its items' (a list of port names).
   */
  private fieldDescription(schema: SchemaNode): string | undefined {
    const own = describe(schema);
    if (schema.type === 'array') {
      const items = schema.items;
      return own ?? (typeof items === 'object' && items !== null ? this.fieldDescription(items as SchemaNode) : undefined);
    }
    const literals = stringLiterals(schema);
    const becomesNamedType = literals === undefined ? schema.type === 'object' && !isMap(schema) : literalsAreEnumValues(literals);
    return becomesNamedType ? undefined : own;
  }

  /** The GraphQL type of a value, nullable; `name` is used when it needs a named type. */
  translate(schema: SchemaNode, name: string, path: string): Translated {
    const shared = SHARED_NAMES.get(canonical(schema));
    if (shared !== undefined) return { type: this.has(shared) ? shared : this.objectType(schema, shared, shared), notes: [] };
    const literals = stringLiterals(schema);
    if (literals !== undefined) return this.literalUnion(schema, literals, name);
    if (schema.anyOf !== undefined) throw new Error(`${path}: a union of ${canonical(schema.anyOf)} has no GraphQL type: use string literals only`);
    if (typeof schema.const === 'string') return { type: 'String', notes: [`always ${schema.const}`] };
    switch (schema.type) {
      case undefined:
        return { type: 'JSON', notes: [] };
      case 'object':
        return isMap(schema) ? { type: 'JSON', notes: mapNotes(schema) } : { type: this.objectType(schema, name, path), notes: [] };
      case 'array':
        return this.list(schema, name, path);
      case 'string':
        return { type: schema.format === 'date-time' ? 'DateTime' : 'String', notes: [] };
      case 'integer':
        return integer(schema);
      case 'number':
        return { type: 'Float', notes: [] };
      case 'boolean':
        return { type: 'Boolean', notes: [] };
      default:
        throw new Error(`${path}: JSON Schema type ${canonical(schema.type)} has no GraphQL type`);
    }
  }

  private list(schema: SchemaNode, name: string, path: string): Translated {
    if (typeof schema.items !== 'object' || schema.items === null || Array.isArray(schema.items)) {
      throw new Error(`${path}: an array needs one items schema`);
    }
    const item = this.translate(schema.items as SchemaNode, singular(name), `${path}[]`);
    return { type: `[${item.type}!]`, notes: item.notes };
  }

  /** An enum when every literal is a GraphQL name, else a String that lists the values. */
  private literalUnion(schema: SchemaNode, literals: readonly string[], name: string): Translated {
    if (literalsAreEnumValues(literals)) {
      return { type: this.add({ keyword: 'enum', name, description: describe(schema), values: [...new Set(literals)] }), notes: [] };
    }
    const invalid = literals.filter((literal) => !isValidEnumValue(literal));
    return {
      type: 'String',
      notes: [`one of ${literals.join(', ')} (a String, not an enum: ${invalid.join(', ')} cannot be GraphQL enum values)`],
    };
  }
}

/** A map is JSON; when its values are objects, the description names their fields. */
function mapNotes(schema: SchemaNode): string[] {
  const patterns = schema.patternProperties;
  const values = typeof patterns === 'object' && patterns !== null ? Object.values(patterns as SchemaNode) : [schema.additionalProperties];
  const fields = values.flatMap((value) => {
    const properties = typeof value === 'object' && value !== null ? (value as SchemaNode).properties : undefined;
    return typeof properties === 'object' && properties !== null ? Object.keys(properties) : [];
  });
  return fields.length === 0 ? [] : [`a JSON map whose values have the fields ${[...new Set(fields)].join(', ')}`];
}

/** Int unless the schema allows values beyond 32 bits (AS numbers): then Float, and it says so. */
export function integer(schema: SchemaNode): Translated {
  const maximum = typeof schema.maximum === 'number' ? schema.maximum : undefined;
  const minimum = typeof schema.minimum === 'number' ? schema.minimum : undefined;
  if ((maximum ?? 0) <= INT_MAX && (minimum ?? 0) >= INT_MIN) return { type: 'Int', notes: [] };
  const range = `${minimum ?? 'any'} to ${maximum ?? 'any'}`;
  return { type: 'Float', notes: [`a whole number from ${range}, typed Float because GraphQL's Int stops at ${INT_MAX}`] };
}
