/**
 * A GraphQL-over-HTTP request as graphql-js needs it: `{query, variables, operationName}` from a
 * JSON body (POST) or from the query string (GET, variables as JSON text). Anything malformed is
 * a RequestProblem, answered 400 with `{errors: [...]}`.
 */
import { Buffer } from 'node:buffer';
import { MAX_QUERY_BYTES } from './limits.js';

export interface GraphqlRequest {
  readonly query: string;
  readonly variables?: Readonly<Record<string, unknown>>;
  readonly operationName?: string;
}

/** Why a request cannot be run at all; `code` goes to the error's extensions. */
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

const BODY_SHAPE = 'the body must be a JSON object {query, variables?, operationName?}';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkQuery(query: unknown, where: string): string {
  if (query === undefined || query === null || query === '') throw new RequestProblem(`${where} has no query: send {"query": "{ vpcs { metadata { name } } }"}`);
  if (typeof query !== 'string') throw new RequestProblem(`the query must be a string, got ${Array.isArray(query) ? 'an array' : typeof query}`);
  const bytes = Buffer.byteLength(query, 'utf8');
  if (bytes > MAX_QUERY_BYTES) throw new RequestProblem(`the query is ${bytes} bytes long; at most ${MAX_QUERY_BYTES} bytes are accepted`, 'too-large');
  return query;
}

function checkVariables(variables: unknown): Readonly<Record<string, unknown>> | undefined {
  if (variables === undefined || variables === null) return undefined;
  if (!isRecord(variables)) throw new RequestProblem('variables must be a JSON object of variable name -> value');
  return variables;
}

function checkOperationName(operationName: unknown): string | undefined {
  if (operationName === undefined || operationName === null || operationName === '') return undefined;
  if (typeof operationName !== 'string') throw new RequestProblem('operationName must be a string');
  return operationName;
}

function request(query: string, variables: Readonly<Record<string, unknown>> | undefined, operationName: string | undefined): GraphqlRequest {
  return { query, ...(variables === undefined ? {} : { variables }), ...(operationName === undefined ? {} : { operationName }) };
}

/** POST: the parsed JSON body. */
export function requestFromBody(body: unknown): GraphqlRequest {
  if (!isRecord(body)) throw new RequestProblem(BODY_SHAPE);
  return request(checkQuery(body.query, 'the body'), checkVariables(body.variables), checkOperationName(body.operationName));
}

/** As the JSON body parser does: such keys could poison prototypes later. */
function refusePrototypeKeys(key: string, value: unknown): unknown {
  if (key === '__proto__') throw new RequestProblem('variables has a "__proto__" key, which is not allowed');
  return value;
}

type QueryValue = string | string[] | undefined;

function single(name: string, value: QueryValue): string | undefined {
  if (Array.isArray(value)) throw new RequestProblem(`query parameter ${name} is given ${value.length} times`);
  return value;
}

/** GET: `?query=...&variables=<JSON>&operationName=...`. */
export function requestFromQueryString(parameters: Readonly<Record<string, QueryValue>>): GraphqlRequest {
  const variablesText = single('variables', parameters.variables);
  let variables: unknown;
  if (variablesText !== undefined && variablesText !== '') {
    try {
      variables = JSON.parse(variablesText, refusePrototypeKeys);
    } catch (e) {
      if (e instanceof RequestProblem) throw e;
      throw new RequestProblem(`variables is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return request(checkQuery(single('query', parameters.query), 'the URL'), checkVariables(variables), checkOperationName(single('operationName', parameters.operationName)));
}
