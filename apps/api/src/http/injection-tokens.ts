/**
 * Nest injection tokens for what the service is built from. Interfaces vanish at runtime, so
 * providers are registered under these symbols; a controller asks for one with @Inject(TOKEN).
 */
export const FABRIC_STORE = Symbol('FABRIC_STORE');
export const TOKEN_AUTHENTICATOR = Symbol('TOKEN_AUTHENTICATOR');
export const METRICS = Symbol('METRICS');
export const LOGGER = Symbol('LOGGER');
export const READINESS = Symbol('READINESS');
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const OPENAPI_DOCUMENT = Symbol('OPENAPI_DOCUMENT');
export const AUTH_FAILURE_LIMITER = Symbol('AUTH_FAILURE_LIMITER');
