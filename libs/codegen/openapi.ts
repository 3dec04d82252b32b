/**
 * The REST contract as an OpenAPI 3.1 document: one schema per kind (the same object as in YAML),
 * the answers of writes (the object, the per-device plan of a delete or a dry run), the error
 * body, bearer authentication, and every path the service serves: the collections under /api/v1/,
 * tokens, the audit log, the agents' API and the event stream. OpenAPI 3.1 speaks JSON Schema
 * 2020-12, so the TypeBox schemas are used as they are, only with their keys sorted.
 */
import { RESOURCE_DEFINITIONS, type ResourceDefinition } from '#api';
import { OPENAPI_VERSION } from './openapi-names.js';
import { ERROR_RESPONSES, PARAMETERS, type Json, type JsonObject } from './openapi-parts.js';
import { resourcePaths } from './openapi-resource-paths.js';
import { auditSchemas, commonSchemas, explainSchemas, identitySchemas, inspectSchemas, patchSchemas, planSchemas, resourceSchemas, tokenSchemas } from './openapi-schemas.js';
import { agentPaths, auditPaths, dhcpLeasePaths, eventPaths, explainPaths, inspectPaths, servicePaths, tokenPaths, whoamiPaths } from './openapi-service-paths.js';

export { API_PREFIX, OPENAPI_VERSION, REST_COLLECTIONS, TOKEN_ROLES, restCollection } from './openapi-names.js';
export { toOpenApiSchema } from './openapi-parts.js';

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
