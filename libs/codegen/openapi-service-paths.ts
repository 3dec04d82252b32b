/** The service's own paths: agents, tokens, explain and inspect, DHCP leases, whoami, audit, events, probes and metrics. */

import { API_PREFIX } from './openapi-names.js';
import { errors, eventStream, jsonBody, parameter, ref, type JsonObject } from './openapi-parts.js';

/**
 * The agents' API (embedded mode): each switch's compiled desired state with its generation, a
 * stream of it, and the status its agent reports. An agent token reaches only its own switch.
 */
export function agentPaths(): JsonObject {
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
export function tokenPaths(): JsonObject {
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
export function explainPaths(): JsonObject {
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
export function dhcpLeasePaths(): JsonObject {
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
export function whoamiPaths(): JsonObject {
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
export function auditPaths(): JsonObject {
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
export function eventPaths(): JsonObject {
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
export function servicePaths(): JsonObject {
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
export function inspectPaths(): JsonObject {
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
