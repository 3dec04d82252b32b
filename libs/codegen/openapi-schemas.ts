/** The components of the OpenAPI document: one schema per kind, and the bodies the service answers with (plans, tokens, explain, audit, inspect). */

import { ObjectMeta, ObjectStatus, SwitchStatus, type ResourceDefinition } from '#api';
import { TOKEN_ROLES } from './openapi-names.js';
import { ref, toOpenApiSchema, type Json, type JsonObject } from './openapi-parts.js';

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

export function commonSchemas(): JsonObject {
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
export function planSchemas(): JsonObject {
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

export function resourceSchemas(definitions: readonly ResourceDefinition[]): JsonObject {
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
export function patchSchemas(): JsonObject {
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

export function tokenSchemas(): JsonObject {
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
export function identitySchemas(): JsonObject {
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
export function explainSchemas(): JsonObject {
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

export function auditSchemas(): JsonObject {
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

export function inspectSchemas(): JsonObject {
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
