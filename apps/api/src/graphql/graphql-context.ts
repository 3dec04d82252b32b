/**
 * The context of a GraphQL request over HTTP: the services, the request id and the actor the
 * route's preHandler authenticated. Reading the actor of a request that was not authenticated
 * (Mercurius builds a context for its error answers too) throws: no resolver can act for nobody.
 */
import type { FastifyRequest } from 'fastify';
import { requestActor } from '../http/auth.js';
import { StoreError } from '../store/store.types.js';
import type { GraphqlContext, GraphqlStore, TokenIssuer } from './resolvers.js';

/** What every resolver may use, whatever the transport. */
export interface GraphqlServices {
  readonly store: GraphqlStore;
  readonly tokens?: TokenIssuer;
}

export function httpContext(services: GraphqlServices): (request: FastifyRequest) => GraphqlContext {
  return (request) => {
    const actor = requestActor(request);
    const context = { ...services, requestId: request.id };
    Object.defineProperty(context, 'actor', {
      get() {
        if (actor === undefined) throw new StoreError('unauthenticated', 'a bearer token is required: Authorization: Bearer <token>');
        return actor;
      },
    });
    return context as GraphqlContext;
  };
}
