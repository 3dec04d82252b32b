/** REST's event streams: one server-sent event per store event, the object as JSON. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { openSse } from '../http/sse.js';

export interface EventStream {
  send(event: string, data: unknown): void;
  readonly closed: Promise<void>;
}

export function openEventStream(request: FastifyRequest, reply: FastifyReply): EventStream {
  const sse = openSse(request, reply, 'weft event stream');
  return {
    send(event, data) {
      void sse.write(event, JSON.stringify(data));
    },
    closed: sse.closed,
  };
}
