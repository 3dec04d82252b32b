/**
 * Subscriptions as server-sent events (/graphql/stream), which run outside Mercurius: parse
 * (bounded), the limits and validation (validation.ts), then graphql-js's subscribe on the schema
 * @nestjs/graphql built. The answer is the response stream, each result already formatted, or,
 * when the subscription cannot start, a 400 with the errors.
 */
import { GraphQLError, OperationTypeNode, parse, subscribe, type DocumentNode, type ExecutionResult, type FormattedExecutionResult, type GraphQLSchema } from 'graphql';
import type { Logger } from '../observability/logger.js';
import { RequestProblem, clip, formatGraphqlError } from './errors.js';
import { STREAM_PATH, checkOperation } from './http-transport.js';
import { MAX_QUERY_TOKENS } from './limits.js';
import type { GraphqlRequest } from './request.js';
import type { GraphqlContext } from './resolvers.js';
import { validateDocument } from './validation.js';

export interface GraphqlAnswer {
  readonly status: number;
  readonly body: FormattedExecutionResult;
}

export class SubscriptionExecutor {
  constructor(
    private readonly schema: () => GraphQLSchema,
    private readonly logger: Logger,
  ) {}

  /** The subscription's response stream, or the answer to send when it cannot start. */
  async subscribe(request: GraphqlRequest, context: GraphqlContext): Promise<GraphqlAnswer | AsyncIterableIterator<FormattedExecutionResult>> {
    const schema = this.schema();
    let document: DocumentNode;
    try {
      document = parse(request.query, { maxTokens: MAX_QUERY_TOKENS });
      const refused = validateDocument(schema, document);
      if (refused.length > 0) return this.refused(refused, context);
      if (checkOperation(document, request.operationName) !== OperationTypeNode.SUBSCRIPTION) {
        throw new RequestProblem(`${STREAM_PATH} serves subscriptions only; send queries and mutations to /graphql`);
      }
    } catch (e) {
      if (e instanceof GraphQLError) return this.refused([e], context);
      if (e instanceof RequestProblem) return this.problem(e);
      throw e;
    }
    const result = await subscribe({ schema, document, variableValues: request.variables, operationName: request.operationName, contextValue: context });
    if (!(Symbol.asyncIterator in result)) return { status: result.data === undefined ? 400 : 200, body: this.format(result, context) };
    return this.formatStream(result, context);
  }

  /** A RequestProblem (from reading the HTTP request) as its answer. */
  problem(problem: RequestProblem): GraphqlAnswer {
    return { status: problem.status, body: { errors: [{ message: clip(problem.message), extensions: { code: problem.code } }] } };
  }

  private refused(errors: readonly GraphQLError[], context: GraphqlContext): GraphqlAnswer {
    return { status: 400, body: { errors: errors.map((error) => formatGraphqlError(error, this.logger, context.requestId)) } };
  }

  private format(result: ExecutionResult, context: GraphqlContext): FormattedExecutionResult {
    const errors = result.errors?.map((error) => formatGraphqlError(error, this.logger, context.requestId));
    return { ...(errors === undefined ? {} : { errors }), ...(result.data === undefined ? {} : { data: result.data }) };
  }

  /**
   * Not an async generator: a generator waiting for the next event would queue return() behind
   * it, and the store listener would stay until the next event. This one closes the source at
   * once. A failing source (a reader too far behind, a revoked token) ends the stream with one
   * last result that carries the error.
   */
  private formatStream(results: AsyncIterableIterator<ExecutionResult> | AsyncGenerator<ExecutionResult>, context: GraphqlContext): AsyncIterableIterator<FormattedExecutionResult> {
    let failed = false;
    const done: IteratorResult<FormattedExecutionResult> = { value: undefined, done: true };
    return {
      next: async () => {
        if (failed) return done;
        try {
          const step = await results.next();
          return step.done === true ? done : { value: this.format(step.value, context), done: false };
        } catch (e) {
          failed = true;
          const error = e instanceof GraphQLError ? e : new GraphQLError(e instanceof Error ? e.message : String(e), { originalError: e instanceof Error ? e : undefined });
          return { value: { errors: [formatGraphqlError(error, this.logger, context.requestId)] }, done: false };
        }
      },
      return: async () => {
        await results.return?.(undefined);
        return done;
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }
}
