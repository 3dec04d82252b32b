/**
 * A subscription's response stream as server-sent events, in the "distinct connections" format of
 * the graphql-sse protocol: each result is `event: next` with the JSON result as data, and the
 * end is `event: complete`. Writes wait while the client's socket is full, so a slow reader
 * holds events in the bounded source queue (events.ts), not in unbounded socket buffers.
 */
import { once } from 'node:events';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FormattedExecutionResult } from 'graphql';

/** A comment this often keeps proxies from closing an idle stream. */
const KEEP_ALIVE_MILLISECONDS = 15_000;

export interface GraphqlEventStream {
  /** false once the client has gone: stop sending */
  next(result: FormattedExecutionResult): Promise<boolean>;
  /** ends the stream from the server side */
  complete(): void;
  /** resolves when the connection is closed, by either side */
  readonly closed: Promise<void>;
}

export function openGraphqlEventStream(request: FastifyRequest, reply: FastifyReply): GraphqlEventStream {
  void reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-request-id': request.id,
  });
  // a first comment sends the headers now, so the client knows the subscription started
  raw.write(': weft graphql subscription\n\n');
  const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), KEEP_ALIVE_MILLISECONDS);
  let open = true;
  const closed = new Promise<void>((resolve) => {
    raw.once('close', () => {
      open = false;
      clearInterval(keepAlive);
      resolve();
    });
  });
  return {
    async next(result) {
      if (!open || raw.writableEnded) return false;
      if (raw.write(`event: next\ndata: ${JSON.stringify(result)}\n\n`)) return true;
      await Promise.race([once(raw, 'drain'), closed]);
      return open;
    },
    complete() {
      if (open && !raw.writableEnded) raw.end('event: complete\ndata:\n\n');
    },
    closed,
  };
}
