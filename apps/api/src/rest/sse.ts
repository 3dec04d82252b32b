/** Server-sent events over a Fastify reply: the stream stays open until the client leaves. */
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface EventStream {
  send(event: string, data: unknown): void;
  readonly closed: Promise<void>;
}

export function openEventStream(request: FastifyRequest, reply: FastifyReply): EventStream {
  void reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-request-id': request.id,
  });
  raw.write(': weft event stream\n\n');
  // a comment every 15 s keeps proxies from closing an idle stream
  const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), 15_000);
  const closed = new Promise<void>((resolve) => {
    request.raw.on('close', () => {
      clearInterval(keepAlive);
      resolve();
    });
  });
  return {
    send(event, data) {
      if (!raw.writableEnded) raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    closed,
  };
}
