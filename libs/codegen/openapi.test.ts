import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RESOURCE_DEFINITIONS } from '#api';
import { REST_COLLECTIONS, renderOpenApi, restCollection } from './index.js';

type Node = Record<string, unknown>;

const text = renderOpenApi();
const document = JSON.parse(text) as Node;

/** Follows a slash-separated path of keys through the document; fails the test when one is absent. */
function at(...keys: string[]): Node {
  let node: unknown = document;
  for (const key of keys) {
    assert.ok(typeof node === 'object' && node !== null, `${keys.join(' > ')}: ${key} has no parent object`);
    node = (node as Node)[key];
    assert.ok(node !== undefined, `${keys.join(' > ')}: ${key} is missing`);
  }
  return node as Node;
}

function parameterNames(operation: Node, pathItem: Node): string[] {
  const all = [...((pathItem.parameters as Node[] | undefined) ?? []), ...((operation.parameters as Node[] | undefined) ?? [])];
  return all.map((parameter) => String(parameter.$ref ?? parameter.name).replace('#/components/parameters/', '')).sort();
}

function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (typeof value !== 'object' || value === null) return [];
  const node = value as Node;
  const own = typeof node.$ref === 'string' ? [node.$ref] : [];
  return [...own, ...Object.values(node).flatMap(refsIn)];
}

test('the document is OpenAPI 3.1 JSON with 2-space indent and a trailing newline', () => {
  assert.ok(text.startsWith('{\n  "openapi": "3.1.0",\n'));
  assert.ok(text.endsWith('}\n'));
  assert.equal(renderOpenApi(), text, 'the same input gives the same text');
});

const DESIGN_COLLECTIONS = [
  'vpcs',
  'vpc-attachments',
  'vpc-peerings',
  'externals',
  'external-attachments',
  'external-peerings',
  'switches',
  'servers',
  'connections',
  'fabric-policies',
  'config-templates',
  'agents',
];

test('every resource has GET list / POST and GET / PUT / PATCH / DELETE on /{name} under /api/v1/', () => {
  assert.deepEqual(RESOURCE_DEFINITIONS.map((definition) => restCollection(definition.kind)).sort(), [...DESIGN_COLLECTIONS].sort());
  // Agents are compiled by Weft, not written: their paths are checked below
  for (const collection of DESIGN_COLLECTIONS.filter((name) => name !== 'agents')) {
    const list = at('paths', `/api/v1/${collection}`);
    const item = at('paths', `/api/v1/${collection}/{name}`);
    assert.deepEqual(Object.keys(list).filter((key) => key !== 'parameters'), ['get', 'post'], collection);
    assert.deepEqual(Object.keys(item).filter((key) => key !== 'parameters'), ['get', 'put', 'patch', 'delete'], collection);
    for (const [operation, pathItem, method] of [[list.post, list, 'POST'], [item.put, item, 'PUT'], [item.patch, item, 'PATCH'], [item.delete, item, 'DELETE']] as const) {
      assert.ok(parameterNames(operation as Node, pathItem).includes('dryRun'), `${method} ${collection} takes dryRun`);
    }
    assert.ok(!parameterNames(list.get as Node, list).includes('dryRun'), 'reads take no dryRun');
  }
});

test('agents are read, watched and report status; they are never created or deleted', () => {
  assert.deepEqual(Object.keys(at('paths', '/api/v1/agents')), ['get']);
  assert.deepEqual(Object.keys(at('paths', '/api/v1/agents/{name}')).filter((key) => key !== 'parameters'), ['get', 'put']);
  assert.deepEqual(Object.keys(at('paths', '/api/v1/agents/{name}/watch')).filter((key) => key !== 'parameters'), ['get']);
  assert.ok(at('paths', '/api/v1/agents/{name}/watch', 'get', 'responses', '200', 'content', 'text/event-stream'));
  assert.deepEqual(at('paths', '/api/v1/agents/{name}/status', 'put', 'requestBody', 'content', 'application/json', 'schema'), { $ref: '#/components/schemas/AgentStatus' });
  assert.ok(at('paths', '/api/v1/events', 'get', 'responses', '200', 'content', 'text/event-stream'));
});

test('namespaced kinds take ?namespace=, cluster-wide kinds do not; lists take labelSelector, limit and continue', () => {
  assert.deepEqual(parameterNames(at('paths', '/api/v1/vpcs/{name}', 'get'), at('paths', '/api/v1/vpcs/{name}')), ['name', 'namespace']);
  assert.deepEqual(parameterNames(at('paths', '/api/v1/vpcs', 'get'), at('paths', '/api/v1/vpcs')), ['continue', 'labelSelector', 'limit', 'namespace']);
  assert.deepEqual(parameterNames(at('paths', '/api/v1/switches', 'get'), at('paths', '/api/v1/switches')), ['continue', 'labelSelector', 'limit']);
  assert.deepEqual(parameterNames(at('paths', '/api/v1/switches/{name}', 'get'), at('paths', '/api/v1/switches/{name}')), ['name']);
  assert.deepEqual(parameterNames(at('paths', '/api/v1/switches', 'post'), at('paths', '/api/v1/switches')), ['dryRun']);
  assert.deepEqual(at('components', 'parameters', 'dryRun', 'schema'), { type: 'boolean', default: false });
});

