/**
 * The REST contract as an OpenAPI 3.1 document: one schema per kind (the same object as in YAML),
 * the error body, bearer authentication, and the paths under /api/v1/. OpenAPI 3.1 speaks JSON
 * Schema 2020-12, so the TypeBox schemas are used as they are, only with their keys sorted.
 */
import { ObjectMeta, RESOURCE_DEFINITIONS, type ResourceDefinition, type ResourceKind } from '#api';

export const OPENAPI_VERSION = '3.1.0';
export const API_PREFIX = '/api/v1';

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };
type JsonObject = Record<string, Json>;

/** The collection name of each kind under /api/v1/ (the design's REST paths). */
export const REST_COLLECTIONS: Readonly<Record<ResourceKind, string>> = {
  Switch: 'switches',
  Server: 'servers',
  Connection: 'connections',
  FabricPolicy: 'fabric-policies',
  ConfigTemplate: 'config-templates',
  VPC: 'vpcs',
  VPCAttachment: 'vpc-attachments',
  VPCPeering: 'vpc-peerings',
  External: 'externals',
  ExternalAttachment: 'external-attachments',
  ExternalPeering: 'external-peerings',
  Agent: 'agents',
};

export const TOKEN_ROLES = ['architect', 'tenant', 'viewer', 'agent'] as const;

export function restCollection(kind: string): string {
  const collections: Readonly<Record<string, string>> = REST_COLLECTIONS;
  const collection = collections[kind];
  if (collection === undefined) throw new Error(`kind ${kind} has no REST collection: add it to REST_COLLECTIONS`);
  return collection;
}

export function buildOpenApi(definitions: readonly ResourceDefinition[] = RESOURCE_DEFINITIONS): JsonObject {
  return {
    openapi: OPENAPI_VERSION,
    info: {
      title: 'Weft API',
      version: 'v1alpha1',
      description:
        'Fabric abstraction: VPCs, wiring and policy as Kubernetes-style objects. Bodies are the resource objects exactly as in YAML.',
    },
    security: [{ bearer: [] }],
    paths: { ...servicePaths(), ...resourcePaths(definitions), ...tokenPaths(), ...auditPaths() },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'a Weft token (POST /api/v1/tokens, or WEFT_ADMIN_TOKEN)' },
      },
      parameters: PARAMETERS,
      responses: ERROR_RESPONSES,
      schemas: { ...commonSchemas(), ...resourceSchemas(definitions), ...tokenSchemas(), ...auditSchemas() },
    },
  };
}

/** The document as written to api/openapi.json: 2-space indent, trailing newline. */
export function renderOpenApi(definitions: readonly ResourceDefinition[] = RESOURCE_DEFINITIONS): string {
  return `${JSON.stringify(buildOpenApi(definitions), null, 2)}\n`;
}

// ---- schemas -------------------------------------------------------------------------------

function ref(schema: string): JsonObject {
  return { $ref: `#/components/schemas/${schema}` };
}

/**
 * A JSON-safe copy of a schema with sorted keys; `x-kubernetes-*` hints stay in the CRDs. A map
 * (patternProperties) gets `additionalProperties: false`: the API, like the loader, rejects keys
 * that match no pattern, where plain JSON Schema would let them through unchecked.
 */
export function toOpenApiSchema(value: unknown): Json {
  if (Array.isArray(value)) return value.map((item: unknown) => toOpenApiSchema(item));
  if (typeof value === 'object' && value !== null) {
    const original = value as Readonly<Record<string, unknown>>;
    const isOpenMap = original.patternProperties !== undefined && original.additionalProperties === undefined;
    const source = isOpenMap ? { ...original, additionalProperties: false } : original;
    const out: JsonObject = {};
    for (const key of Object.keys(source).sort()) {
      if (key.startsWith('x-kubernetes-') || source[key] === undefined) continue;
      out[key] = key === 'required' && Array.isArray(source[key]) ? [...(source[key] as string[])].sort() : toOpenApiSchema(source[key]);
    }
    return out;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  throw new Error(`schema value of type ${typeof value} cannot be written as JSON`);
}

function commonSchemas(): JsonObject {
  return {
    ObjectMeta: toOpenApiSchema(ObjectMeta),
    Diagnostic: {
      type: 'object',
      description: 'one problem: a stable code, the object (and field) it is about, and what to do',
      required: ['code', 'path', 'message'],
      properties: {
        code: { type: 'string', description: 'a stable code such as WF103' },
        path: { type: 'string', description: 'the object and field, e.g. VPC default/blue spec.subnets.web.cidr' },
        message: { type: 'string' },
        severity: { type: 'string', enum: ['error', 'warning'] },
        hint: { type: 'string' },
      },
    },
    Error: {
      type: 'object',
      description: 'the body of every 4xx answer',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        diagnostics: { type: 'array', items: ref('Diagnostic') },
      },
    },
  };
}

