/** The building blocks of the OpenAPI document: JSON, schema references, parameters, bodies and error answers. */

export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };
export type JsonObject = Record<string, Json>;

export function ref(schema: string): JsonObject {
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

const NAME_SCHEMA: JsonObject = { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 };

function query(name: string, description: string, schema: JsonObject): JsonObject {
  return { name, in: 'query', required: false, description, schema };
}

export const PARAMETERS: JsonObject = {
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

export function parameter(name: string): JsonObject {
  return { $ref: `#/components/parameters/${name}` };
}

function errorResponse(description: string): JsonObject {
  return { description, content: { 'application/json': { schema: ref('Error') } } };
}

export const ERROR_RESPONSES: JsonObject = {
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

export function errors(...names: readonly (keyof typeof STATUS_OF_RESPONSE)[]): JsonObject {
  const out: JsonObject = {};
  for (const name of names) out[STATUS_OF_RESPONSE[name]] = { $ref: `#/components/responses/${name}` };
  return out;
}

export function jsonBody(schema: string, description: string): JsonObject {
  return jsonSchemaBody(ref(schema), description);
}

export function jsonSchemaBody(schema: JsonObject, description: string): JsonObject {
  return { description, content: { 'application/json': { schema } } };
}

/** A dry run's answer, with the object typed as the collection's kind. */
export function dryRunOf(kind: string): JsonObject {
  return { allOf: [ref('DryRunResult'), { properties: { object: ref(kind) } }] };
}

export function eventStream(description: string): JsonObject {
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
