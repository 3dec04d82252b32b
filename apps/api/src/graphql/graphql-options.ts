/**
 * The options of GraphQLModule with the Mercurius driver, in one place: where the schema comes
 * from, the resolvers, the context, the routes' hooks, errors, limits and subscriptions.
 */
import type { MercuriusDriverConfig } from '@nestjs/mercurius';
import type { FastifyRequest } from 'fastify';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { OperationTypeNode } from 'graphql';
import type { AuthFailureLimiter } from '../http/auth-failure-limiter.js';
import type { TokenAuthenticator } from '../http/dependencies.js';
import type { Logger } from '../observability/logger.js';
import { graphqlErrorFormatter } from './error-formatter.js';
import { httpContext, type GraphqlServices } from './graphql-context.js';
import { checkOperation, graphqlRouteOptions, requestOperationName, subscriptionOverHttp } from './http-transport.js';
import { MAX_QUERY_TOKENS } from './limits.js';
import { rootResolvers, type GraphqlStore } from './resolvers.js';
import { checkRootResolvers, graphqlResolvers, graphqlSchemaPath } from './schema.js';
import { isTokenIssuer } from './stream.controller.js';
import { DocumentRefused, checkLimits } from './validation.js';
import { checkSubscription, websocketSubscriptions } from './websocket.js';

export interface GraphqlDependencies {
  readonly store: GraphqlStore;
  readonly tokens: TokenAuthenticator;
  readonly limiter: AuthFailureLimiter;
  readonly logger: Logger;
}

/** Parsed documents (with their validation) Mercurius keeps: repeated queries skip both. */
const DOCUMENT_CACHE_SIZE = 1024;

/** Mercurius's context: the Fastify request is in `reply.request`. */
interface RouteContext {
  readonly reply?: { readonly request: FastifyRequest };
}

export function graphqlOptions(dependencies: GraphqlDependencies): Omit<MercuriusDriverConfig, 'driver'> {
  const { store, tokens, limiter, logger } = dependencies;
  const services: GraphqlServices = { store, ...(isTokenIssuer(tokens) ? { tokens } : {}) };
  const resolvers = rootResolvers();
  const websocket = { services, tokens, limiter, logger };
  return {
    typePaths: [graphqlSchemaPath()],
    resolvers: graphqlResolvers(resolvers) as MercuriusDriverConfig['resolvers'],
    transformSchema: (schema: GraphQLSchema) => checkRootResolvers(schema, resolvers),
    path: '/graphql',
    graphiql: true,
    cache: DOCUMENT_CACHE_SIZE,
    graphql: { parseOptions: { maxTokens: MAX_QUERY_TOKENS } },
    context: httpContext(services),
    errorFormatter: graphqlErrorFormatter(logger),
    additionalRouteOptions: graphqlRouteOptions({ tokens, limiter }),
    subscription: websocketSubscriptions(websocket),
    hooks: {
      // the limits before graphql-js's own rules (Mercurius runs those next, then caches)
      preValidation: (schema: GraphQLSchema, document: DocumentNode) => {
        const refused = checkLimits(schema, document);
        if (refused.length > 0) throw new DocumentRefused(refused);
      },
      // over HTTP: one operation, and not a subscription (those have transports of their own)
      preExecution: (_schema: GraphQLSchema, document: DocumentNode, context: RouteContext) => {
        if (checkOperation(document, requestOperationName(context.reply?.request)) === OperationTypeNode.SUBSCRIPTION) throw subscriptionOverHttp();
      },
      preSubscriptionExecution: checkSubscription(websocket),
    } as MercuriusDriverConfig['hooks'],
  };
}
