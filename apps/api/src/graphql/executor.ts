/**
 * Runs GraphQL requests with graphql-js, independently of HTTP: parse (bounded), check the limits,
 * validate, then execute or subscribe. The answer carries the HTTP status GraphQL over HTTP asks
 * for: 400 when the request cannot run (no query, bad syntax, unknown field, variables of the
 * wrong type, past a limit), 200 once it ran, whatever its field errors.
 */
import {
  GraphQLError,
  OperationTypeNode,
  execute,
  getOperationAST,
  parse,
  subscribe,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type FormattedExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import { INTERNAL_ERROR_MESSAGE, toDiagnosticBody } from '../http/errors.js';
import type { Logger } from '../observability/logger.js';
import { StoreError } from '../store/store.types.js';
import { MAX_QUERY_TOKENS, queryLimitsRule } from './limits.js';
import { RequestProblem, type GraphqlRequest } from './request.js';
import type { GraphqlContext } from './resolvers.js';

export const STREAM_PATH = '/graphql/stream';
const MAX_MESSAGE_LENGTH = 1000;

export interface GraphqlAnswer {
  readonly status: number;
  readonly body: FormattedExecutionResult;
  readonly headers?: Readonly<Record<string, string>>;
}

/** How the request arrived: GET may only read, the stream only subscribes. */
export type Transport = 'GET' | 'POST' | 'stream';

interface Prepared {
  readonly document: DocumentNode;
}

export class GraphqlExecutor {
  constructor(
    private readonly schema: GraphQLSchema,
    private readonly logger: Logger,
  ) {}

  /** A query or mutation, answered as one JSON document. */
  async execute(request: GraphqlRequest, context: GraphqlContext, transport: Exclude<Transport, 'stream'>): Promise<GraphqlAnswer> {
    const prepared = this.prepare(request, transport);
    if (!('document' in prepared)) return prepared;
    const result = await execute({ schema: this.schema, document: prepared.document, variableValues: request.variables, operationName: request.operationName, contextValue: context });
    return this.answer(result, context);
  }

  /**
   * A subscription: its response stream, each event already formatted; or, when it cannot start
   * (bad request, bad arguments), the answer to send instead.
   */
  async subscribe(request: GraphqlRequest, context: GraphqlContext): Promise<GraphqlAnswer | AsyncIterableIterator<FormattedExecutionResult>> {
    const prepared = this.prepare(request, 'stream');
    if (!('document' in prepared)) return prepared;
    const result = await subscribe({ schema: this.schema, document: prepared.document, variableValues: request.variables, operationName: request.operationName, contextValue: context });
    if (!(Symbol.asyncIterator in result)) return this.answer(result, context);
    return this.formatStream(result, context);
  }

  /** A RequestProblem (from reading the HTTP request) as a 400 answer. */
  problem(problem: RequestProblem): GraphqlAnswer {
    return { status: problem.status, body: { errors: [{ message: clip(problem.message), extensions: { code: problem.code } }] } };
  }

  private prepare(request: GraphqlRequest, transport: Transport): Prepared | GraphqlAnswer {
    let document: DocumentNode;
    try {
      document = parse(request.query, { maxTokens: MAX_QUERY_TOKENS });
    } catch (e) {
      if (e instanceof GraphQLError) return this.refused([e]);
      throw e;
    }
    // the limits first: the standard rules compare fields pairwise, which a huge query makes slow
    const tooBig = validate(this.schema, document, [queryLimitsRule]);
    if (tooBig.length > 0) return this.refused(tooBig);
    const invalid = validate(this.schema, document);
    if (invalid.length > 0) return this.refused(invalid);
    const operation = getOperationAST(document, request.operationName);
    if (operation === null || operation === undefined) {
      const message =
        request.operationName === undefined ? 'the document holds several operations: name the one to run with operationName' : `the document has no operation named ${JSON.stringify(request.operationName)}`;
      return this.problem(new RequestProblem(message));
    }
    return this.checkTransport(operation.operation, transport) ?? { document };
  }

  private checkTransport(operation: OperationTypeNode, transport: Transport): GraphqlAnswer | undefined {
    if (transport === 'stream') {
      return operation === OperationTypeNode.SUBSCRIPTION ? undefined : this.problem(new RequestProblem(`${STREAM_PATH} serves subscriptions only; send a ${operation} to /graphql`));
    }
    if (operation === OperationTypeNode.SUBSCRIPTION) return this.problem(new RequestProblem(`subscriptions are served as server-sent events: send the same request to ${STREAM_PATH}`));
    if (operation === OperationTypeNode.MUTATION && transport === 'GET') {
      return { ...this.problem(new RequestProblem('a mutation must be sent with POST; GET only runs queries', 'method-not-allowed', 405)), headers: { allow: 'POST' } };
    }
    return undefined;
  }

  private refused(errors: readonly GraphQLError[]): GraphqlAnswer {
    return { status: 400, body: { errors: errors.map((error) => this.formatError(error)) } };
  }

  /** No data at all means the request could not run (e.g. variables of the wrong type): 400. */
  private answer(result: ExecutionResult, context: GraphqlContext): GraphqlAnswer {
    const body = this.format(result, context);
    return { status: result.data === undefined ? 400 : 200, body };
  }

  private format(result: ExecutionResult, context?: GraphqlContext): FormattedExecutionResult {
    const errors = result.errors?.map((error) => this.formatError(error, context));
    return { ...(errors === undefined ? {} : { errors }), ...(result.data === undefined ? {} : { data: result.data }) };
  }

  /**
   * Not an async generator: a generator waiting for the next event would queue return() behind
   * it, and the store listener would stay until the next event. This one closes the source at
   * once. A failing source (a reader too far behind) ends the stream with one last result that
   * carries the error.
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
          const error = new GraphQLError(e instanceof Error ? e.message : String(e), { originalError: e instanceof Error ? e : undefined });
          return { value: { errors: [this.formatError(error, context)] }, done: false };
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

  /**
   * A StoreError keeps its code and diagnostics in extensions; graphql-js's own errors (syntax,
   * validation, coercion) are the caller's; anything else is a fault of the service: logged
   * with its stack, answered "internal error" without the cause.
   */
  private formatError(error: GraphQLError, context?: GraphqlContext): GraphQLFormattedError {
    const { message, locations, path, extensions } = error.toJSON();
    const where = { ...(locations === undefined ? {} : { locations }), ...(path === undefined ? {} : { path }) };
    const original = error.originalError;
    if (original instanceof StoreError) {
      return { message: clip(original.message), ...where, extensions: { code: original.code, diagnostics: original.diagnostics.map(toDiagnosticBody) } };
    }
    if (original === undefined || original instanceof GraphQLError) return { message: clip(message), ...where, extensions: { code: 'invalid', ...extensions } };
    this.logger.error('unhandled error', {
      requestId: context?.requestId,
      graphqlPath: path?.join('.'),
      error: `${original.name}: ${original.message}`,
      stack: original.stack,
    });
    return { message: INTERNAL_ERROR_MESSAGE, ...where, extensions: { code: 'internal' } };
  }
}

/** Messages may quote the request: keep them to a readable size. */
function clip(message: string): string {
  return message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH)}...` : message;
}
