/**
 * The REST contract as an OpenAPI 3.1 document: one schema per kind (the same object as in YAML),
 * the answers of writes (the object, the per-device plan of a delete or a dry run), the error
 * body, bearer authentication, and every path the service serves: the collections under /api/v1/,
 * tokens, the audit log, the agents' API and the event stream. OpenAPI 3.1 speaks JSON Schema
 * 2020-12, so the TypeBox schemas are used as they are, only with their keys sorted.
 */
import { ObjectMeta, ObjectStatus, RESOURCE_DEFINITIONS, SwitchStatus, type ResourceDefinition, type ResourceKind } from '#api';

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
        'Fabric abstraction: VPCs, wiring and policy as Kubernetes-style objects. Bodies are the resource objects exactly as in YAML. ' +
        'GraphQL is served beside it at /graphql (schema: api/schema.graphql).',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: '/', description: 'the service that serves this document (/api/openapi.json); weft serve listens on :8080 by default' }],
    security: [{ bearer: [] }],
    tags: TAGS,
    paths: { ...servicePaths(), ...resourcePaths(definitions), ...explainPaths(), ...inspectPaths(), ...dhcpLeasePaths(), ...agentPaths(), ...tokenPaths(), ...whoamiPaths(), ...auditPaths(), ...eventPaths() },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'a Weft token (POST /api/v1/tokens, or WEFT_ADMIN_TOKEN)' },
      },
      parameters: PARAMETERS,
      responses: ERROR_RESPONSES,
      schemas: { ...commonSchemas(), ...planSchemas(), ...patchSchemas(), ...resourceSchemas(definitions), ...explainSchemas(), ...inspectSchemas(), ...tokenSchemas(), ...identitySchemas(), ...auditSchemas() },
    },
  };
}

/** The document as written to api/openapi.json: 2-space indent, trailing newline. */
export function renderOpenApi(definitions: readonly ResourceDefinition[] = RESOURCE_DEFINITIONS): string {
  return `${JSON.stringify(buildOpenApi(definitions), null, 2)}\n`;
}

/** Every tag an operation uses, described (the groups of kinds, then the service's own). */
const TAGS: Json[] = [
  ...[...new Set(RESOURCE_DEFINITIONS.filter((d) => d.kind !== 'Agent').map((d) => d.group))].sort().map((group) => ({ name: group, description: `the ${group} kinds` })),
  { name: 'agents', description: "the switches' agents: desired state, its stream, and what they report" },
  { name: 'tokens', description: 'access tokens and who a token is' },
  { name: 'audit', description: 'the append-only log of accepted changes' },
  { name: 'events', description: 'changes as server-sent events' },
  { name: 'service', description: 'health, readiness, metrics and this document' },
];

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

/** Metadata as the service answers it: the store's weft.dev/owner annotation says where the object may be changed. */
function objectMetaSchema(): Json {
  const meta = toOpenApiSchema(ObjectMeta) as JsonObject;
  const properties = meta.properties as JsonObject;
  const annotations = properties.annotations as JsonObject;
  const description = 'the service sets weft.dev/owner (read-only): api, or kubernetes when its Kubernetes object owns it';
  return { ...meta, properties: { ...properties, annotations: { ...annotations, description } } };
}

/** The status of a Switch (api/wiring.ts), and what a tenant token reads instead: its VPCs on it. */
function switchStatusSchema(): Json {
  const reported = toOpenApiSchema(SwitchStatus) as JsonObject;
  return {
    ...reported,
    description: "what the switch's agent last reported against the generation it should run; a tenant token reads its own VPCs on the switch instead",
    properties: {
      ...(reported.properties as JsonObject),
      vpcs: {
        type: 'array',
        description: "a tenant token's view: its VPCs on the switch",
        items: { type: 'object', required: ['vpc', 'applied'], properties: { vpc: { type: 'string' }, vrf: { type: 'string' }, applied: { type: 'string', enum: ['True', 'False', 'Unknown'] } } },
      },
    },
  };
}

/** Status components common to several kinds (commonSchemas) rather than generated per kind. */
const SHARED_STATUSES = new Set(['ObjectStatus', 'SwitchStatus']);

