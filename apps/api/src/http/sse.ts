/**
 * Server-sent events over a Fastify reply, shared by REST's event streams and GraphQL
 * subscriptions: headers sent at once, a keep-alive comment every 15 s (so proxies do not close an
 * idle stream), and writes that report whether the client is still there.
 */
import { once } from 'node:events';
import type { FastifyReply, FastifyRequest } from 'fastify';

const KEEP_ALIVE_MILLISECONDS = 15_000;

export interface SseResponse {
  /** writes one event (with its id, for Last-Event-ID); waits while the client's socket is full; false once the client is gone */
  write(event: string, data: string, id?: string): Promise<boolean>;
  /** ends the response from the server side, with a last event if given */
  end(last?: { event: string; data: string }): void;
  /** resolves when the connection is closed, by either side */
  readonly closed: Promise<void>;
}

export function openSse(request: FastifyRequest, reply: FastifyReply, greeting: string): SseResponse {
  void reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-request-id': request.id,
  });
  // a first comment sends the headers now, so the client knows the stream started
  raw.write(`: ${greeting}\n\n`);
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
    async write(event, data, id) {
      if (!open || raw.writableEnded) return false;
      if (raw.write(`${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${data}\n\n`)) return true;
      await Promise.race([once(raw, 'drain'), closed]);
      return open;
    },
    end(last) {
      if (open && !raw.writableEnded) raw.end(last === undefined ? undefined : `event: ${last.event}\ndata: ${last.data}\n\n`);
    },
    closed,
  };
}
