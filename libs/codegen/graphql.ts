/**
 * The GraphQL contract as SDL (api/schema.graphql), derived from the same TypeBox schemas as the
 * CRDs and the OpenAPI document. Objects are read in their exact YAML shape, so the spec and
 * status types mirror the schemas field by field; writes take the spec as JSON because the store
 * validates it with the same validator as REST, and so answers with the same diagnostics.
 */
import { ObjectMeta, ObjectStatus, RESOURCE_DEFINITIONS, type ResourceDefinition } from '#api';
import { GENERATED_HEADER } from './crd.js';
import { TOKEN_ROLES } from './openapi.js';
import { graphqlFieldNames, upperFirst, withArticle } from './graphql-names.js';
import { byName, renderType, type GraphqlArgument, type GraphqlField, type GraphqlType } from './graphql-sdl.js';
import { PAGE_ARGUMENTS, SCALARS, WRITE_REPORT_FIELDS, connectionTypes, supportTypes } from './graphql-support.js';
import { ROOT_TYPES, TypeCollector } from './graphql-translate.js';

export { GRAPHQL_FIELD_NAMES, graphqlFieldNames, type GraphqlFieldNames } from './graphql-names.js';

export const GRAPHQL_ENDPOINT = '/graphql';

/** Pages of the audit connection: the log can be long, so a page is bounded. */
export const AUDIT_PAGE = { default: 100, max: 999 } as const;

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