/** The component a kind's status refers to: the shared ObjectStatus and SwitchStatus, or its own. */
function statusSchemaName(definition: ResourceDefinition): string {
  if (definition.status === undefined || definition.status === ObjectStatus) return 'ObjectStatus';
  if (definition.status === SwitchStatus) return 'SwitchStatus';
  return `${definition.kind}Status`;
}

function commonSchemas(): JsonObject {
  return {
    ObjectMeta: objectMetaSchema(),
    ObjectStatus: toOpenApiSchema(ObjectStatus),
    SwitchStatus: switchStatusSchema(),
    ListMeta: {
      type: 'object',
      description: 'where a page of a list stands',
      properties: {
        continue: { type: 'string', description: 'pass as ?continue= (with the same namespace and labelSelector) for the next page; absent on the last page' },
        remainingItemCount: { type: 'integer', minimum: 1, description: 'how many objects follow this page' },
      },
    },
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
      description: 'the body of every error answer',
      required: ['code', 'message', 'requestId'],
      properties: {
        code: {
          type: 'string',
          description: 'invalid, invalid-json, unauthenticated, forbidden, not-found, conflict, too-large, unsupported-media-type, unavailable, internal, ...',
        },
        message: { type: 'string' },
        // for an invalid object: every problem, as weft validate reports them
        diagnostics: { type: 'array', items: ref('Diagnostic') },
        requestId: { type: 'string', description: 'the X-Request-Id of the request, also in the service log' },
      },
    },
    ServiceStatus: {
      type: 'object',
      required: ['status'],
      properties: { status: { type: 'string', enum: ['ok', 'ready', 'not-ready'] } },
    },
  };
}

