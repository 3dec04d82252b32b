/**
 * Subscriptions as server-sent events at /graphql/stream (GET with the request in the URL, or
 * POST with a JSON body), in graphql-sse's "distinct connections" format, behind the same
 * bearer-token guard as REST. The stream lasts until the client leaves, the token is revoked or
 * expires, or the app stops; the store listener goes with it.
 */
import { Body, Controller, Get, Inject, Post, Query, Req, Res, type OnModuleDestroy } from '@nestjs/common';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FormattedExecutionResult } from 'graphql';
import { CurrentActor } from '../http/auth.js';
import type { TokenAuthenticator } from '../http/dependencies.js';
import { FABRIC_STORE, LOGGER, TOKEN_AUTHENTICATOR } from '../http/injection-tokens.js';
import type { Logger } from '../observability/logger.js';
import type { Actor } from '../store/store.types.js';
import { RequestProblem } from './errors.js';
import { openGraphqlEventStream } from './event-stream.js';
import { SubscriptionExecutor, type GraphqlAnswer } from './executor.js';
import { requestFromBody, requestFromQueryString, type GraphqlRequest } from './request.js';
import type { GraphqlContext, GraphqlStore, TokenIssuer } from './resolvers.js';

type QueryValue = string | string[] | undefined;

export function isTokenIssuer(tokens: TokenAuthenticator): tokens is TokenAuthenticator & TokenIssuer {
  return typeof (tokens as Partial<TokenIssuer>).create === 'function';
}

@Controller('graphql/stream')
export class GraphqlStreamController implements OnModuleDestroy {
  private readonly executor: SubscriptionExecutor;
  /** open streams, ended when the app shuts down so closing it does not hang */
  private readonly streams = new Set<() => void>();

  constructor(
    @Inject(FABRIC_STORE) private readonly store: GraphqlStore,
    @Inject(TOKEN_AUTHENTICATOR) private readonly tokens: TokenAuthenticator,
    @Inject(LOGGER) logger: Logger,
    schemaHost: GraphQLSchemaHost,
  ) {
    this.executor = new SubscriptionExecutor(() => schemaHost.schema, logger);
  }

  @Get()
  async streamFromUrl(@Query() query: Record<string, QueryValue>, @CurrentActor() actor: Actor, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.subscribe(() => requestFromQueryString(query), actor, request, reply);
  }

  @Post()
  async streamFromBody(@Body() body: unknown, @CurrentActor() actor: Actor, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.subscribe(() => requestFromBody(body), actor, request, reply);
  }

  onModuleDestroy(): void {
    for (const end of this.streams) end();
  }

  private context(actor: Actor, request: FastifyRequest): GraphqlContext {
    return { actor, requestId: request.id, store: this.store, ...(isTokenIssuer(this.tokens) ? { tokens: this.tokens } : {}) };
  }

  private async subscribe(read: () => GraphqlRequest, actor: Actor, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    let started: GraphqlAnswer | AsyncIterableIterator<FormattedExecutionResult>;
    try {
      started = await this.executor.subscribe(read(), this.context(actor, request));
    } catch (e) {
      if (!(e instanceof RequestProblem)) throw e;
      started = this.executor.problem(e);
    }
    if (!(Symbol.asyncIterator in started)) {
      void reply.status(started.status).header('content-type', 'application/json; charset=utf-8').send(started.body);
      return;
    }
    const results = started;
    const stream = openGraphqlEventStream(request, reply);
    const end = (): void => {
      void results.return?.();
    };
    this.streams.add(end);
    void stream.closed.then(end);
    try {
      for await (const result of results) {
        if (!(await stream.next(result))) break;
      }
    } finally {
      this.streams.delete(end);
      stream.complete();
    }
  }
}