test('writes take the resource object as body and answer errors with the error body', () => {
  const create = at('paths', '/api/v1/vpcs', 'post');
  assert.deepEqual(at('paths', '/api/v1/vpcs', 'post', 'requestBody', 'content', 'application/json', 'schema'), { $ref: '#/components/schemas/VPC' });
  const responses = create.responses as Node;
  assert.deepEqual(Object.keys(responses).sort(), ['200', '201', '400', '401', '403', '409']);
  assert.deepEqual(responses['400'], { $ref: '#/components/responses/BadRequest' });
  assert.deepEqual(at('components', 'responses', 'Conflict', 'content', 'application/json', 'schema'), { $ref: '#/components/schemas/Error' });
  assert.deepEqual(Object.keys(at('paths', '/api/v1/vpcs/{name}', 'get', 'responses')).sort(), ['200', '400', '401', '403', '404'], 'a bad ?namespace= is a 400');
  assert.deepEqual(at('paths', '/api/v1/vpcs/{name}', 'delete', 'responses', '200', 'content', 'application/json', 'schema'), {
    oneOf: [{ $ref: '#/components/schemas/DeleteResult' }, { $ref: '#/components/schemas/DryRunResult' }],
  });
  assert.deepEqual(at('components', 'schemas', 'DryRunResult').required, ['dryRun', 'plan', 'diagnostics']);
});

test('the error body is {code, message, diagnostics?: [{code, path, message}], requestId}', () => {
  const error = at('components', 'schemas', 'Error');
  assert.deepEqual(error.required, ['code', 'message', 'requestId']);
  assert.deepEqual(at('components', 'schemas', 'Error', 'properties', 'diagnostics'), {
    type: 'array',
    items: { $ref: '#/components/schemas/Diagnostic' },
  });
  assert.deepEqual(at('components', 'schemas', 'Diagnostic').required, ['code', 'path', 'message']);
});

test('each kind has a full object schema (apiVersion, kind, metadata, spec, status) and a list schema', () => {
  const vpc = at('components', 'schemas', 'VPC');
  assert.deepEqual(vpc.required, ['apiVersion', 'kind', 'metadata', 'spec']);
  assert.deepEqual(at('components', 'schemas', 'VPC', 'properties'), {
    apiVersion: { type: 'string', const: 'vpc.weft.dev/v1alpha1' },
    kind: { type: 'string', const: 'VPC' },
    metadata: { $ref: '#/components/schemas/ObjectMeta' },
    spec: { $ref: '#/components/schemas/VPCSpec' },
    status: { $ref: '#/components/schemas/VPCStatus' },
  });
  // the wiring kinds have the status the service answers with: conditions, and a Switch its agent's report
  assert.deepEqual(at('components', 'schemas', 'Switch', 'properties', 'status'), { $ref: '#/components/schemas/SwitchStatus' });
  assert.deepEqual(at('components', 'schemas', 'Server', 'properties', 'status'), { $ref: '#/components/schemas/ObjectStatus' });
  assert.deepEqual(Object.keys(at('components', 'schemas', 'SwitchStatus', 'properties')).sort(), ['appliedGeneration', 'bgpNeighbors', 'conditions', 'generation', 'lastError', 'lastHeartbeat', 'observedGeneration', 'remoteVteps', 'vpcs']);
  assert.equal(at('components', 'schemas', 'ObjectMeta', 'properties').owner, undefined, 'the owner is an annotation, as Kubernetes would carry it');
  assert.match(String(at('components', 'schemas', 'ObjectMeta', 'properties', 'annotations').description), /weft\.dev\/owner/);
  assert.deepEqual(at('components', 'schemas', 'VPCList', 'properties'), {
    apiVersion: { type: 'string', const: 'vpc.weft.dev/v1alpha1' },
    kind: { type: 'string', const: 'VPCList' },
    metadata: { $ref: '#/components/schemas/ListMeta' },
    items: { type: 'array', items: { $ref: '#/components/schemas/VPC' } },
  });
  assert.deepEqual(Object.keys(at('components', 'schemas', 'ListMeta', 'properties')), ['continue', 'remainingItemCount']);
  for (const definition of RESOURCE_DEFINITIONS) {
    at('components', 'schemas', `${definition.kind}Spec`);
    at('components', 'schemas', `${definition.kind}List`);
  }
});