/** What a write changes on which device (libs/compiler/plan.ts), and the answers that carry it. */
function planSchemas(): JsonObject {
  const diagnostics: JsonObject = { type: 'array', items: ref('Diagnostic'), description: 'warnings that did not block the write' };
  const plan: JsonObject = { type: 'array', items: ref('DevicePlan'), description: 'per device, what changes; empty when no device changes' };
  return {
    FilePlan: {
      type: 'object',
      description: 'the changes to one file of a device',
      required: ['file', 'change', 'lines'],
      properties: {
        file: { type: 'string', description: 'config_db.json, frr.conf or vyos.set' },
        change: { type: 'string', enum: ['added', 'removed', 'changed'] },
        lines: { type: 'array', items: { type: 'string' }, description: '`+ line`, `- line`, `~ TABLE|key field: old -> new`' },
      },
    },
    DevicePlan: {
      type: 'object',
      required: ['device', 'files'],
      properties: { device: { type: 'string', description: 'the switch' }, files: { type: 'array', items: ref('FilePlan') } },
    },
    DeleteResult: {
      type: 'object',
      description: 'the answer of a delete: what it changed on which device',
      required: ['plan', 'diagnostics'],
      properties: { plan, diagnostics },
    },
    DryRunResult: {
      type: 'object',
      description: 'the answer of a write with ?dryRun=true: what it would change; nothing was saved',
      required: ['dryRun', 'plan', 'diagnostics'],
      properties: {
        dryRun: { type: 'boolean', const: true },
        object: { type: 'object', description: 'the object as it would be saved, status included (absent for a delete)' },
        plan,
        diagnostics,
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
    const status = statusSchemaName(definition);
    properties.status = ref(status);
    schemas[kind] = {
      type: 'object',
      description: definition.description,
      required: ['apiVersion', 'kind', 'metadata', 'spec'],
      properties,
    };
    schemas[`${kind}Spec`] = toOpenApiSchema(definition.spec);
    if (definition.status !== undefined && !SHARED_STATUSES.has(status)) schemas[status] = toOpenApiSchema(definition.status);
    schemas[`${kind}List`] = listSchema(`${kind}List`, kind, `${definition.group}/${definition.version}`);
  }
  return schemas;
}

/**
 * `{apiVersion, kind: <Kind>List, metadata, items}`: a resource list carries its kind's
 * group/version and the page's ListMeta; the service's own lists (tokens, audit) are v1.
 */
function listSchema(listKind: string, itemSchema: string, apiVersion = 'v1'): JsonObject {
  const paged = apiVersion !== 'v1';
  return {
    type: 'object',
    required: ['apiVersion', 'kind', ...(paged ? ['metadata'] : []), 'items'],
    properties: {
      apiVersion: { type: 'string', const: apiVersion },
      kind: { type: 'string', const: listKind },
      ...(paged ? { metadata: ref('ListMeta') } : {}),
      items: { type: 'array', items: ref(itemSchema) },
    },
  };
}

/** A JSON patch (RFC 6902) and a JSON merge patch (RFC 7386). */
function patchSchemas(): JsonObject {
  return {
    JsonPatch: {
      type: 'array',
      description: 'RFC 6902 operations, applied in order to the object as a read shows it (apiVersion, kind, metadata, spec)',
      items: {
        type: 'object',
        required: ['op', 'path'],
        properties: {
          op: { type: 'string', enum: ['add', 'remove', 'replace', 'move', 'copy', 'test'] },
          path: { type: 'string', description: 'a JSON pointer, e.g. /spec/subnets/web' },
          from: { type: 'string', description: 'move and copy: where from' },
          value: { description: 'add, replace and test: the value' },
        },
      },
    },
    MergePatch: {
      type: 'object',
      description: 'RFC 7386: the fields to change, as in the object; null removes a field. metadata.resourceVersion, if given, must be the current one',
    },
  };
}

function tokenSchemas(): JsonObject {
  const name: JsonObject = { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 };
  const request: JsonObject = {
    name,
    role: { type: 'string', enum: [...TOKEN_ROLES] },
    tenant: { type: 'string', description: 'the tenant a tenant token acts for (role tenant only)' },
    switch: { type: 'string', description: 'the switch an agent token acts for (role agent only)' },
    expiresAt: { type: 'string', format: 'date-time', description: 'when the token stops working (default: never)' },
  };
  const info: JsonObject = {
    ...request,
    createdAt: { type: 'string', format: 'date-time' },
    createdBy: { type: 'string', description: 'the token that created it' },
  };
  return {
    TokenRequest: {
      type: 'object',
      required: ['name', 'role'],
      properties: { ...request, ttlSeconds: { type: 'integer', minimum: 1, description: 'instead of expiresAt: how many seconds from now the token works' } },
      additionalProperties: false,
    },
    TokenCreated: {
      type: 'object',
      description: 'the new token; its secret is shown once, in this answer only (stored as a hash)',
      required: ['token', 'name', 'role', 'createdAt', 'createdBy'],
      properties: { token: { type: 'string', description: 'the secret, for Authorization: Bearer' }, ...info },
    },
    Token: { type: 'object', description: 'a token without its secret', required: ['name', 'role', 'createdAt', 'createdBy'], properties: info },
    TokenList: listSchema('TokenList', 'Token'),
    TokenRevoked: { type: 'object', required: ['revoked'], properties: { revoked: { ...name, description: 'the name of the revoked token' } } },
  };
}

/** Who a token is (GET /api/v1/whoami): what a client needs to show what the token may do. */
function identitySchemas(): JsonObject {
  return {
    Identity: {
      type: 'object',
      description: 'the token the request carries: its name and role, never its secret',
      required: ['name', 'role'],
      properties: {
        name: { type: 'string', description: 'the token name (admin for WEFT_ADMIN_TOKEN)' },
        role: { type: 'string', enum: [...TOKEN_ROLES] },
        tenant: { type: 'string', description: 'the tenant a tenant token acts for' },
        switch: { type: 'string', description: 'the switch an agent token acts for' },
      },
    },
  };
}

/** What `weft explain vpc/NAME --json` prints (libs/compiler/explain.ts VpcExplanation). */
function explainSchemas(): JsonObject {
  const text: JsonObject = { type: 'string' };
  const texts: JsonObject = { type: 'array', items: text };
  const numbersBySwitch: JsonObject = { type: 'object', additionalProperties: { type: 'integer' }, description: 'switch -> VLAN id' };
  return {
    VpcExplanation: {
      type: 'object',
      description: 'which policy rule chose the isolation and why, every number allocated, where each attachment lands',
      required: ['vpc', 'tenant', 'policy', 'trace', 'subnets', 'transitVlans', 'attachments', 'peerings', 'externalPeerings', 'inside', 'multihoming', 'switches', 'diagnostics'],
      properties: {
        vpc: { type: 'string', description: 'namespace/name' },
        tenant: text,
        policy: { type: 'string', description: 'the FabricPolicy in force' },
        isolation: { type: 'string', enum: ['vlan', 'evpn-l2vni', 'evpn-l3vni'] },
        rule: { type: 'string', description: 'the rule that chose the isolation, or default' },
        trace: { ...texts, description: 'one sentence per rule tried, in order; a tenant token gets the deciding sentence only' },
        vrf: {
          type: 'object',
          required: ['name', 'id', 'table'],
          properties: { name: text, id: { type: 'integer' }, table: { type: 'integer' }, l3vni: { type: 'integer' }, routeTarget: text },
        },
        subnets: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name', 'cidr', 'gateway', 'vlans'],
            properties: { name: text, cidr: text, gateway: text, vni: { type: 'integer' }, routeTarget: text, vlans: numbersBySwitch, dhcp: { type: 'string', description: 'who hands out addresses: the served pool and relay target, or the relay' } },
          },
        },
        transitVlans: { ...numbersBySwitch, description: 'switch -> VLAN id of the L3VNI transit VLAN' },
        attachments: {
          type: 'array',
          items: {
            type: 'object',
            required: ['key', 'subnet', 'connection', 'switch', 'ports', 'tagging'],
            properties: { key: text, subnet: text, connection: text, switch: text, ports: texts, tagging: { type: 'string', enum: ['tagged', 'untagged'] } },
          },
        },
        peerings: texts,
        externalPeerings: texts,
        inside: { ...texts, description: 'isolated and restricted subnets, permits, static routes and where they are installed' },
        multihoming: { ...texts, description: 'how its ESI-LAG attachments and host BGP subnets are built' },
        switches: { ...texts, description: 'the switches that carry the VPC' },
        gatewaySwitch: { type: 'string', description: 'vlan isolation: the switch with the gateway' },
        diagnostics: { type: 'array', items: ref('Diagnostic') },
      },
    },
  };
}

