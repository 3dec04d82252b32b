/**
 * Nest's Fastify adapter with the error handler in place from the start. Fastify fixes a route's
 * error handler when the route is loaded; GraphQL's Mercurius plugin loads during app.init(),
 * which loads the REST routes too, before Nest installs its handler (the exception filters). So
 * a forwarding handler is installed first, and Nest's own, when it comes, becomes its target:
 * errors raised before a handler runs (a body that is not JSON, one too large, an unsupported
 * content type) still reach the JSON exception filter, on every route.
 */
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

type ErrorHandler = (this: FastifyInstance, error: FastifyError, request: FastifyRequest, reply: FastifyReply) => unknown;

export class WeftFastifyAdapter extends FastifyAdapter {
  private nestErrorHandler: ErrorHandler | undefined;

  /** Installs the forwarding handler; `fallback` answers until Nest has installed its own. */
  forwardErrors(fallback: ErrorHandler): void {
    const target = (): ErrorHandler => this.nestErrorHandler ?? fallback;
    this.getInstance().setErrorHandler(function (this: FastifyInstance, error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
      return target().call(this, error, request, reply);
    });
  }

  /** Nest's handler becomes the target of the forwarding one instead of replacing it. */
  override setErrorHandler(handler: ErrorHandler): FastifyInstance {
    this.nestErrorHandler = handler;
    return this.getInstance();
  }
}