function resourceSchemas(definitions: readonly ResourceDefinition[]): JsonObject {
  const schemas: JsonObject = {};
  for (const definition of definitions) {
    const { kind } = definition;
    const apiVersion = `${definition.group}/${definition.version}`;
    const properties: JsonObject = {
      apiVersion: { type: 'string', const: apiVersion },
      kind: { type: 'string', const: kind },
      metadata: ref('ObjectMeta'),
      spec: ref(`${kind}Spec`),
    };
    if (definition.status !== undefined) properties.status = ref(`${kind}Status`);
    schemas[kind] = {
      type: 'object',
      description: definition.description,
      required: ['apiVersion', 'kind', 'metadata', 'spec'],
      properties,
    };
    schemas[`${kind}Spec`] = toOpenApiSchema(definition.spec);
    if (definition.status !== undefined) schemas[`${kind}Status`] = toOpenApiSchema(definition.status);
    schemas[`${kind}List`] = {
      type: 'object',
      required: ['apiVersion', 'kind', 'items'],
      properties: {
        apiVersion: { type: 'string', const: apiVersion },
        kind: { type: 'string', const: `${kind}List` },
        items: { type: 'array', items: ref(kind) },
      },
    };
  }
  return schemas;
}

function tokenSchemas(): JsonObject {
  const tokenFields: JsonObject = {
    name: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 },
    role: { type: 'string', enum: [...TOKEN_ROLES] },
    tenant: { type: 'string', description: 'the tenant a tenant token acts for' },
    switch: { type: 'string', description: 'the switch an agent token acts for' },
  };
  return {
    TokenRequest: { type: 'object', required: ['name', 'role'], properties: tokenFields, additionalProperties: false },
    TokenCreated: {
      type: 'object',
      description: 'the secret is shown once, in this answer only',
      required: ['token'],
      properties: { token: { type: 'string' } },
    },
    Token: { type: 'object', description: 'a token without its secret', required: ['name', 'role'], properties: tokenFields },
    TokenList: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('Token') } } },
  };
}

function auditSchemas(): JsonObject {
  return {
    AuditEntry: {
      type: 'object',
      description: 'one change, by whom and when',
      required: ['id', 'time', 'actor', 'action'],
      properties: {
        id: { type: 'string' },
        time: { type: 'string', format: 'date-time' },
        actor: { type: 'string', description: 'the token name' },
        action: { type: 'string', description: 'create, update or delete' },
        kind: { type: 'string' },
        namespace: { type: 'string' },
        name: { type: 'string' },
      },
    },
    AuditList: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('AuditEntry') } } },
  };
}

// ---- parameters and responses ----------------------------------------------------------------

const PARAMETERS: JsonObject = {
  name: { name: 'name', in: 'path', required: true, schema: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 } },
  namespace: {
    name: 'namespace',
    in: 'query',
    required: false,
    description: 'the namespace (default: metadata.namespace of the body, else "default"; for lists: every namespace the token may read)',
    schema: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 },
  },
  dryRun: {
    name: 'dryRun',
    in: 'query',
    required: false,
    description: 'validate and plan the change, save nothing',
    schema: { type: 'boolean', default: false },
  },
};

function parameter(name: string): JsonObject {
  return { $ref: `#/components/parameters/${name}` };
}

function errorResponse(description: string): JsonObject {
  return { description, content: { 'application/json': { schema: ref('Error') } } };
}

const ERROR_RESPONSES: JsonObject = {
  BadRequest: errorResponse('the object is invalid; diagnostics say why, all of them'),
  Unauthorized: errorResponse('no token, or an unknown one'),
  Forbidden: errorResponse('the token may not do this'),
  NotFound: errorResponse('no such object'),
  Conflict: errorResponse('the object already exists, or it is owned by another source (e.g. a Kubernetes object)'),
};

const STATUS_OF_RESPONSE = { BadRequest: '400', Unauthorized: '401', Forbidden: '403', NotFound: '404', Conflict: '409' } as const;

function errors(...names: readonly (keyof typeof STATUS_OF_RESPONSE)[]): JsonObject {
  const out: JsonObject = {};
  for (const name of names) out[STATUS_OF_RESPONSE[name]] = { $ref: `#/components/responses/${name}` };
  return out;
}

function jsonBody(schema: string, description: string): JsonObject {
  return { description, content: { 'application/json': { schema: ref(schema) } } };
}

// ---- paths -----------------------------------------------------------------------------------

function resourcePaths(definitions: readonly ResourceDefinition[]): JsonObject {
  const paths: JsonObject = {};
  for (const definition of definitions) {
    const collection = `${API_PREFIX}/${restCollection(definition.kind)}`;
    paths[collection] = collectionOperations(definition);
    paths[`${collection}/{name}`] = objectOperations(definition);
  }
  return paths;
}

function scopeParameters(definition: ResourceDefinition): Json[] {
  return definition.scope === 'Namespaced' ? [parameter('namespace')] : [];
}

/** Path-level parameters, left out when there are none. */
function pathParameters(parameters: readonly Json[]): JsonObject {
  return parameters.length === 0 ? {} : { parameters: [...parameters] };
}