function auditSchemas(): JsonObject {
  return {
    AuditEntry: {
      type: 'object',
      description: 'one accepted change: who, when, through which interface, the spec before and after, and its plan',
      required: ['id', 'at', 'actor', 'role', 'via', 'action', 'kind', 'name'],
      properties: {
        id: { type: 'integer', description: 'increases with every entry' },
        at: { type: 'string', format: 'date-time' },
        actor: { type: 'string', description: 'the token name, or system' },
        role: { type: 'string', enum: [...TOKEN_ROLES, 'system'] },
        tenant: { type: 'string', description: 'the tenant of the object' },
        via: { type: 'string', enum: ['rest', 'graphql', 'kubernetes', 'system', 'agent'] },
        requestId: { type: 'string' },
        action: { type: 'string', enum: ['create', 'replace', 'delete', 'seed', 'token', 'status'] },
        kind: { type: 'string' },
        namespace: { type: 'string' },
        name: { type: 'string' },
        before: { description: 'the spec before the change' },
        after: { description: 'the spec after the change' },
        plan: { type: 'array', items: ref('DevicePlan') },
      },
    },
    AuditList: listSchema('AuditList', 'AuditEntry'),
  };
}

// ---- parameters and responses ----------------------------------------------------------------

const NAME_SCHEMA: JsonObject = { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 };

function query(name: string, description: string, schema: JsonObject): JsonObject {
  return { name, in: 'query', required: false, description, schema };
}

