/**
 * GraphQL on @nestjs/graphql with the Mercurius driver (Fastify): schema-first from the generated
 * api/schema.graphql, the root resolvers of every kind from resolvers.ts, queries and mutations
 * over POST and GET /graphql, subscriptions over WebSocket at /graphql (graphql-ws) and as
 * server-sent events at /graphql/stream, GraphiQL at /graphiql. Mercurius caches parsed and
 * validated documents; the hooks below add what it does not do: authentication and the request
 * checks on its routes (http-transport.ts), the limits before its validation, and the checks of
 * WebSocket subscriptions (websocket.ts).
 */
import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import type { AuthFailureLimiter } from '../http/auth-failure-limiter.js';
import type { TokenAuthenticator } from '../http/dependencies.js';
import { AUTH_FAILURE_LIMITER, FABRIC_STORE, LOGGER, TOKEN_AUTHENTICATOR } from '../http/injection-tokens.js';
import type { Logger } from '../observability/logger.js';
import { graphqlOptions } from './graphql-options.js';
import type { GraphqlStore } from './resolvers.js';
import { GraphqlStreamController } from './stream.controller.js';

@Module({})
// eslint-disable-next-line @typescript-eslint/no-extraneous-class -- a Nest module is a decorated class
export class WeftGraphqlModule {
  static forRoot(): DynamicModule {
    return {
      module: WeftGraphqlModule,
      imports: [
        GraphQLModule.forRootAsync<MercuriusDriverConfig>({
          driver: MercuriusDriver,
          inject: [FABRIC_STORE, TOKEN_AUTHENTICATOR, AUTH_FAILURE_LIMITER, LOGGER],
          useFactory: (store: GraphqlStore, tokens: TokenAuthenticator, limiter: AuthFailureLimiter, logger: Logger): Omit<MercuriusDriverConfig, 'driver'> =>
            graphqlOptions({ store, tokens, limiter, logger }),
        }),
      ],
      controllers: [GraphqlStreamController],
    };
  }
}
