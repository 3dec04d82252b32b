/**
 * Validation of a GraphQL document: the limits first (limits.ts), then graphql-js's own rules,
 * which compare fields pairwise and would be slow on a huge query. Mercurius validates HTTP
 * requests itself (this adds the limits before it) but not WebSocket subscriptions, and the
 * server-sent event stream runs outside Mercurius: both use validateDocument.
 */
import { validate, type DocumentNode, type GraphQLError, type GraphQLSchema } from 'graphql';
import { LIMIT_RULES } from './limits.js';

/** The limits' refusals; empty when the document is within them. */
export function checkLimits(schema: GraphQLSchema, document: DocumentNode): readonly GraphQLError[] {
  return validate(schema, document, LIMIT_RULES);
}

export function validateDocument(schema: GraphQLSchema, document: DocumentNode): readonly GraphQLError[] {
  const tooBig = checkLimits(schema, document);
  return tooBig.length > 0 ? tooBig : validate(schema, document);
}

/** Several validation errors as one thrown error, in the shape Mercurius's own takes (`errors`). */
export class DocumentRefused extends Error {
  constructor(readonly errors: readonly GraphQLError[]) {
    super(errors.map((error) => error.message).join('; '));
    this.name = 'DocumentRefused';
  }
}
