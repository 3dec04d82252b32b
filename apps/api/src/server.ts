/**
 * The HTTP application: Nest on Fastify, with a 1 MiB body limit, the request hooks (request id,
 * access log, metrics), the global JSON error filter and the bearer-token guard. It does not
 * listen: the caller does (serve() in main.ts, or a test on port 0).
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { LogController } from 'fastify';
import type { DynamicModule, Type } from '@nestjs/common';
import { AppModule } from './app.module.js';
import type { ServiceConfig } from './config.js';
import { serveConsole } from './http/console-static.js';
import type { HttpDependencies } from './http/dependencies.js';
import { sendErrorResponse, toErrorResponse } from './http/errors.js';
import { JsonExceptionFilter } from './http/exception.filter.js';
import { WeftFastifyAdapter } from './http/fastify-adapter.js';
import { jsonBodyParser } from './http/json-body.js';
import { answerFrameworkError, installRequestHooks, requestIdFor } from './http/request-hooks.js';
import { NestLogger } from './observability/nest-logger.js';
import { PATCH_TYPES } from './rest/patch.js';

export type { FabricStoreLike, HttpDependencies, Readiness, TokenAuthenticator } from './http/dependencies.js';

export const BODY_LIMIT_BYTES = 1024 * 1024;
/** The whole request (headers and body) must arrive within this; responses (streams) may last. */
export const REQUEST_TIMEOUT_MS = 60_000;
/** An idle keep-alive connection is closed after this. */
export const KEEP_ALIVE_TIMEOUT_MS = 5_000;
/** A connection on which nothing at all moves for this long is closed (streams send keep-alives). */
export const IDLE_SOCKET_TIMEOUT_MS = 120_000;

/** Kubernetes names are at most 253 characters; longer route parameters get a 414, not a 404. */
const MAX_PARAMETER_LENGTH = 1024;

/** dist/apps/api/src/ -> the repository root, where api/openapi.json is committed. */
export const OPENAPI_PATH = resolve(import.meta.dirname, '../../../../api/openapi.json');

export interface HttpAppOptions {
  /** more controllers (tests, or features mounted by the caller) */
  readonly controllers?: readonly Type[];
  /** more modules (the GraphQL module); they can inject the dependencies by token */
  readonly imports?: readonly (Type | DynamicModule)[];
  readonly openApiPath?: string;
  /** the built web console (default: apps/console/dist) */
  readonly consoleDir?: string;
  /** the module providing the store, tokens and readiness (StoreModule.forRoot) */
  readonly services?: DynamicModule;
}

export async function createHttpApp(dependencies: HttpDependencies, config: ServiceConfig, options: HttpAppOptions = {}): Promise<NestFastifyApplication> {
  const openApiDocument = await readOpenApi(options.openApiPath ?? OPENAPI_PATH);
  const headersTimeout = config.headerTimeoutMs;
  const adapter = new WeftFastifyAdapter({
    // slow clients cannot hold connections: headers, the whole request, idle keep-alive, idle sockets
    serverFactory: (handler: (request: IncomingMessage, response: ServerResponse) => void) => {
      const server = createServer({ headersTimeout, requestTimeout: Math.max(REQUEST_TIMEOUT_MS, headersTimeout), keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS, connectionsCheckingInterval: Math.min(1000, headersTimeout) }, handler);
      server.setTimeout(IDLE_SOCKET_TIMEOUT_MS);
      return server;
    },
    bodyLimit: BODY_LIMIT_BYTES,
    // the service's pino instance; each request's logger is its child with the request id
    // (request.log); the access line is the request hooks' own
    loggerInstance: dependencies.logger.pino,
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    genReqId: requestIdFor,
    frameworkErrors: answerFrameworkError,
    routerOptions: { maxParamLength: MAX_PARAMETER_LENGTH },
  });
  // until Nest's exception filters are in place (app.init), errors answer as they would
  adapter.forwardErrors((error, request, reply) => {
    sendErrorResponse(reply, toErrorResponse(error, { requestId: request.id, bodyLimitBytes: BODY_LIMIT_BYTES }));
  });
  installRequestHooks(adapter.getInstance(), dependencies.logger, dependencies.metrics);
  // the API reads JSON only: a text body is 415, not a string handed to a handler
  adapter.getInstance().removeContentTypeParser(['text/plain']);
  const module = AppModule.forRoot({
    dependencies,
    config,
    openApiDocument,
    ...(options.controllers === undefined ? {} : { controllers: options.controllers }),
    ...(options.imports === undefined ? {} : { imports: options.imports }),
    ...(options.services === undefined ? {} : { services: options.services }),
  });
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- Nest declares its options as a class; a literal is how they are passed
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    logger: new NestLogger(dependencies.logger),
    // a wiring mistake must reject this promise, not abort the process
    abortOnError: false,
  });
  app.useGlobalFilters(new JsonExceptionFilter(dependencies.logger, BODY_LIMIT_BYTES));
  app.useBodyParser('application/json', { bodyLimit: BODY_LIMIT_BYTES }, jsonBodyParser);
  // PATCH bodies: JSON merge patches and JSON patches, read by the same strict parser
  for (const type of PATCH_TYPES) app.useBodyParser(type, { bodyLimit: BODY_LIMIT_BYTES }, jsonBodyParser);
  await serveConsole(app, options.consoleDir);
  try {
    await app.init();
  } catch (e) {
    // what started (the database pool) stops with it
    await app.close().catch(() => undefined);
    throw e;
  }
  return app;
}

async function readOpenApi(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new Error(`cannot read the OpenAPI document ${path} (run npm run generate): ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}
