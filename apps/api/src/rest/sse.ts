/**
 * REST's event streams: one server-sent event per store event, the object as JSON with the
 * event's id (event-history.ts: a client resumes with Last-Event-ID), written at the client's
 * pace from a bounded per-reader queue (events/event-queue.ts). When the service ends the stream
 * (the reader fell too far behind, its token was revoked or expired, the service stops) the last
 * event is `event: error` with `{code, message}`.
 */
import { GoneException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EventHub } from '../events/event-hub.js';
import { openEventQueue, type EventQueue } from '../events/event-queue.js';
import { openSse } from '../http/sse.js';
import type { Actor, StoreEvent } from '../store/store.types.js';
import { historyOf } from './event-history.js';

const MAX_EVENT_ID_LENGTH = 64;

export interface IdentifiedEvent {
  readonly event: StoreEvent;
  readonly id?: string;
}

/** Sends `first` (a replay, or the current state), then the queue's events with their ids from `idOf`. */
export async function streamEvents(request: FastifyRequest, reply: FastifyReply, queue: EventQueue, first: readonly IdentifiedEvent[], idOf: (event: StoreEvent) => string | undefined): Promise<void> {
  const sse = openSse(request, reply, 'weft event stream');
  void sse.closed.then(() => queue.return?.());
  try {
    for (const { event, id } of first) if (!(await sse.write(event.type, JSON.stringify(event.object), id))) return;
    for await (const event of queue) {
      if (!(await sse.write(event.type, JSON.stringify(event.object), idOf(event)))) break;
    }
  } finally {
    await queue.return?.();
    const ended = queue.ended;
    sse.end(ended === undefined ? undefined : { event: 'error', data: JSON.stringify(ended) });
  }
}

export interface StoreEventStream {
  readonly hub: EventHub;
  readonly actor: Actor;
  /** which of the actor's events this stream carries */
  readonly accept: (event: StoreEvent) => boolean;
  /** the state to send first when the stream starts afresh (an agent's watch: its Agent) */
  readonly current?: () => readonly StoreEvent[];
}

function lastEventIdOf(request: FastifyRequest): string | undefined {
  const header = request.headers['last-event-id'];
  const value = Array.isArray(header) ? header[0] : header;
  return value === undefined || value === '' ? undefined : value.slice(0, MAX_EVENT_ID_LENGTH);
}

/**
 * A REST event stream: after Last-Event-ID, what the reader missed, else the current state (if
 * any); then every new event, each with its id. Past events that cannot be replayed are a 410:
 * the client lists again and opens the stream without Last-Event-ID (a stream with a current
 * state to send starts from that instead).
 */
export async function streamStoreEvents(request: FastifyRequest, reply: FastifyReply, stream: StoreEventStream): Promise<void> {
  const history = historyOf(stream.hub);
  const lastEventId = lastEventIdOf(request);
  const replay = lastEventId === undefined ? undefined : history.since(lastEventId, stream.actor, stream.accept);
  if (replay === 'gone' && stream.current === undefined) {
    throw new GoneException(`the events after ${lastEventId ?? ''} are no longer kept here (too old, or sent by another instance of the service): list the objects again, then open the stream without Last-Event-ID`);
  }
  const first = replay !== undefined && replay !== 'gone' ? replay.events : (stream.current?.() ?? []).map((event) => ({ event, id: history.currentId }));
  // the queue hears each event right after the history numbered it
  const ids = new WeakMap<StoreEvent, string>();
  const queue = openEventQueue(stream.hub, stream.actor, (event) => {
    if (!stream.accept(event)) return false;
    ids.set(event, history.currentId);
    return true;
  });
  await streamEvents(request, reply, queue, first, (event) => ids.get(event));
}
