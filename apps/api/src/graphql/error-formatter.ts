/**
 * Mercurius's errorFormatter: every error leaves in the shape of errors.ts, and the answer gets
 * the HTTP status GraphQL over HTTP asks for. A request that ran answers 200 whatever its field
 * errors; one that could not run (syntax, validation, a limit, variables of the wrong type)
 * answers 400, or 200 to a client that asked for application/json by name (media-type.ts); a
 * request problem keeps its own status (405 for a mutation over GET); a fault of the service 500.
 */
import { GraphQLError, type ExecutionResult, type FormattedExecutionResult, type GraphQLFormattedError } from 'graphql';
import type { FastifyReply } from 'fastify';
import { toErrorResponse } from '../http/errors.js';
import type { Logger } from '../observability/logger.js';
import { StoreError } from '../store/store.types.js';
import { RequestProblem, asGraphqlError, formatGraphqlError } from './errors.js';
import { responseMedia } from './http-transport.js';

/**
 * Mercurius wraps parse and validation errors in one error that lists them (so do the limits);
 * an HTTP error from before GraphQL ran (a body that is not JSON) keeps its status and code.
 */
function unwrap(error: GraphQLError): GraphQLError[] {
  const original = error.originalError;
  const inner = (original as { errors?: unknown } | undefined)?.errors;
  if (Array.isArray(inner) && inner.length > 0) return inner.map(asGraphqlError);
  if (original === undefined || original instanceof GraphQLError || original instanceof StoreError || original instanceof RequestProblem) return [error];
  const http = toErrorResponse(original);
  return http.unexpected ? [error] : [asGraphqlError(new RequestProblem(http.body.message, http.body.code, http.status))];
}

function statusOf(errors: readonly GraphQLError[], formatted: readonly GraphQLFormattedError[], legacy: boolean): number {
  const problem = errors.map((error) => error.originalError).find((original) => original instanceof RequestProblem);
  if (problem !== undefined) return problem.status;
  if (formatted.some((error) => error.extensions?.code === 'internal')) return 500;
  return legacy ? 200 : 400;
}

export function graphqlErrorFormatter(logger: Logger) {
  return (execution: ExecutionResult & { readonly errors: readonly GraphQLError[] }, context: { readonly reply?: FastifyReply; readonly requestId?: string }): { statusCode: number; response: FormattedExecutionResult } => {
    const request = context.reply?.request;
    const requestId = request?.id ?? context.requestId;
    const errors = execution.errors.flatMap(unwrap);
    const formatted = errors.map((error) => formatGraphqlError(error, logger, requestId));
    if (execution.data !== undefined) return { statusCode: 200, response: { data: execution.data, errors: formatted } };
    const statusCode = statusOf(errors, formatted, responseMedia(request)?.legacy ?? false);
    if (statusCode === 405) void context.reply?.header('allow', 'POST');
    // a request that did not run has no data entry at all
    return { statusCode, response: { errors: formatted } };
  };
}
