/**
 * The one global exception filter of the HTTP transport: every error, from a handler, a guard, the
 * body parser or the router, leaves as the JSON error body (errors.ts). Unknown errors are logged
 * with their stack and the request id, and answered with a bare 500.
 */
import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../observability/logger.js';
import { sendErrorResponse, toErrorResponse } from './errors.js';

@Catch()
export class JsonExceptionFilter implements ExceptionFilter {
  constructor(
    private readonly logger: Logger,
    private readonly bodyLimitBytes: number,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): unknown {
    // GraphQL (and other transports) map errors their own way
    if (host.getType() !== 'http') return exception;
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const response = toErrorResponse(exception, { requestId: request.id, bodyLimitBytes: this.bodyLimitBytes });
    if (response.unexpected) this.logUnexpected(exception, request);
    if (!reply.sent) sendErrorResponse(reply, response);
    return undefined;
  }

  private logUnexpected(exception: unknown, request: FastifyRequest): void {
    this.logger.error('unhandled error', {
      requestId: request.id,
      method: request.method,
      url: request.url,
      error: exception instanceof Error ? `${exception.name}: ${exception.message}` : String(exception),
      stack: exception instanceof Error ? exception.stack : undefined,
    });
  }
}
