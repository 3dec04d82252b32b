/**
 * Subscriptions over WebSocket (Mercurius's graphql-ws server, the graphql-transport-ws protocol
 * that Apollo and urql clients speak) at /graphql. A browser cannot set headers on a WebSocket, so
 * the token comes in connection_init's payload (`{authorization: "Bearer <token>"}`), never in the
 * URL: an unknown token is refused there. Each subscription checks the token again (it may have
 * been revoked or have expired since the socket opened) and validates its document with the
 * limits first, which Mercurius does not do for WebSocket subscriptions.
 */
import { GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { FastifyRequest } from 'fastify';
import { bearerToken } from '../http/auth.js';
import type { AuthFailureLimiter } from '../http/auth-failure-limiter.js';
import type { TokenAuthenticator } from '../http/dependencies.js';
import type { Logger } from '../observability/logger.js';
import type { Actor } from '../store/store.types.js';
import { asGraphqlError, formatGraphqlError } from './errors.js';
import type { GraphqlServices } from './graphql-context.js';
import { validateDocument } from './validation.js';

/** Pings keep proxies from closing an idle socket, as the event streams' comments do. */
export const WEBSOCKET_KEEP_ALIVE_MS = 15_000;

export interface WebsocketOptions {
  readonly services: GraphqlServices;
  readonly tokens: TokenAuthenticator;
  readonly limiter: AuthFailureLimiter;
  readonly logger: Logger;
}

/** What a socket's subscriptions share: the services, the upgrade request, then the actor. */
interface SocketContext {
  readonly requestId?: string;
  actor?: Actor;
  readonly _connectionInit?: unknown;
}

/** The token of connection_init: `{authorization}` or `{headers: {authorization}}`, Bearer or bare. */
export function connectionToken(payload: unknown): string | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const record = payload as Record<string, unknown>;
  const headers = typeof record.headers === 'object' && record.headers !== null ? (record.headers as Record<string, unknown>) : record;
  const value = headers.authorization ?? headers.Authorization;
  if (typeof value !== 'string') return undefined;
  return /^bearer /i.test(value) ? bearerToken({ headers: { authorization: value } }) : value;
}

async function authenticate(payload: unknown, options: WebsocketOptions): Promise<Actor | undefined> {
  const token = connectionToken(payload);
  if (token === undefined) return undefined;
  // the socket's address is not known here: failures count against the token
  await options.limiter.check(undefined, token);
  const actor = await options.tokens.authenticate(token);
  if (actor === undefined) await options.limiter.fail(undefined, token);
  return actor;
}

/** Mercurius's `subscription` option. */
export function websocketSubscriptions(options: WebsocketOptions): {
  context: (socket: unknown, request: FastifyRequest) => Record<string, unknown>;
  onConnect: (data: { payload: unknown }) => Promise<false | { actor: Actor }>;
  keepAlive: number;
} {
  return {
    context: (_socket, request) => ({ ...options.services, requestId: request.id }),
    onConnect: async ({ payload }) => {
      try {
        const actor = await authenticate(payload, options);
        return actor === undefined ? false : { actor };
      } catch {
        // too many failures with this token: refused like an unknown one
        return false;
      }
    },
    keepAlive: WEBSOCKET_KEEP_ALIVE_MS,
  };
}

/** An error a WebSocket client receives as it is: message and extensions (code, diagnostics). */
function clientError(error: unknown, options: WebsocketOptions, requestId: string | undefined): GraphQLError {
  const { message, extensions } = formatGraphqlError(asGraphqlError(error), options.logger, requestId);
  return new GraphQLError(message, { extensions: extensions ?? {} });
}

/** Mercurius's preSubscriptionExecution hook: the token again, then the document. */
export function checkSubscription(options: WebsocketOptions) {
  return async (schema: GraphQLSchema, document: DocumentNode, context: SocketContext): Promise<void> => {
    let actor: Actor | undefined;
    try {
      actor = await authenticate(context._connectionInit, options);
    } catch (e) {
      throw clientError(e, options, context.requestId);
    }
    if (actor === undefined) throw new GraphQLError('the bearer token is not valid (unknown, revoked or expired)', { extensions: { code: 'unauthenticated' } });
    context.actor = actor;
    const [refused] = validateDocument(schema, document);
    if (refused !== undefined) throw clientError(refused, options, context.requestId);
  };
}
