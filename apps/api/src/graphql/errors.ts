/**
 * GraphQL errors as clients see them, on every transport (HTTP, WebSocket, server-sent events):
 * a StoreError keeps its code and diagnostics in extensions; graphql-js's own errors (syntax,
 * validation, coercion) and the limits' are the caller's (code invalid, or the rule's own code);
 * anything else is a fault of the service: logged with its stack, answered "internal error"
 * without the cause.
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { INTERNAL_ERROR_MESSAGE, toDiagnosticBody } from '../http/errors.js';
import type { Logger } from '../observability/logger.js';
import { StoreError } from '../store/store.types.js';

const MAX_MESSAGE_LENGTH = 1000;

/** A request GraphQL cannot run, with the HTTP status it is answered with (400 unless said). */
export class RequestProblem extends Error {
  constructor(
    message: string,
    readonly code: string = 'invalid',
    readonly status: number = 400,
  ) {
    super(message);
    this.name = 'RequestProblem';
  }
}

/** Messages may quote the request: keep them to a readable size. */
export function clip(message: string): string {
  return message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH)}...` : message;
}

export function formatGraphqlError(error: GraphQLError, logger: Logger, requestId: string | undefined): GraphQLFormattedError {
  const { message, locations, path, extensions } = error.toJSON();
  const where = { ...(locations === undefined ? {} : { locations }), ...(path === undefined ? {} : { path }) };
  const original = error.originalError;
  if (original instanceof StoreError) {
    return { message: clip(original.message), ...where, extensions: { code: original.code, diagnostics: original.diagnostics.map(toDiagnosticBody) } };
  }
  if (original instanceof RequestProblem) return { message: clip(original.message), ...where, extensions: { code: original.code } };
  if (original === undefined || original instanceof GraphQLError) return { message: clip(message), ...where, extensions: { code: 'invalid', ...extensions } };
  logger.error('unhandled error', {
    requestId,
    graphqlPath: path?.join('.'),
    error: `${original.name}: ${original.message}`,
    stack: original.stack,
  });
  return { message: INTERNAL_ERROR_MESSAGE, ...where, extensions: { code: 'internal' } };
}

/** Any error as a GraphQLError, keeping it as the original. */
export function asGraphqlError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) return error;
  const cause = error instanceof Error ? error : new Error(String(error));
  return new GraphQLError(cause.message, { originalError: cause });
}