const PARAMETERS: JsonObject = {
  name: { name: 'name', in: 'path', required: true, schema: NAME_SCHEMA },
  namespace: query('namespace', 'the namespace (default: metadata.namespace of the body, else "default"; for lists: every namespace the token may read)', {
    type: 'string',
    pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
    maxLength: 63,
  }),
  dryRun: query('dryRun', 'validate and plan the change, save nothing', { type: 'boolean', default: false }),
  labelSelector: query('labelSelector', 'only objects with these labels: key=value pairs separated by commas', { type: 'string' }),
  limit: query('limit', 'at most this many items; the answer says how to continue (metadata.continue) and how many follow', { type: 'integer', minimum: 1, maximum: 999999 }),
  continue: query('continue', "the previous page's metadata.continue: the page after it", { type: 'string' }),
  lastEventId: {
    name: 'Last-Event-ID',
    in: 'header',
    required: false,
    description: "the id of the last event received: the stream starts with what followed it (EventSource sends it when it reconnects)",
    schema: { type: 'string', maxLength: 64 },
  },
  auditKind: query('kind', 'only entries about this kind', { type: 'string' }),
  auditName: query('name', 'only entries about objects of this name', { type: 'string', maxLength: 253 }),
  auditTenant: query('tenant', "only entries of this tenant's objects (a tenant token sees only its own)", { type: 'string', maxLength: 253 }),
  auditActor: query('actor', 'only entries of this token', { type: 'string', maxLength: 253 }),
  auditSince: query('since', 'only entries from this time on', { type: 'string', format: 'date-time' }),
  auditBefore: query('before', 'only entries older than this entry id (the next page)', { type: 'integer', minimum: 0 }),
  auditLimit: query('limit', 'at most this many entries (default 100, at most 1000)', { type: 'integer', minimum: 1 }),
  eventKind: query('kind', 'only events about this kind', { type: 'string' }),
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
  Conflict: errorResponse('the object already exists, or it is owned by another source (e.g. a Kubernetes object), or a patch expected another version'),
  Gone: errorResponse('the events after Last-Event-ID are no longer kept: list the objects again, then stream without it'),
  UnsupportedMediaType: errorResponse('the body is not of a type this operation reads'),
  ClientError: errorResponse('a request refused before it reaches the operation (URL or headers too long, too many failed authentications)'),
};

const STATUS_OF_RESPONSE = { BadRequest: '400', Unauthorized: '401', Forbidden: '403', NotFound: '404', Conflict: '409', Gone: '410', UnsupportedMediaType: '415', ClientError: '4XX' } as const;

function errors(...names: readonly (keyof typeof STATUS_OF_RESPONSE)[]): JsonObject {
  const out: JsonObject = {};
  for (const name of names) out[STATUS_OF_RESPONSE[name]] = { $ref: `#/components/responses/${name}` };
  return out;
}

function jsonBody(schema: string, description: string): JsonObject {
  return jsonSchemaBody(ref(schema), description);
}

function jsonSchemaBody(schema: JsonObject, description: string): JsonObject {
  return { description, content: { 'application/json': { schema } } };
}

/** A dry run's answer, with the object typed as the collection's kind. */
function dryRunOf(kind: string): JsonObject {
  return { allOf: [ref('DryRunResult'), { properties: { object: ref(kind) } }] };
}

function eventStream(description: string): JsonObject {
  return {
    description,
    content: {
      'text/event-stream': {
        schema: {
          type: 'string',
          description:
            'server-sent events: `id:` the event id (send it back as Last-Event-ID to resume), `event: ADDED|MODIFIED|DELETED` and `data:` the object as JSON; ' +
            'a comment line every 15 s; when the service ends the stream, a last `event: error` with {code, message}',
        },
      },
    },
  };
}

// ---- paths -----------------------------------------------------------------------------------

