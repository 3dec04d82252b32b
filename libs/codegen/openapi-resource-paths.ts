/** The paths of the collections under /api/v1/: list, create, read, replace, patch and delete, with dry runs. */

import type { ResourceDefinition } from '#api';
import { API_PREFIX, restCollection } from './openapi-names.js';
import { dryRunOf, errors, jsonBody, jsonSchemaBody, parameter, ref, type Json, type JsonObject } from './openapi-parts.js';

export function resourcePaths(definitions: readonly ResourceDefinition[]): JsonObject {
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
