/**
 * Per-request plumbing on the Fastify instance, outside Nest so that it also sees requests no
 * route matched and requests the body parser refused: the request id (X-Request-Id, echoed or
 * generated), one JSON access-log line per request (5xx at error, 4xx at warn, probes and scrapes
 * at debug, the rest at info), and the HTTP metrics.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../observability/logger.js';
import { recordHttpRequest, type WeftMetrics } from '../observability/metrics.js';
import { requestActor } from './auth.js';
import { CONSOLE_FALLBACK_ROUTE } from './console-static.js';
import { toErrorResponse } from './errors.js';

export const REQUEST_ID_HEADER = 'x-request-id';

/** A caller's id is kept when it is short and plain; anything else is replaced, not echoed. */
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Probes and scrapes arrive every few seconds: their access lines are debug, not info. */
const QUIET_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

const MAX_LOGGED_URL_LENGTH = 2048;

/** Fastify's genReqId: the caller's X-Request-Id when acceptable, else a new UUID. */
export function requestIdFor(request: IncomingMessage): string {
  const header = request.headers[REQUEST_ID_HEADER];
  const candidate = Array.isArray(header) ? header[0] : header;
  return candidate !== undefined && ACCEPTABLE_REQUEST_ID.test(candidate) ? candidate : randomUUID();
}

export function installRequestHooks(fastify: FastifyInstance, logger: Logger, metrics: WeftMetrics): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    recordRequest(request, reply, logger, metrics);
    done();
  });
}

/**
 * Fastify's frameworkErrors: the router refuses a URL it cannot decode (400) or a parameter over
 * maxParamLength (414) before any hook or Nest filter runs, so this answers with the JSON body.
 */
export function answerFrameworkError(error: Error, request: FastifyRequest, reply: FastifyReply): void {
  const response = toErrorResponse(error, { requestId: request.id });
  void reply
    .header(REQUEST_ID_HEADER, request.id)
    .status(response.status)
    .header('content-type', 'application/json; charset=utf-8')
    .send(response.body);
}

function recordRequest(request: FastifyRequest, reply: FastifyReply, logger: Logger, metrics: WeftMetrics): void {
  const status = reply.statusCode;
  const route = routePattern(request, status);
  const milliseconds = reply.elapsedTime;
  recordHttpRequest(metrics, { method: request.method, route, status, seconds: milliseconds / 1000 });
  const actor = requestActor(request);
  const fields = {
    requestId: request.id,
    method: request.method,
    url: request.url.length > MAX_LOGGED_URL_LENGTH ? `${request.url.slice(0, MAX_LOGGED_URL_LENGTH)}...` : request.url,
    ...(route === undefined ? {} : { route }),
    status,
    ms: Math.round(milliseconds * 1000) / 1000,
    ...(actor === undefined ? {} : { actor: actor.name, role: actor.role }),
  };
  if (status >= 500) logger.error('request', fields);
  else if (status >= 400) logger.warn('request', fields);
  else if (route !== undefined && QUIET_ROUTES.has(route)) logger.debug('request', fields);
  else logger.info('request', fields);
}

/** The route pattern (`/api/v1/vpcs/:name`), never the raw URL: one series per route. */
function routePattern(request: FastifyRequest, status: number): string | undefined {
  const pattern = (request.routeOptions as { url?: string } | undefined)?.url;
  // the console's catch-all hands whatever is not one of its pages to the not-found handler
  if (pattern === CONSOLE_FALLBACK_ROUTE && status === 404) return undefined;
  return pattern === undefined || pattern === '' ? undefined : pattern;
}