function resourcePaths(definitions: readonly ResourceDefinition[]): JsonObject {
  const paths: JsonObject = {};
  // Agents are compiled by Weft, not written: they have paths of their own
  for (const definition of definitions.filter((d) => d.kind !== 'Agent')) {
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
      summary: `List ${kind} objects, sorted by namespace and name, a page at a time with limit and continue`,
      parameters: [parameter('labelSelector'), parameter('limit'), parameter('continue')],
      responses: { '200': jsonBody(`${kind}List`, `the ${kind} objects the token may read`), ...errors('BadRequest', 'Unauthorized', 'Forbidden') },
    },
    post: {
      operationId: `create${kind}`,
      tags: [group],
      summary: `Create a ${kind}`,
      parameters: [parameter('dryRun')],
      requestBody: { required: true, content: { 'application/json': { schema: ref(kind) } } },
      responses: {
        '200': jsonSchemaBody(dryRunOf(kind), 'dry run: the object as it would be saved and the plan; nothing was saved'),
        '201': jsonBody(kind, 'the object as saved, with its status; the audit log has its plan'),
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
      responses: { '200': jsonBody(kind, `the ${kind}, with its status`), ...errors('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound') },
    },
    put: {
      operationId: `replace${kind}`,
      tags: [group],
      summary: `Replace a ${kind}`,
      parameters: [parameter('dryRun')],
      requestBody: { required: true, content: { 'application/json': { schema: ref(kind) } } },
      responses: {
        '200': jsonSchemaBody({ oneOf: [ref(kind), dryRunOf(kind)] }, 'the object as saved (metadata.generation goes up when the spec changes); with ?dryRun=true the dry run'),
        ...errors('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound', 'Conflict'),
      },
    },
    patch: {
      operationId: `patch${kind}`,
      tags: [group],
      summary: `Patch a ${kind} with a JSON merge patch or a JSON patch`,
      parameters: [parameter('dryRun')],
      requestBody: {
        required: true,
        content: { 'application/merge-patch+json': { schema: ref('MergePatch') }, 'application/json-patch+json': { schema: ref('JsonPatch') } },
      },
      responses: {
        '200': jsonSchemaBody({ oneOf: [ref(kind), dryRunOf(kind)] }, 'the object as saved; with ?dryRun=true the dry run'),
        ...errors('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound', 'Conflict', 'UnsupportedMediaType'),
      },
    },
    delete: {
      operationId: `delete${kind}`,
      tags: [group],
      summary: `Delete a ${kind}`,
      parameters: [parameter('dryRun')],
      responses: {
        '200': jsonSchemaBody({ oneOf: [ref('DeleteResult'), ref('DryRunResult')] }, 'what the delete changed on which device; with ?dryRun=true what it would change'),
        ...errors('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound', 'Conflict'),
      },
    },
  };
}

/**
 * The agents' API (embedded mode): each switch's compiled desired state with its generation, a
 * stream of it, and the status its agent reports. An agent token reaches only its own switch.
 */
function agentPaths(): JsonObject {
  const collection = `${API_PREFIX}/agents`;
  const tags = ['agents'];
  return {
    [collection]: {
      get: {
        operationId: 'listAgent',
        tags,
        summary: 'List the Agents (one per switch); an agent token sees its own',
        parameters: [parameter('limit'), parameter('continue')],
        responses: { '200': jsonBody('AgentList', 'the Agents'), ...errors('BadRequest', 'Unauthorized', 'Forbidden') },
      },
    },
    [`${collection}/{name}`]: {
      parameters: [parameter('name')],
      get: {
        operationId: 'readAgent',
        tags,
        summary: "A switch's desired state (spec, with its generation) and reported status",
        responses: { '200': jsonBody('Agent', 'the Agent'), ...errors('Unauthorized', 'Forbidden', 'NotFound') },
      },
      put: {
        operationId: 'replaceAgent',
        tags,
        summary: 'Report status with the whole Agent object: only its status is taken (the spec is compiled by Weft)',
        requestBody: { required: true, content: { 'application/json': { schema: ref('Agent') } } },
        responses: { '200': jsonBody('Agent', 'the Agent with the status'), ...errors('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound') },
      },
    },
    [`${collection}/{name}/watch`]: {
      parameters: [parameter('name')],
      get: {
        operationId: 'watchAgent',
        tags,
        summary: 'Stream the Agent: ADDED now, then MODIFIED whenever its desired state or status changes',
        responses: { '200': eventStream('the Agent as server-sent events'), ...errors('Unauthorized', 'Forbidden', 'NotFound') },
      },
    },
    [`${collection}/{name}/status`]: {
      parameters: [parameter('name')],
      put: {
        operationId: 'reportAgentStatus',
        tags,
        summary: 'What the agent applied: appliedGeneration, BGP neighbours, VTEPs, ports, errors; shown on the Switch and its VPCs',
        requestBody: { required: true, content: { 'application/json': { schema: ref('AgentStatus') } } },
        responses: { '200': jsonBody('Agent', 'the Agent with the status'), ...errors('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound') },
      },
    },
  };
}

