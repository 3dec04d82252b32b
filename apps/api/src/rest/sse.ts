/**
 * REST's event streams: one server-sent event per store event, the object as JSON, written at
 * the client's pace from a bounded per-reader queue (events/event-queue.ts). When the service
 * ends the stream (the reader fell too far behind, its token was revoked or expired, the service
 * stops) the last event is `event: error` with `{code, message}`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EventQueue } from '../events/event-queue.js';
import { openSse } from '../http/sse.js';
import type { StoreEvent } from '../store/store.types.js';

export async function streamEvents(request: FastifyRequest, reply: FastifyReply, queue: EventQueue, first: readonly StoreEvent[] = []): Promise<void> {
  const sse = openSse(request, reply, 'weft event stream');
  void sse.closed.then(() => queue.return?.());
  try {
    for (const event of first) if (!(await sse.write(event.type, JSON.stringify(event.object)))) return;
    for await (const event of queue) {
      if (!(await sse.write(event.type, JSON.stringify(event.object)))) break;
    }
  } finally {
    await queue.return?.();
    const ended = queue.ended;
    sse.end(ended === undefined ? undefined : { event: 'error', data: JSON.stringify(ended) });
  }
}
