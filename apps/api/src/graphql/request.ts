/**
 * A GraphQL-over-HTTP request as graphql-js needs it: `{query, variables, operationName}` from a
 * JSON body (POST) or from the query string (GET, variables as JSON text). Anything malformed is
 * a RequestProblem, answered 400 with `{errors: [...]}`.
 */
import { Buffer } from 'node:buffer';
import { RequestProblem } from './errors.js';
import { MAX_QUERY_BYTES } from './limits.js';

export { RequestProblem };

export interface GraphqlRequest {
  readonly query: string;
  readonly variables?: Readonly<Record<string, unknown>>;
  readonly operationName?: string;
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

/** Extensions are not used here, but one that is not a map is a malformed request. */
function checkExtensions(extensions: unknown): void {
  if (extensions !== undefined && extensions !== null && !isRecord(extensions)) throw new RequestProblem('extensions must be a JSON object');
}

function request(query: string, variables: Readonly<Record<string, unknown>> | undefined, operationName: string | undefined): GraphqlRequest {
  return { query, ...(variables === undefined ? {} : { variables }), ...(operationName === undefined ? {} : { operationName }) };
}

/** POST: the parsed JSON body. */
export function requestFromBody(body: unknown): GraphqlRequest {
  if (!isRecord(body)) throw new RequestProblem(BODY_SHAPE);
  checkExtensions(body.extensions);
  return request(checkQuery(body.query, 'the body'), checkVariables(body.variables), checkOperationName(body.operationName));
}

/** As the JSON body parser does: such keys could poison prototypes later. */
function refusePrototypeKeys(key: string, value: unknown): unknown {
  if (key === '__proto__') throw new RequestProblem('the JSON has a "__proto__" key, which is not allowed');
  return value;
}

type QueryValue = string | string[] | undefined;

function single(name: string, value: QueryValue): string | undefined {
  if (Array.isArray(value)) throw new RequestProblem(`query parameter ${name} is given ${value.length} times`);
  return value;
}

/** GET: `?query=...&variables=<JSON>&operationName=...`. */
/** A parameter that holds JSON text (`variables`, `extensions`). */
function jsonParameter(parameters: Readonly<Record<string, QueryValue>>, name: string): unknown {
  const text = single(name, parameters[name]);
  if (text === undefined || text === '') return undefined;
  try {
    return JSON.parse(text, refusePrototypeKeys);
  } catch (e) {
    if (e instanceof RequestProblem) throw e;
    throw new RequestProblem(`${name} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export function requestFromQueryString(parameters: Readonly<Record<string, QueryValue>>): GraphqlRequest {
  const variables = jsonParameter(parameters, 'variables');
  checkExtensions(jsonParameter(parameters, 'extensions'));
  return request(checkQuery(single('query', parameters.query), 'the URL'), checkVariables(variables), checkOperationName(single('operationName', parameters.operationName)));
}