/** Tokens are created and revoked, never edited: no PUT. Only architects create and revoke. */
function tokenPaths(): JsonObject {
  const collection = `${API_PREFIX}/tokens`;
  return {
    [collection]: {
      get: {
        operationId: 'listTokens',
        tags: ['tokens'],
        summary: 'List tokens (without their secrets)',
        responses: { '200': jsonBody('TokenList', 'the tokens not revoked'), ...errors('Unauthorized', 'Forbidden') },
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
        summary: 'Revoke a token: it is refused (401) from now on',
        responses: { '200': jsonBody('TokenRevoked', 'the revoked token'), ...errors('Unauthorized', 'Forbidden', 'NotFound') },
      },
    },
  };
}

/** `weft explain vpc/NAME` through the API, for whoever may read the VPC. */
function explainPaths(): JsonObject {
  return {
    [`${API_PREFIX}/vpcs/{name}/explain`]: {
      parameters: [parameter('name'), parameter('namespace')],
      get: {
        operationId: 'explainVPC',
        tags: ['vpc.weft.dev'],
        summary: 'Which policy rule chose the isolation and why, and every number allocated (weft explain vpc/NAME)',
        responses: { '200': jsonBody('VpcExplanation', 'the explanation'), ...errors('BadRequest', 'Unauthorized', 'NotFound') },
      },
    },
  };
}

/** Weft's DHCP adapter reports the leases it holds for a VPC; they show in the VPC's status. */
function dhcpLeasePaths(): JsonObject {
  return {
    [`${API_PREFIX}/vpcs/{name}/dhcp-leases`]: {
      parameters: [parameter('name'), parameter('namespace')],
      put: {
        operationId: 'reportVPCDhcpLeases',
        tags: ['vpc.weft.dev'],
        summary: "The leases Weft's DHCP service holds in the VPC, by subnet (architects: the DHCP adapter); they replace the last report",
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['subnets'],
                properties: { subnets: { type: 'object', description: 'subnet name -> its leases', additionalProperties: {
                      type: 'array',
                      maxItems: 65536,
                      items: {
                        type: 'object',
                        required: ['ip', 'mac', 'expires'],
                        properties: { ip: { type: 'string' }, mac: { type: 'string' }, expires: { type: 'string', format: 'date-time' }, hostname: { type: 'string' } },
                      },
                    },
                  },
                },
              },
            },
          },
        },
        responses: { '200': jsonBody('VPC', 'the VPC with the leases in its status'), ...errors('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound') },
      },
    },
  };
}

/** Who the token is, so a client can show what it may do. */
function whoamiPaths(): JsonObject {
  return {
    [`${API_PREFIX}/whoami`]: {
      get: {
        operationId: 'whoami',
        tags: ['tokens'],
        summary: 'The name, role and tenant or switch of the token this request carries',
        responses: { '200': jsonBody('Identity', 'who the token is'), ...errors('Unauthorized') },
      },
    },
  };
}

/** The audit log is append-only: it is read, never written through the API. */
function auditPaths(): JsonObject {
  const collection = `${API_PREFIX}/audit`;
  const filters = ['auditKind', 'namespace', 'auditName', 'auditTenant', 'auditActor', 'auditSince', 'auditBefore', 'auditLimit'].map(parameter);
  return {
    [collection]: {
      get: {
        operationId: 'listAudit',
        tags: ['audit'],
        summary: "List audit entries, newest first; a tenant token sees only its tenant's",
        parameters: filters,
        responses: { '200': jsonBody('AuditList', 'the audit entries'), ...errors('BadRequest', 'Unauthorized', 'Forbidden') },
      },
    },
    [`${collection}/{id}`]: {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 0 } }],
      get: {
        operationId: 'readAudit',
        tags: ['audit'],
        summary: 'Read one audit entry',
        responses: { '200': jsonBody('AuditEntry', 'the audit entry'), ...errors('Unauthorized', 'Forbidden', 'NotFound') },
      },
    },
  };
}

