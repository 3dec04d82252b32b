/**
 * What runs on Mercurius's GraphQL routes (POST and GET /graphql) before Mercurius does: the same
 * bearer-token check as the REST guard (a 401 with the REST error body), the request's shape with
 * errors that say what is wrong, the response's media type (media-type.ts), and for GET, the
 * operation: GET only reads, so a mutation is a 405 and a subscription points to its transports.
 * A WebSocket upgrade passes through: it is authenticated by its connection_init message.
 */
import { GraphQLError, OperationTypeNode, getOperationAST, parse, type DocumentNode } from 'graphql';
import type { FastifyReply, FastifyRequest, onSendHookHandler, preHandlerAsyncHookHandler } from 'fastify';
import { authenticateRequest } from '../http/auth.js';
import type { AuthFailureLimiter } from '../http/auth-failure-limiter.js';
import type { TokenAuthenticator } from '../http/dependencies.js';
import { sendErrorResponse, toErrorResponse } from '../http/errors.js';
import { RequestProblem, clip } from './errors.js';
import { MAX_QUERY_TOKENS } from './limits.js';
import { GRAPHQL_RESPONSE_JSON, negotiateMedia, type ResponseMedia } from './media-type.js';
import { requestFromBody, requestFromQueryString, type GraphqlRequest } from './request.js';

export const STREAM_PATH = '/graphql/stream';
export const WEBSOCKET_HINT = `or over a WebSocket at /graphql (graphql-ws)`;

/** The media type chosen for each GraphQL request, for the error formatter and onSend. */
const mediaOf = new WeakMap<FastifyRequest, ResponseMedia>();
/** The operation each request names, for the checks that run once the document is parsed. */
const operationNameOf = new WeakMap<FastifyRequest, string>();

export function responseMedia(request: FastifyRequest | undefined): ResponseMedia | undefined {
  return request === undefined ? undefined : mediaOf.get(request);
}

export function requestOperationName(request: FastifyRequest | undefined): string | undefined {
  return request === undefined ? undefined : operationNameOf.get(request);
}

export interface HttpTransportOptions {
  readonly tokens: TokenAuthenticator;
  readonly limiter: AuthFailureLimiter;
}

/** The route options Mercurius adds to its GraphQL routes. */
export function graphqlRouteOptions(options: HttpTransportOptions): { preHandler: preHandlerAsyncHookHandler; onSend: onSendHookHandler; schema: Record<string, never> } {
  return {
    preHandler: async (request: FastifyRequest, reply: FastifyReply) => {
      // a WebSocket upgrade (@fastify/websocket marks it) is authenticated by connection_init
      if ((request as { ws?: boolean }).ws === true) return;
      await checkRequest(request, reply, options);
    },
    // synchronous on purpose: an answer the preHandler sends is then written before it returns,
    // so Fastify sees the reply sent and Mercurius never runs the refused request (an async
    // onSend would defer the write and let the handler run after the answer)
    onSend: (request, reply, payload, done) => {
      if (mediaOf.get(request)?.type === GRAPHQL_RESPONSE_JSON) void reply.header('content-type', `${GRAPHQL_RESPONSE_JSON}; charset=utf-8`);
      done(null, payload);
    },
    // the preHandler checks the request itself, with messages that say what is wrong; without a
    // response schema the answer is serialised as it is (error paths keep their list indexes)
    schema: {},
  };
}

async function checkRequest(request: FastifyRequest, reply: FastifyReply, options: HttpTransportOptions): Promise<void> {
  try {
    await authenticateRequest(request, options.tokens, options.limiter);
  } catch (e) {
    sendErrorResponse(reply, toErrorResponse(e, { requestId: request.id }));
    return;
  }
  const media = negotiateMedia(request.headers.accept);
  if (media === undefined) {
    answerProblem(reply, new RequestProblem(`the response can be ${GRAPHQL_RESPONSE_JSON} or application/json; the Accept header allows neither`, 'not-acceptable', 406));
    return;
  }
  mediaOf.set(request, media);
  try {
    const graphqlRequest = request.method === 'GET' ? requestFromQueryString(request.query as Record<string, string | string[] | undefined>) : requestFromBody(request.body);
    if (graphqlRequest.operationName !== undefined) operationNameOf.set(request, graphqlRequest.operationName);
    if (request.method === 'GET') checkReadOnly(graphqlRequest);
  } catch (e) {
    if (!(e instanceof RequestProblem)) throw e;
    answerProblem(reply, e);
  }
}

/**
 * GET may only run queries: a mutation is refused with 405 and Allow: POST, a subscription is sent
 * to its transports. Parsed here (GET queries are short) so that Mercurius never sees them.
 */
function checkReadOnly(graphqlRequest: GraphqlRequest): void {
  let document: DocumentNode;
  try {
    document = parse(graphqlRequest.query, { maxTokens: MAX_QUERY_TOKENS });
  } catch (e) {
    // the syntax error is Mercurius's to report, like a POST's
    if (e instanceof GraphQLError) return;
    throw e;
  }
  const operation = checkOperation(document, graphqlRequest.operationName);
  if (operation === OperationTypeNode.MUTATION) throw new RequestProblem('a mutation must be sent with POST; GET only runs queries', 'method-not-allowed', 405);
  if (operation === OperationTypeNode.SUBSCRIPTION) throw subscriptionOverHttp();
}

/** The operation a request runs; a document of several without an operationName is refused. */
export function checkOperation(document: DocumentNode, operationName: string | undefined): OperationTypeNode {
  const operation = getOperationAST(document, operationName);
  if (operation === null || operation === undefined) {
    const message = operationName === undefined ? 'the document holds several operations: name the one to run with operationName' : `the document has no operation named ${JSON.stringify(operationName)}`;
    throw new RequestProblem(message);
  }
  return operation.operation;
}

export function subscriptionOverHttp(): RequestProblem {
  return new RequestProblem(`subscriptions are served as server-sent events: send the same request to ${STREAM_PATH} (${WEBSOCKET_HINT})`);
}

function answerProblem(reply: FastifyReply, problem: RequestProblem): void {
  if (problem.status === 405) void reply.header('allow', 'POST');
  void reply
    .status(problem.status)
    .header('content-type', 'application/json; charset=utf-8')
    .send({ errors: [{ message: clip(problem.message), extensions: { code: problem.code } }] });
}
