/**
 * A subscription's response stream as server-sent events, in the "distinct connections" format of
 * the graphql-sse protocol: each result is `event: next` with the JSON result as data, and the
 * end is `event: complete`. Writes wait while the client's socket is full, so a slow reader
 * holds events in the bounded source queue (events.ts), not in unbounded socket buffers.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FormattedExecutionResult } from 'graphql';
import { openSse } from '../http/sse.js';

export interface GraphqlEventStream {
  /** false once the client has gone: stop sending */
  next(result: FormattedExecutionResult): Promise<boolean>;
  /** ends the stream from the server side */
  complete(): void;
  /** resolves when the connection is closed, by either side */
  readonly closed: Promise<void>;
}

export function openGraphqlEventStream(request: FastifyRequest, reply: FastifyReply): GraphqlEventStream {
  const sse = openSse(request, reply, 'weft graphql subscription');
  return {
    next: (result) => sse.write('next', JSON.stringify(result)),
    complete() {
      sse.end({ event: 'complete', data: '' });
    },
    closed: sse.closed,
  };
}