/** Every change the token may see, as it happens (status changes included). */
function eventPaths(): JsonObject {
  return {
    [`${API_PREFIX}/events`]: {
      get: {
        operationId: 'watchEvents',
        tags: ['events'],
        summary: 'Stream ADDED / MODIFIED / DELETED objects, resuming after Last-Event-ID',
        parameters: [parameter('eventKind'), parameter('lastEventId')],
        responses: { '200': eventStream('the objects as server-sent events'), ...errors('BadRequest', 'Unauthorized', 'Gone') },
      },
    },
  };
}

/** Probes, metrics and this document itself need no token. */
function servicePaths(): JsonObject {
  return {
    '/healthz': {
      get: {
        operationId: 'healthz',
        tags: ['service'],
        summary: 'Liveness: 200 while the process answers',
        security: [],
        responses: { '200': jsonBody('ServiceStatus', 'the process is alive: {status: ok}'), ...errors('ClientError') },
      },
    },
    '/readyz': {
      get: {
        operationId: 'readyz',
        tags: ['service'],
        summary: 'Readiness: 200 when the service can do its work (its database answers)',
        security: [],
        responses: {
          '200': jsonBody('ServiceStatus', 'ready to serve: {status: ready}'),
          '503': jsonBody('ServiceStatus', 'not ready (the database does not answer): {status: not-ready}'),
          ...errors('ClientError'),
        },
      },
    },
    '/metrics': {
      get: {
        operationId: 'metrics',
        tags: ['service'],
        summary: 'Prometheus metrics (an architect or viewer token; WEFT_METRICS_ADDRESS serves them without one)',
        responses: {
          '200': {
            description: 'the Prometheus text format, or OpenMetrics when the Accept header asks for application/openmetrics-text',
            content: { 'text/plain': { schema: { type: 'string' } }, 'application/openmetrics-text': { schema: { type: 'string' } } },
          },
          ...errors('Unauthorized', 'Forbidden'),
        },
      },
    },
    '/api/openapi.json': {
      get: {
        operationId: 'openapi',
        tags: ['service'],
        summary: 'This document',
        security: [],
        responses: { '200': { description: 'this document', content: { 'application/json': { schema: { type: 'object' } } } }, ...errors('ClientError') },
      },
    },
  };
}

/** `weft inspect`: an object joined with its agents' reports (libs/inspect). */
function inspectPaths(): JsonObject {
  return {
    [`${API_PREFIX}/inspect/{kind}/{name}`]: {
      parameters: [
        { name: 'kind', in: 'path', required: true, description: 'what to inspect', schema: { type: 'string', enum: ['vpc', 'switch', 'server', 'connection'] } },
        parameter('name'),
        parameter('namespace'),
      ],
      get: {
        operationId: 'inspect',
        tags: ['agents'],
        summary: 'Where and how a VPC, switch, server or connection runs, from the agents\' reports (weft inspect KIND/NAME)',
        description: 'A tenant inspects its own VPCs, servers and connections (seeing only its own VPCs on them), never a switch (403); another tenant\'s object is 404.',
        responses: { '200': jsonBody('Inspection', 'the object as the agents report it'), ...errors('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound') },
      },
    },
  };
}

function inspectSchemas(): JsonObject {
  return {
    Inspection: {
      type: 'object',
      description: 'vpc: switches with generation, VNIs (state, tunnels), BGP sessions and MACs; switch: VPCs, sessions, ports; server and connection: links, attachments, MACs. The fields of each kind are in libs/inspect/types.ts.',
      required: ['kind', 'problems'],
      properties: {
        kind: { type: 'string', enum: ['vpc', 'switch', 'server', 'connection'] },
        problems: { type: 'array', items: { type: 'string' }, description: 'what a person on call should look at first, one line each' },
      },
      additionalProperties: true,
    },
  };
}