test('spec schemas stay JSON Schema 2020-12: strict objects, keyed maps, no Kubernetes hints', () => {
  const spec = at('components', 'schemas', 'VPCSpec');
  assert.equal(spec.additionalProperties, false);
  const subnets = at('components', 'schemas', 'VPCSpec', 'properties', 'subnets');
  assert.deepEqual(Object.keys(subnets.patternProperties as Node), ['^[a-z0-9]([-a-z0-9]*[a-z0-9])?$']);
  assert.equal(subnets.additionalProperties, false, 'a subnet name that matches no pattern is rejected, as by the loader');
  assert.ok(!text.includes('x-kubernetes-'), 'x-kubernetes-* belongs in the CRDs only');
});

test('tokens are created with a role and revoked; the audit log is read-only', () => {
  assert.deepEqual(Object.keys(at('paths', '/api/v1/tokens')), ['get', 'post']);
  assert.deepEqual(Object.keys(at('paths', '/api/v1/tokens/{name}')).filter((key) => key !== 'parameters'), ['get', 'delete']);
  assert.deepEqual(at('components', 'schemas', 'TokenRequest', 'properties', 'role', 'enum'), ['architect', 'tenant', 'viewer', 'agent']);
  assert.deepEqual(at('paths', '/api/v1/tokens', 'post', 'responses', '201', 'content', 'application/json', 'schema'), {
    $ref: '#/components/schemas/TokenCreated',
  });
  assert.deepEqual(Object.keys(at('paths', '/api/v1/audit')), ['get']);
  assert.deepEqual(Object.keys(at('paths', '/api/v1/audit/{id}')).filter((key) => key !== 'parameters'), ['get']);
});

test('whoami tells who the token is; explain gives weft explain of one VPC', () => {
  assert.deepEqual(Object.keys(at('paths', '/api/v1/whoami')), ['get']);
  assert.deepEqual(at('paths', '/api/v1/whoami', 'get', 'responses', '200', 'content', 'application/json', 'schema'), { $ref: '#/components/schemas/Identity' });
  assert.deepEqual(at('components', 'schemas', 'Identity').required, ['name', 'role']);
  assert.deepEqual(Object.keys(at('paths', '/api/v1/vpcs/{name}/explain')).filter((key) => key !== 'parameters'), ['get']);
  assert.deepEqual(parameterNames(at('paths', '/api/v1/vpcs/{name}/explain', 'get'), at('paths', '/api/v1/vpcs/{name}/explain')), ['name', 'namespace']);
  assert.ok((at('components', 'schemas', 'VpcExplanation').required as string[]).includes('trace'));
});

test('requests carry a bearer token; probes and this document do not need one, metrics do', () => {
  assert.deepEqual(at('components', 'securitySchemes', 'bearer').scheme, 'bearer');
  assert.deepEqual(document.security, [{ bearer: [] }]);
  for (const path of ['/healthz', '/readyz', '/api/openapi.json']) {
    assert.deepEqual(at('paths', path, 'get').security, [], path);
  }
  assert.equal(at('paths', '/metrics', 'get').security, undefined, 'the document-wide bearer token');
  assert.ok(at('paths', '/metrics', 'get', 'responses', '200', 'content', 'application/openmetrics-text'));
  assert.ok(at('paths', '/readyz', 'get', 'responses', '503'));
});

test('PATCH takes a JSON merge patch or a JSON patch; lists and streams say how to read on', () => {
  assert.deepEqual(Object.keys(at('paths', '/api/v1/vpcs/{name}', 'patch', 'requestBody', 'content')), ['application/merge-patch+json', 'application/json-patch+json']);
  assert.ok(at('paths', '/api/v1/vpcs/{name}', 'patch', 'responses', '415'));
  assert.deepEqual(at('components', 'schemas', 'JsonPatch', 'items', 'properties', 'op', 'enum'), ['add', 'remove', 'replace', 'move', 'copy', 'test']);
  assert.deepEqual(at('components', 'parameters', 'lastEventId').in, 'header');
  assert.ok(at('paths', '/api/v1/events', 'get', 'responses', '410'));
});

test('a server, a license, and a summary on every operation', () => {
  assert.deepEqual(document.servers, [{ url: '/', description: 'the service that serves this document (/api/openapi.json); weft serve listens on :8080 by default' }]);
  assert.deepEqual(at('info', 'license'), { name: 'Apache-2.0', identifier: 'Apache-2.0' });
  for (const [path, item] of Object.entries(at('paths'))) {
    for (const [method, operation] of Object.entries(item as Node)) {
      if (method === 'parameters') continue;
      assert.equal(typeof (operation as Node).summary, 'string', `${method} ${path}`);
    }
  }
});

test('every $ref points at something in the document', () => {
  const refs = [...new Set(refsIn(document))].sort();
  assert.ok(refs.length > 20);
  for (const reference of refs) {
    assert.ok(reference.startsWith('#/'), reference);
    at(...reference.slice(2).split('/'));
  }
});

test('every kind has a REST collection, and an unknown kind is an error that says where to add it', () => {
  assert.equal(Object.keys(REST_COLLECTIONS).length, RESOURCE_DEFINITIONS.length);
  assert.throws(() => restCollection('Router'), /kind Router has no REST collection: add it to REST_COLLECTIONS/);
});