function collectionOperations(definition: ResourceDefinition): JsonObject {
  const { kind, group } = definition;
  return {
    ...pathParameters(scopeParameters(definition)),
    get: {
      operationId: `list${kind}`,
      tags: [group],
      summary: `List ${kind} objects`,
      responses: { '200': jsonBody(`${kind}List`, `the ${kind} objects`), ...errors('Unauthorized', 'Forbidden') },
    },
    post: {
      operationId: `create${kind}`,
      tags: [group],
      summary: `Create a ${kind}`,
      parameters: [parameter('dryRun')],
      requestBody: { required: true, content: { 'application/json': { schema: ref(kind) } } },
      responses: {
        '200': jsonBody(kind, 'dry run: the object as it would be saved; nothing was saved'),
        '201': jsonBody(kind, 'the object as saved'),
        ...errors('BadRequest', 'Unauthorized', 'Forbidden', 'Conflict'),
      },
    },
  };
}

function objectOperations(definition: ResourceDefinition): JsonObject {
  const { kind, group } = definition;
  return {
    ...pathParameters([parameter('name'), ...scopeParameters(definition)]),
    get: {
      operationId: `read${kind}`,
      tags: [group],
      summary: `Read a ${kind}`,
      responses: { '200': jsonBody(kind, `the ${kind}`), ...errors('Unauthorized', 'Forbidden', 'NotFound') },
    },
    put: {
      operationId: `replace${kind}`,
      tags: [group],
      summary: `Replace a ${kind}`,
      parameters: [parameter('dryRun')],
      requestBody: { required: true, content: { 'application/json': { schema: ref(kind) } } },
      responses: {
        '200': jsonBody(kind, 'the object as saved (dry run: as it would be saved)'),
        ...errors('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound', 'Conflict'),
      },
    },
    delete: {
      operationId: `delete${kind}`,
      tags: [group],
      summary: `Delete a ${kind}`,
      parameters: [parameter('dryRun')],
      responses: {
        '200': jsonBody(kind, 'the deleted object (dry run: the object that would be deleted)'),
        ...errors('Unauthorized', 'Forbidden', 'NotFound', 'Conflict'),
      },
    },
  };
}

/** Tokens are created and revoked, never edited: no PUT. */
function tokenPaths(): JsonObject {
  const collection = `${API_PREFIX}/tokens`;
  return {
    [collection]: {
      get: {
        operationId: 'listTokens',
        tags: ['tokens'],
        summary: 'List tokens (without their secrets)',
        responses: { '200': jsonBody('TokenList', 'the tokens'), ...errors('Unauthorized', 'Forbidden') },
      },
      post: {
        operationId: 'createToken',
        tags: ['tokens'],
        summary: 'Create a token; its secret is returned once',
        requestBody: { required: true, content: { 'application/json': { schema: ref('TokenRequest') } } },
        responses: {
          '201': jsonBody('TokenCreated', 'the new token'),
          ...errors('BadRequest', 'Unauthorized', 'Forbidden', 'Conflict'),
        },
      },
    },
    [`${collection}/{name}`]: {
      parameters: [parameter('name')],
      get: {
        operationId: 'readToken',
        tags: ['tokens'],
        summary: 'Read a token (without its secret)',
        responses: { '200': jsonBody('Token', 'the token'), ...errors('Unauthorized', 'Forbidden', 'NotFound') },
      },
      delete: {
        operationId: 'deleteToken',
        tags: ['tokens'],
        summary: 'Revoke a token',
        responses: { '200': jsonBody('Token', 'the revoked token'), ...errors('Unauthorized', 'Forbidden', 'NotFound') },
      },
    },
  };
}

/** The audit log is append-only: it is read, never written through the API. */
function auditPaths(): JsonObject {
  const collection = `${API_PREFIX}/audit`;
  return {
    [collection]: {
      get: {
        operationId: 'listAudit',
        tags: ['audit'],
        summary: 'List audit entries, oldest first',
        responses: { '200': jsonBody('AuditList', 'the audit entries'), ...errors('Unauthorized', 'Forbidden') },
      },
    },
    [`${collection}/{id}`]: {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      get: {
        operationId: 'readAudit',
        tags: ['audit'],
        summary: 'Read one audit entry',
        responses: { '200': jsonBody('AuditEntry', 'the audit entry'), ...errors('Unauthorized', 'Forbidden', 'NotFound') },
      },
    },
  };
}

function plainText(description: string): JsonObject {
  return { description, content: { 'text/plain': { schema: { type: 'string' } } } };
}

/** Probes, metrics and this document itself need no token. */
function servicePaths(): JsonObject {
  return {
    '/healthz': {
      get: { operationId: 'healthz', tags: ['service'], security: [], responses: { '200': plainText('the process is alive') } },
    },
    '/readyz': {
      get: {
        operationId: 'readyz',
        tags: ['service'],
        security: [],
        responses: { '200': plainText('ready to serve'), '503': plainText('not ready yet (database, controller); says which') },
      },
    },
    '/metrics': {
      get: {
        operationId: 'metrics',
        tags: ['service'],
        security: [],
        responses: { '200': plainText('Prometheus text exposition format') },
      },
    },
    '/api/openapi.json': {
      get: {
        operationId: 'openapi',
        tags: ['service'],
        security: [],
        responses: { '200': { description: 'this document', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    },
  };
}
