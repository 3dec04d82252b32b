/**
 * Bearer-token authentication. Every route needs a valid token unless it is marked @Public()
 * (health, readiness, metrics, the OpenAPI document). The actor a token stands for is attached to
 * the request; controllers read it with @CurrentActor(), other code with requestActor().
 * Authorisation (what the actor may do) is the store's: it knows the objects.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, SetMetadata, createParamDecorator, type CanActivate, type CustomDecorator, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { StoreError, type Actor } from '../store/store.types.js';
import type { AuthFailureLimiter } from './auth-failure-limiter.js';
import type { TokenAuthenticator } from './dependencies.js';
import { AUTH_FAILURE_LIMITER, TOKEN_AUTHENTICATOR } from './injection-tokens.js';

export const PUBLIC_ROUTE = 'weft:public-route';

/** A route anyone may call, without a token. */
export function Public(): CustomDecorator {
  return SetMetadata(PUBLIC_ROUTE, true);
}

/** Longer than any token Weft issues; refused before it reaches the token store. */
const MAX_TOKEN_LENGTH = 1024;
const BEARER = /^Bearer +([\x21-\x7e]+) *$/i;

export interface RequestWithHeaders {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** the source address (Fastify's request.ip) */
  readonly ip?: string;
}

const actors = new WeakMap<object, Actor>();

/** The actor attached to a request by authenticateRequest, if any. */
export function requestActor(request: object): Actor | undefined {
  return actors.get(request);
}

/** The token of `Authorization: Bearer <token>`, or undefined. */
export function bearerToken(request: RequestWithHeaders): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = BEARER.exec(header);
  return match?.[1];
}

/**
 * Authenticates a request and attaches its actor; throws StoreError('unauthenticated') without a
 * valid token. For transports outside the guard (a GraphQL context, a server-sent event stream).
 */
export async function authenticateRequest(request: RequestWithHeaders & object, tokens: TokenAuthenticator, limiter?: AuthFailureLimiter): Promise<Actor> {
  const known = actors.get(request);
  if (known !== undefined) return known;
  const token = bearerToken(request);
  await limiter?.check(request.ip, token);
  if (token === undefined) {
    await limiter?.fail(request.ip, undefined);
    throw new StoreError('unauthenticated', 'a bearer token is required: Authorization: Bearer <token>');
  }
  const actor = token.length > MAX_TOKEN_LENGTH ? undefined : await tokens.authenticate(token);
  if (actor === undefined) {
    await limiter?.fail(request.ip, token);
    throw new StoreError('unauthenticated', 'the bearer token is not valid (unknown, revoked or expired)');
  }
  actors.set(request, actor);
  return actor;
}

@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_AUTHENTICATOR) private readonly tokens: TokenAuthenticator,
    /** per app, shared with GraphQL's routes: failed authentications by address and by token */
    @Inject(AUTH_FAILURE_LIMITER) private readonly limiter: AuthFailureLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()]);
    if (isPublic === true) return true;
    const request = contextRequest(context);
    if (request === undefined) throw new StoreError('unauthenticated', 'no request to read a bearer token from');
    await authenticateRequest(request, this.tokens, this.limiter);
    return true;
  }
}

/**
 * The HTTP request behind an execution context: the request itself for REST; for GraphQL, the
 * request its context (the third resolver argument) carries as `req` (Apollo), `request`, or
 * `reply.request` (Mercurius).
 */
export function contextRequest(context: ExecutionContext): (RequestWithHeaders & object) | undefined {
  if (context.getType() === 'http') return context.switchToHttp().getRequest<RequestWithHeaders & object>();
  const graphqlContext: unknown = context.getArgs()[2];
  if (typeof graphqlContext !== 'object' || graphqlContext === null) return undefined;
  const { req, request, reply } = graphqlContext as { req?: unknown; request?: unknown; reply?: { request?: unknown } };
  const candidate = req ?? request ?? reply?.request;
  return isRequest(candidate) ? candidate : undefined;
}

function isRequest(value: unknown): value is RequestWithHeaders & object {
  return typeof value === 'object' && value !== null && typeof (value as { headers?: unknown }).headers === 'object';
}

/** The authenticated actor, as a handler parameter: `list(@CurrentActor() actor: Actor)`. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const request = contextRequest(context);
  const actor = request === undefined ? undefined : requestActor(request);
  // a public route has no actor; asking for one there is a programming error
  if (actor === undefined) throw new StoreError('unauthenticated', 'a bearer token is required: Authorization: Bearer <token>');
  return actor;
});

/**
 * Accepts WEFT_ADMIN_TOKEN as the architect `admin`. The comparison runs over hashes, in constant
 * time, so neither the length nor a prefix of the token leaks through timing.
 */
export function createAdminTokenAuthenticator(adminToken: string): TokenAuthenticator {
  const expected = sha256(adminToken);
  const admin: Actor = Object.freeze({ name: 'admin', role: 'architect' });
  return {
    authenticate: (token: string) => Promise.resolve(timingSafeEqual(sha256(token), expected) ? admin : undefined),
  };
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
