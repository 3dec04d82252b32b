/**
 * The one mapping from failures to HTTP answers. Every failure becomes the JSON error body
 * `{code, message, diagnostics?, requestId}`; only what nobody anticipated is a 500, and its body
 * says nothing about the cause (the log has the stack, under the same request id).
 */
import { HttpException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Diagnostic } from '#domain';
import { StoreError, type StoreErrorCode } from '../store/store.types.js';
import { InvalidJsonBodyError } from './json-body.js';

export interface DiagnosticBody {
  readonly code: string;
  readonly path: string;
  readonly message: string;
  readonly severity?: string;
  readonly hint?: string;
}

export interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly diagnostics?: readonly DiagnosticBody[];
  readonly requestId?: string;
}

export interface ErrorResponse {
  readonly status: number;
  readonly body: ErrorBody;
  /** Retry-After, in seconds (429, 503) */
  readonly retryAfterSeconds?: number;
  /** a fault of the service, not of the request: log it with its stack */
  readonly unexpected: boolean;
}

export const INTERNAL_ERROR_MESSAGE = 'internal error';
const MAX_MESSAGE_LENGTH = 1000;

export function storeErrorStatus(code: StoreErrorCode): number {
  switch (code) {
    case 'invalid':
      return 400;
    case 'unauthenticated':
      return 401;
    case 'forbidden':
      return 403;
    case 'not-found':
      return 404;
    case 'conflict':
      return 409;
    case 'unavailable':
      return 503;
    case 'too-many-requests':
      return 429;
  }
}

/** The error code of a plain HTTP status (a framework error, or an HttpException). */
export function httpStatusCode(status: number): string {
  const codes: Readonly<Record<number, string>> = {
    400: 'invalid',
    401: 'unauthenticated',
    403: 'forbidden',
    404: 'not-found',
    405: 'method-not-allowed',
    406: 'not-acceptable',
    409: 'conflict',
    410: 'gone',
    411: 'length-required',
    413: 'too-large',
    414: 'uri-too-long',
    415: 'unsupported-media-type',
    422: 'invalid',
    429: 'too-many-requests',
    431: 'headers-too-large',
    503: 'unavailable',
  };
  return codes[status] ?? `http-${status}`;
}

export interface ErrorMappingOptions {
  readonly requestId?: string;
  /** named in the 413 message */
  readonly bodyLimitBytes?: number;
}

export function toErrorResponse(error: unknown, options: ErrorMappingOptions = {}): ErrorResponse {
  const known = error instanceof StoreError ? fromStoreError(error) : fromHttpError(error, options);
  const response = known ?? { status: 500, body: { code: 'internal', message: INTERNAL_ERROR_MESSAGE }, unexpected: true };
  return options.requestId === undefined ? response : { ...response, body: { ...response.body, requestId: options.requestId } };
}

/** Sends the JSON error body, with WWW-Authenticate on a 401 and Retry-After when known. */
export function sendErrorResponse(reply: FastifyReply, response: ErrorResponse): void {
  if (response.status === 401) void reply.header('www-authenticate', 'Bearer');
  if (response.retryAfterSeconds !== undefined) void reply.header('retry-after', String(Math.max(1, Math.ceil(response.retryAfterSeconds))));
  void reply.status(response.status).header('content-type', 'application/json; charset=utf-8').send(response.body);
}

function fromStoreError(error: StoreError): ErrorResponse {
  const body: ErrorBody = { code: error.code, message: clip(error.message) };
  return {
    status: storeErrorStatus(error.code),
    body: error.diagnostics.length === 0 ? body : { ...body, diagnostics: error.diagnostics.map(toDiagnosticBody) },
    unexpected: false,
    ...(error.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: error.retryAfterSeconds }),
  };
}

export function toDiagnosticBody(diagnostic: Diagnostic): DiagnosticBody {
  return {
    code: diagnostic.code,
    path: diagnostic.path,
    message: diagnostic.message,
    severity: diagnostic.severity,
    ...(diagnostic.hint === undefined ? {} : { hint: diagnostic.hint }),
  };
}

/**
 * Nest's HttpException, and the errors Fastify raises before a handler runs (a body too large,
 * unparsable JSON, an unsupported content type), which carry a 4xx `statusCode`. A 5xx from the
 * framework is a fault of the service, except 503, which says so on purpose.
 */
function fromHttpError(error: unknown, options: ErrorMappingOptions): ErrorResponse | undefined {
  const status = httpStatusOf(error);
  if (status === undefined || (status >= 500 && status !== 503) || status < 400) return undefined;
  const jsonFailure = jsonParseFailure(error);
  if (jsonFailure !== undefined) return { status: 400, body: { code: 'invalid-json', message: clip(jsonFailure) }, unexpected: false };
  const code = httpStatusCode(status);
  const message = code === 'too-large' && options.bodyLimitBytes !== undefined ? `the request body is larger than ${options.bodyLimitBytes} bytes` : httpErrorMessage(error);
  return { status, body: { code, message: clip(message) }, unexpected: false };
}

function httpStatusOf(error: unknown): number | undefined {
  if (error instanceof HttpException) return error.getStatus();
  if (!(error instanceof Error)) return undefined;
  const status = (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && Number.isInteger(status) ? status : undefined;
}

/**
 * What is wrong with a body that is not JSON: our parser's error (json-body.ts) says it; a
 * SyntaxError or Fastify's own parser errors (possibly wrapped by Nest as the cause) are generic.
 */
function jsonParseFailure(error: unknown): string | undefined {
  const original = error instanceof HttpException && error.cause !== undefined ? error.cause : error;
  if (original instanceof InvalidJsonBodyError) return original.message;
  if (original instanceof SyntaxError) return `the body is not valid JSON: ${original.message}`;
  const code = (original as { code?: unknown } | null)?.code;
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return 'the body is empty, but its Content-Type says JSON';
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY') return 'the body is not valid JSON';
  return undefined;
}

function httpErrorMessage(error: unknown): string {
  if (!(error instanceof HttpException)) return error instanceof Error ? error.message : String(error);
  const response = error.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return error.message;
}

/** Messages may quote the request (a URL, a JSON fragment): keep them to a readable size. */
function clip(message: string): string {
  return message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH)}...` : message;
}
