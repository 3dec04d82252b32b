/**
 * The GraphQL contract as SDL (api/schema.graphql), derived from the same TypeBox schemas as the
 * CRDs and the OpenAPI document. Objects are read in their exact YAML shape, so the spec and
 * status types mirror the schemas field by field; writes take the spec as JSON because the store
 * validates it with the same validator as REST, and so answers with the same diagnostics.
 */
import { Condition, NumberRange, ObjectMeta, ObjectStatus, RESOURCE_DEFINITIONS, type ResourceDefinition } from '#api';
import { GENERATED_HEADER } from './crd.js';
import { TOKEN_ROLES, restCollection } from './openapi.js';

export const GRAPHQL_ENDPOINT = '/graphql';

/** Pages of the audit connection: the log can be long, so a page is bounded. */
export const AUDIT_PAGE = { default: 100, max: 999 } as const;

/** The Query and Mutation field names of one kind, so resolvers can be written once for all. */
export interface GraphqlFieldNames {
  readonly list: string;
  readonly single: string;
  readonly create: string;
  readonly replace: string;
  readonly delete: string;
}

type SchemaNode = Readonly<Record<string, unknown>>;

interface GraphqlArgument {
  readonly name: string;
  readonly type: string;
}

interface GraphqlField {
  readonly name: string;
  readonly type: string;
  readonly description?: string;
  readonly arguments?: readonly GraphqlArgument[];
}

type GraphqlType =
  | { readonly keyword: 'scalar'; readonly name: string; readonly description: string }
  | { readonly keyword: 'enum'; readonly name: string; readonly description?: string; readonly values: readonly string[] }
  | { readonly keyword: 'type' | 'input'; readonly name: string; readonly description?: string; readonly fields: readonly GraphqlField[] };

/** A field type before the caller decides nullability, and what its description must add. */
interface Translated {
  readonly type: string;
  readonly notes: readonly string[];
}

const INT_MAX = 2 ** 31 - 1;
const INT_MIN = -(2 ** 31);
const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;
/** Names the GraphQL grammar reads as values, so they cannot be enum values. */
const RESERVED_ENUM_VALUES: ReadonlySet<string> = new Set(['true', 'false', 'null']);
const ROOT_TYPES = ['Query', 'Mutation', 'Subscription'] as const;

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

// ---- field names ---------------------------------------------------------------------------

export function graphqlFieldNames(definition: ResourceDefinition): GraphqlFieldNames {
  const { kind } = definition;
  return {
    list: kebabToCamel(restCollection(kind)),
    single: lowerCamel(kind),
    create: `create${kind}`,
    replace: `replace${kind}`,
    delete: `delete${kind}`,
  };
}

/** Kind -> its Query and Mutation field names, e.g. VPCAttachment -> vpcAttachments, vpcAttachment, createVPCAttachment. */
export const GRAPHQL_FIELD_NAMES: Readonly<Record<string, GraphqlFieldNames>> = Object.fromEntries(
  RESOURCE_DEFINITIONS.map((definition) => [definition.kind, graphqlFieldNames(definition)]),
);

