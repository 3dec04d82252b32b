/**
 * GraphQL over HTTP: POST /graphql (JSON `{query, variables, operationName}`), GET /graphql for
 * queries, and subscriptions as server-sent events at /graphql/stream (GET or POST). Behind the
 * same bearer-token guard as REST; the store does the work, with `via: 'graphql'`.
 */
import { Body, Controller, Get, Inject, Post, Query, Req, Res, type OnModuleDestroy } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FormattedExecutionResult, GraphQLSchema } from 'graphql';
import { CurrentActor } from '../http/auth.js';
import type { TokenAuthenticator } from '../http/dependencies.js';
import { FABRIC_STORE, LOGGER, TOKEN_AUTHENTICATOR } from '../http/injection-tokens.js';
import type { Logger } from '../observability/logger.js';
import type { Actor } from '../store/store.types.js';
import { openGraphqlEventStream } from './event-stream.js';
import { GraphqlExecutor, type GraphqlAnswer, type Transport } from './executor.js';
import { RequestProblem, requestFromBody, requestFromQueryString, type GraphqlRequest } from './request.js';
import type { GraphqlContext, GraphqlStore, TokenIssuer } from './resolvers.js';
import { loadGraphqlSchema } from './schema.js';

type QueryValue = string | string[] | undefined;

/** Built once per process: the schema holds no per-app state (the store comes with the context). */
let sharedSchema: GraphQLSchema | undefined;

function graphqlSchema(): GraphQLSchema {
  sharedSchema ??= loadGraphqlSchema();
  return sharedSchema;
}

function isTokenIssuer(tokens: TokenAuthenticator): tokens is TokenAuthenticator & TokenIssuer {
  return typeof (tokens as Partial<TokenIssuer>).create === 'function';
}

@Controller('graphql')
export class GraphqlController implements OnModuleDestroy {
  private readonly executor: GraphqlExecutor;
  /** open subscription streams, ended when the app shuts down so closing it does not hang */
  private readonly streams = new Set<() => void>();

  constructor(
    @Inject(FABRIC_STORE) private readonly store: GraphqlStore,
    @Inject(TOKEN_AUTHENTICATOR) private readonly tokens: TokenAuthenticator,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.executor = new GraphqlExecutor(graphqlSchema(), logger);
  }

  @Post()
  async post(@Body() body: unknown, @CurrentActor() actor: Actor, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<FormattedExecutionResult> {
    return this.send(reply, await this.run(() => requestFromBody(body), actor, request, 'POST'));
  }

  @Get()
  async get(@Query() query: Record<string, QueryValue>, @CurrentActor() actor: Actor, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<FormattedExecutionResult> {
    return this.send(reply, await this.run(() => requestFromQueryString(query), actor, request, 'GET'));
  }

  @Get('stream')
  async streamFromUrl(@Query() query: Record<string, QueryValue>, @CurrentActor() actor: Actor, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.subscribe(() => requestFromQueryString(query), actor, request, reply);
  }

  @Post('stream')
  async streamFromBody(@Body() body: unknown, @CurrentActor() actor: Actor, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.subscribe(() => requestFromBody(body), actor, request, reply);
  }

  onModuleDestroy(): void {
    for (const end of this.streams) end();
  }

  private context(actor: Actor, request: FastifyRequest): GraphqlContext {
    return { actor, requestId: request.id, store: this.store, ...(isTokenIssuer(this.tokens) ? { tokens: this.tokens } : {}) };
  }

  private async run(read: () => GraphqlRequest, actor: Actor, request: FastifyRequest, transport: Exclude<Transport, 'stream'>): Promise<GraphqlAnswer> {
    const graphqlRequest = this.read(read);
    if (!('query' in graphqlRequest)) return graphqlRequest;
    return this.executor.execute(graphqlRequest, this.context(actor, request), transport);
  }

  private read(read: () => GraphqlRequest): GraphqlRequest | GraphqlAnswer {
    try {
      return read();
    } catch (e) {
      if (e instanceof RequestProblem) return this.executor.problem(e);
      throw e;
    }
  }

  private send(reply: FastifyReply, answer: GraphqlAnswer): FormattedExecutionResult {
    void reply.status(answer.status).header('content-type', 'application/json; charset=utf-8');
    for (const [name, value] of Object.entries(answer.headers ?? {})) void reply.header(name, value);
    return answer.body;
  }

  /** Streams until the client leaves (or the app stops); the store listener goes with it. */
  private async subscribe(read: () => GraphqlRequest, actor: Actor, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const graphqlRequest = this.read(read);
    const started = 'query' in graphqlRequest ? await this.executor.subscribe(graphqlRequest, this.context(actor, request)) : graphqlRequest;
    if (!(Symbol.asyncIterator in started)) {
      void reply.send(this.send(reply, started));
      return;
    }
    const stream = openGraphqlEventStream(request, reply);
    const end = (): void => {
      void started.return?.();
    };
    this.streams.add(end);
    void stream.closed.then(end);
    try {
      for await (const result of started) {
        if (!(await stream.next(result))) break;
      }
    } finally {
      this.streams.delete(end);
      stream.complete();
    }
  }
}