function kebabToCamel(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/** `VPCAttachment` -> `vpcAttachment`, `VPC` -> `vpc`, `FabricPolicy` -> `fabricPolicy`. */
function lowerCamel(pascal: string): string {
  const acronym = /^([A-Z]+)([A-Z][a-z].*)$/.exec(pascal);
  if (acronym !== null) return `${(acronym[1] ?? '').toLowerCase()}${acronym[2] ?? ''}`;
  if (/^[A-Z]+$/.test(pascal)) return pascal.toLowerCase();
  return `${pascal.charAt(0).toLowerCase()}${pascal.slice(1)}`;
}

/** `a VPC`, `an External`. */
function withArticle(kind: string): string {
  return /^[AEIOU]/.test(kind) ? `an ${kind}` : `a ${kind}`;
}

function upperFirst(name: string): string {
  return `${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}

/** The type name of one item of a list field: `...Links` -> `...Link`, `...Policies` -> `...Policy`. */
function singular(name: string): string {
  if (name.endsWith('ies')) return `${name.slice(0, -3)}y`;
  if (name.endsWith('s') && !name.endsWith('ss') && !name.endsWith('us')) return name.slice(0, -1);
  return `${name}Item`;
}

// ---- from JSON Schema to GraphQL types ---------------------------------------------------------

/** Key-sorted JSON of a schema; TypeBox's symbol keys (Optional, Kind) do not count. */
function canonical(value: unknown): string {
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
class TypeCollector {
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
function integer(schema: SchemaNode): Translated {
  const maximum = typeof schema.maximum === 'number' ? schema.maximum : undefined;
  const minimum = typeof schema.minimum === 'number' ? schema.minimum : undefined;
  if ((maximum ?? 0) <= INT_MAX && (minimum ?? 0) >= INT_MIN) return { type: 'Int', notes: [] };
  const range = `${minimum ?? 'any'} to ${maximum ?? 'any'}`;
  return { type: 'Float', notes: [`a whole number from ${range}, typed Float because GraphQL's Int stops at ${INT_MAX}`] };
}

// ---- fixed types -------------------------------------------------------------------------------

const SCALARS: readonly GraphqlType[] = [
  {
    keyword: 'scalar',
    name: 'JSON',
    description: 'Any JSON value, kept as is: maps such as VPC spec.subnets, labels, CONFIG_DB tables, input specs',
  },
  { keyword: 'scalar', name: 'DateTime', description: 'An RFC 3339 date and time as a string, e.g. 2025-01-31T12:00:00Z' },
];

const WRITE_REPORT_FIELDS: readonly GraphqlField[] = [
  { name: 'plan', type: '[DevicePlan!]!', description: 'what changes (dry run: would change), device by device' },
  { name: 'diagnostics', type: '[Diagnostic!]!', description: 'warnings that did not block the write' },
  { name: 'dryRun', type: 'Boolean!', description: 'true when nothing was saved' },
];

/**
 * A Relay cursor connection of `node` items: edges with opaque cursors, the nodes alone (for
 * clients that do not need cursors), pageInfo and, where the items can be counted, totalCount.
 */
function connectionTypes(node: string, items: string, counted: boolean): GraphqlType[] {
  return [
    {
      keyword: 'type',
      name: `${node}Connection`,
      description: `A page of ${items}: first items after the cursor after, in a stable order; a cursor stays valid while items are added or removed`,
      fields: [
        { name: 'edges', type: `[${node}Edge!]!` },
        { name: 'nodes', type: `[${node}!]!`, description: 'the items of the edges, without their cursors' },
        { name: 'pageInfo', type: 'PageInfo!' },
        ...(counted ? [{ name: 'totalCount', type: 'Int!', description: `every ${items.replace(/s$/, '')} the token may read, on every page` }] : []),
      ],
    },
    {
      keyword: 'type',
      name: `${node}Edge`,
      fields: [
        { name: 'cursor', type: 'String!', description: 'opaque: pass it as after to read on from here' },
        { name: 'node', type: `${node}!` },
      ],
    },
  ];
}

/** The arguments of a connection field: first items after a cursor. */
const PAGE_ARGUMENTS: readonly GraphqlArgument[] = [
  { name: 'first', type: 'Int' },
  { name: 'after', type: 'String' },
];

function supportTypes(): GraphqlType[] {
  return [
    {
      keyword: 'input',
      name: 'ObjectMetaInput',
      description: 'What a writer sets in metadata; uid, resourceVersion, generation and creationTimestamp come from the store',
      fields: [
        { name: 'name', type: 'String!' },
        { name: 'namespace', type: 'String', description: 'namespaced kinds only; default: default' },
        { name: 'labels', type: 'JSON', description: 'label name -> value' },
        { name: 'annotations', type: 'JSON', description: 'annotation name -> value' },
      ],
    },
    {
      keyword: 'type',
      name: 'Diagnostic',
      description: 'One problem: a stable code, the object (and field) it is about, and what to do',
      fields: [
        { name: 'code', type: 'String!', description: 'a stable code such as WF103' },
        { name: 'severity', type: 'String!', description: 'error or warning' },
        { name: 'path', type: 'String!', description: 'the object and field, e.g. VPC default/blue spec.subnets.web.cidr' },
        { name: 'message', type: 'String!' },
        { name: 'hint', type: 'String' },
      ],
    },
    {
      keyword: 'type',
      name: 'DevicePlan',
      description: 'The files of one device that a change adds, removes or changes',
      fields: [
        { name: 'device', type: 'String!' },
        { name: 'files', type: '[FilePlan!]!' },
      ],
    },
    {
      keyword: 'type',
      name: 'FilePlan',
      fields: [
        { name: 'file', type: 'String!', description: 'e.g. config_db.json, frr.conf' },
        { name: 'change', type: 'String!', description: 'added, removed or changed' },
        { name: 'lines', type: '[String!]!', description: '"+ line", "- line", "~ TABLE|key field: old -> new"' },
      ],
    },
    {
      keyword: 'type',
      name: 'DeleteResult',
      description: 'The outcome of a delete: what it changes on the devices',
      fields: WRITE_REPORT_FIELDS,
    },
    {
      keyword: 'type',
      name: 'AuditEntry',
      description: 'One change, by whom, through which interface and when',
      fields: [
        { name: 'id', type: 'Int!', description: 'increases with every entry' },
        { name: 'at', type: 'DateTime!' },
        { name: 'actor', type: 'String!', description: 'the token name, or system' },
        { name: 'role', type: 'String!', description: `${TOKEN_ROLES.join(', ')} or system` },
        { name: 'tenant', type: 'String', description: 'the tenant the actor acts for' },
        { name: 'via', type: 'String!', description: 'rest, graphql, kubernetes, system or agent' },
        { name: 'requestId', type: 'String' },
        { name: 'action', type: 'String!', description: 'create, replace, delete, seed, token or status' },
        { name: 'kind', type: 'String!' },
        { name: 'namespace', type: 'String' },
        { name: 'name', type: 'String!' },
        { name: 'before', type: 'JSON', description: 'the object before the change' },
        { name: 'after', type: 'JSON', description: 'the object after the change' },
        { name: 'plan', type: '[DevicePlan!]', description: 'what the change did on the devices' },
      ],
    },
    {
      keyword: 'type',
      name: 'TokenResult',
      description: 'A new token; the secret is shown once, in this answer only',
      fields: [
        { name: 'token', type: 'String!', description: 'the secret, for Authorization: Bearer <token>' },
        { name: 'name', type: 'String!' },
        { name: 'role', type: 'String!', description: TOKEN_ROLES.join(', ') },
        { name: 'tenant', type: 'String' },
        { name: 'switch', type: 'String' },
        { name: 'expiresAt', type: 'DateTime', description: 'when the token stops working; absent: never' },
      ],
    },
    {
      keyword: 'type',
      name: 'PageInfo',
      description: 'Where a page of a connection stands (Relay cursor connections): ask for the next page with after: endCursor',
      fields: [
        { name: 'hasNextPage', type: 'Boolean!', description: 'more items follow endCursor' },
        { name: 'hasPreviousPage', type: 'Boolean!', description: 'items come before startCursor' },
        { name: 'startCursor', type: 'String', description: 'the cursor of the first edge; null for an empty page' },
        { name: 'endCursor', type: 'String', description: 'the cursor of the last edge; null for an empty page' },
      ],
    },
    ...connectionTypes('AuditEntry', 'audit entries', false),
    {
      keyword: 'type',
      name: 'ResourceEvent',
      description: 'A change the store announces',
      fields: [
        { name: 'type', type: 'String!', description: 'ADDED, MODIFIED or DELETED' },
        { name: 'kind', type: 'String!' },
        { name: 'object', type: 'JSON!', description: 'the object after the change (DELETED: the last state), as in REST' },
      ],
    },
  ];
}

// ---- per kind ----------------------------------------------------------------------------------

function resourceTypes(definition: ResourceDefinition, collector: TypeCollector): GraphqlType[] {
  const { kind } = definition;
  const apiVersion = `${definition.group}/${definition.version}`;
  const spec = collector.translate(definition.spec, `${kind}Spec`, `${kind}.spec`);
  const status = definition.status === undefined
    ? collector.translate(ObjectStatus, 'ObjectStatus', `${kind}.status`)
    : collector.translate(definition.status, `${kind}Status`, `${kind}.status`);
  const scope = definition.scope === 'Namespaced' ? 'namespaced' : 'cluster-wide';
  return [
    {
      keyword: 'type',
      name: kind,
      description: `${definition.description.replace(/\.$/, '')} (${apiVersion}, ${scope})`,
      fields: [
        { name: 'apiVersion', type: 'String!', description: `always ${apiVersion}` },
        { name: 'kind', type: 'String!', description: `always ${kind}` },
        { name: 'metadata', type: 'ObjectMeta!' },
        { name: 'spec', type: `${spec.type}!` },
        { name: 'status', type: status.type },
      ],
    },
    {
      keyword: 'input',
      name: `${kind}Input`,
      description:
        `${upperFirst(withArticle(kind))} to write (apiVersion and kind are implied). The spec is JSON because the store checks it with the same ` +
        'validator as REST and YAML: an invalid spec fails with the same diagnostics, in the error\'s extensions (code, diagnostics)',
      fields: [
        { name: 'metadata', type: 'ObjectMetaInput!' },
        { name: 'spec', type: 'JSON!', description: `the spec exactly as in YAML; its shape is ${spec.type}` },
      ],
    },
    ...connectionTypes(kind, `${kind} objects`, true),
    {
      keyword: 'type',
      name: `${kind}WriteResult`,
      description: `The outcome of writing ${withArticle(kind)}`,
      fields: [{ name: 'object', type: kind, description: 'the object as saved (dry run: as it would be saved)' }, ...WRITE_REPORT_FIELDS],
    },
  ];
}

function scopeArguments(definition: ResourceDefinition): GraphqlArgument[] {
  return definition.scope === 'Namespaced' ? [{ name: 'namespace', type: 'String' }] : [];
}

function queryFields(definition: ResourceDefinition): GraphqlField[] {
  const { kind } = definition;
  const names = graphqlFieldNames(definition);
  const namespaced = definition.scope === 'Namespaced';
  return [
    {
      name: names.list,
      type: `${kind}Connection!`,
      description:
        `${kind} objects the token may read${namespaced ? ', in namespace (default: every namespace the token may read)' : ''}, ` +
        'sorted by namespace and name: the first items after the cursor after (without first: all of them)',
      arguments: [...scopeArguments(definition), ...PAGE_ARGUMENTS],
    },
    {
      name: names.single,
      type: kind,
      description: `One ${kind} by name${namespaced ? ` (namespace default: ${kind === 'Agent' ? 'weft-system' : 'default'})` : ''}; null when there is none`,
      arguments: [...scopeArguments(definition), { name: 'name', type: 'String!' }],
    },
  ];
}

function mutationFields(definition: ResourceDefinition): GraphqlField[] {
  const { kind } = definition;
  const names = graphqlFieldNames(definition);
  if (kind === 'Agent') {
    // an Agent's spec is compiled by Weft; its agent reports only the status
    return [
      {
        name: 'reportAgentStatus',
        type: 'Agent!',
        description: "An agent's report of what it applied (AgentStatus as JSON, checked like REST's PUT /api/v1/agents/{name}/status)",
        arguments: [{ name: 'name', type: 'String!' }, { name: 'status', type: 'JSON!' }],
      },
    ];
  }
  const write = [
    { name: 'input', type: `${kind}Input!` },
    { name: 'dryRun', type: 'Boolean' },
  ];
  const dryRun = 'dryRun: validate and plan, save nothing';
  return [
    { name: names.create, type: `${kind}WriteResult!`, description: `Creates ${withArticle(kind)}; ${dryRun}`, arguments: write },
    { name: names.replace, type: `${kind}WriteResult!`, description: `Replaces the ${kind} named in input.metadata; ${dryRun}`, arguments: write },
    {
      name: names.delete,
      type: 'DeleteResult!',
      description: `Deletes ${withArticle(kind)}; ${dryRun}`,
      arguments: [...scopeArguments(definition), { name: 'name', type: 'String!' }, { name: 'dryRun', type: 'Boolean' }],
    },
  ];
}

function rootTypes(definitions: readonly ResourceDefinition[]): GraphqlType[] {
  const audit: GraphqlField = {
    name: 'audit',
    type: 'AuditEntryConnection!',
    description: `Audit entries the token may read, newest first, filtered by the arguments given: the first (default ${AUDIT_PAGE.default}, at most ${AUDIT_PAGE.max}) after the cursor after`,
    arguments: [
      { name: 'kind', type: 'String' },
      { name: 'namespace', type: 'String' },
      { name: 'name', type: 'String' },
      { name: 'tenant', type: 'String' },
      { name: 'actor', type: 'String' },
      { name: 'since', type: 'DateTime' },
      ...PAGE_ARGUMENTS,
    ],
  };
  const createToken: GraphqlField = {
    name: 'createToken',
    type: 'TokenResult!',
    description: `Creates a token; role: ${TOKEN_ROLES.join(', ')}; tenant for tenant tokens, switch for agent tokens; expiresAt or ttlSeconds for a token that stops working (default: never)`,
    arguments: [
      { name: 'name', type: 'String!' },
      { name: 'role', type: 'String!' },
      { name: 'tenant', type: 'String' },
      { name: 'switch', type: 'String' },
      { name: 'expiresAt', type: 'DateTime' },
      { name: 'ttlSeconds', type: 'Int' },
    ],
  };
  return [
    { keyword: 'type', name: 'Query', description: 'Reads, with the same permissions as REST', fields: [...definitions.flatMap(queryFields), audit] },
    {
      keyword: 'type',
      name: 'Mutation',
      description:
        'Writes, with the same validation and permissions as REST. A refused write is a GraphQL error whose extensions ' +
        'hold code (invalid, forbidden, not-found, conflict...) and diagnostics',
      fields: [...definitions.flatMap(mutationFields), createToken],
    },
    {
      keyword: 'type',
      name: 'Subscription',
      description:
        `Changes as they happen: over WebSocket at ${GRAPHQL_ENDPOINT} (the graphql-ws protocol, graphql-transport-ws), or as ` +
        `server-sent events (graphql-sse format: event next, then complete) at ${GRAPHQL_ENDPOINT}/stream`,
      fields: [
        {
          name: 'events',
          type: 'ResourceEvent!',
          description: 'Every change of objects the token may read, of one kind or of every kind',
          arguments: [{ name: 'kind', type: 'String' }],
        },
      ],
    },
  ];
}

// ---- rendering ---------------------------------------------------------------------------------

/** A block string; one line when it fits, escaped `"""`, never ending in a quote that would close it. */
function renderDescription(text: string, indent: string): string {
  const escaped = text.replaceAll('"""', '\\"""');
  if (!escaped.includes('\n') && !escaped.endsWith('"') && !escaped.endsWith('\\')) return `${indent}"""${escaped}"""\n`;
  const body = escaped.split('\n').map((line) => `${indent}${line}`).join('\n');
  return `${indent}"""\n${body}\n${indent}"""\n`;
}

function renderField(field: GraphqlField): string {
  const description = field.description === undefined ? '' : renderDescription(field.description, '  ');
  const argumentList = field.arguments === undefined || field.arguments.length === 0
    ? ''
    : `(${field.arguments.map((argument) => `${argument.name}: ${argument.type}`).join(', ')})`;
  return `${description}  ${field.name}${argumentList}: ${field.type}\n`;
}

function renderType(type: GraphqlType): string {
  const description = type.description === undefined ? '' : renderDescription(type.description, '');
  switch (type.keyword) {
    case 'scalar':
      return `${description}scalar ${type.name}\n`;
    case 'enum':
      return `${description}enum ${type.name} {\n${type.values.map((value) => `  ${value}\n`).join('')}}\n`;
    case 'type':
    case 'input':
      return `${description}${type.keyword} ${type.name} {\n${type.fields.map(renderField).join('')}}\n`;
  }
}

function byName(a: GraphqlType, b: GraphqlType): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Every type of the schema: root types first, then the rest sorted by name. */
function graphqlTypes(definitions: readonly ResourceDefinition[]): GraphqlType[] {
  const collector = new TypeCollector();
  collector.objectType(ObjectMeta, 'ObjectMeta', 'metadata');
  for (const type of [...SCALARS, ...supportTypes()]) collector.add(type);
  for (const definition of definitions) {
    for (const type of resourceTypes(definition, collector)) {
      if (collector.has(type.name)) throw new Error(`kind ${definition.kind}: the GraphQL type ${type.name} exists already`);
      collector.add(type);
    }
  }
  const roots = rootTypes(definitions);
  for (const root of roots) {
    const names = root.keyword === 'type' ? root.fields.map((field) => field.name) : [];
    const duplicate = names.find((name, index) => names.indexOf(name) !== index);
    if (duplicate !== undefined) throw new Error(`${root.name} would have two fields named ${duplicate}`);
  }
  const rootNames: ReadonlySet<string> = new Set(ROOT_TYPES);
  return [...roots, ...collector.all().filter((type) => !rootNames.has(type.name)).sort(byName)];
}

/** The schema as written to api/schema.graphql: a header, then one block per type. */
export function renderGraphqlSchema(definitions: readonly ResourceDefinition[] = RESOURCE_DEFINITIONS): string {
  const header =
    `${GENERATED_HEADER}# The Weft GraphQL API, served at ${GRAPHQL_ENDPOINT}: the same objects and operations as REST under /api/v1/.\n` +
    '# Root types first, then every other type by name; fields in the order of the api/ schemas.\n';
  return `${header}\n${graphqlTypes(definitions).map(renderType).join('\n')}`;
}
