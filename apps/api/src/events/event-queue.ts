/**
 * One reader's events: a bounded queue between the hub and a stream that writes at the pace of
 * its client. The writer awaits each write (socket back-pressure), so events wait here, never in
 * unbounded socket buffers; a reader more than `maxQueued` events behind is cut, and so is one
 * whose token is revoked or expires. Either way `ended` says why, for the stream's last event.
 * Closing the iterator (`return()`) removes the hub listener at once, even while `next()` waits.
 */
import type { Actor, StoreEvent } from '../store/store.types.js';
import type { EventHub, StreamEnd } from './event-hub.js';

/** Events a reader may be behind before its stream is cut. */
export const MAX_QUEUED_EVENTS = 1000;

export interface EventQueue extends AsyncIterableIterator<StoreEvent> {
  /** why the service ended the stream; undefined while it runs or when the reader left */
  readonly ended: StreamEnd | undefined;
}

export function openEventQueue(hub: EventHub, actor: Actor, accept: (event: StoreEvent) => boolean, maxQueued = MAX_QUEUED_EVENTS): EventQueue {
  const queued: StoreEvent[] = [];
  let waiting: ((result: IteratorResult<StoreEvent>) => void) | undefined;
  let closed = false;
  let ended: StreamEnd | undefined;

  const close = (reason?: StreamEnd): void => {
    if (closed) return;
    closed = true;
    if (reason !== undefined) {
      ended = reason;
      // what is queued is stale once the stream is cut: the reader gets the reason next
      queued.length = 0;
    }
    unsubscribe();
    const wake = waiting;
    waiting = undefined;
    wake?.({ value: undefined, done: true });
  };

  const unsubscribe = hub.subscribe({
    actor,
    onEvent(event) {
      if (closed || !accept(event)) return;
      if (waiting !== undefined) {
        const wake = waiting;
        waiting = undefined;
        wake({ value: event, done: false });
        return;
      }
      queued.push(event);
      if (queued.length > maxQueued) {
        close({ code: 'unavailable', message: `the reader fell more than ${maxQueued} events behind; read the current state and open the stream again` });
      }
    },
    onEnd(reason) {
      close(reason);
    },
  });

  return {
    get ended() {
      return ended;
    },
    next(): Promise<IteratorResult<StoreEvent>> {
      const event = queued.shift();
      if (event !== undefined) return Promise.resolve({ value: event, done: false });
      if (closed) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => {
        waiting = resolve;
      });
    },
    return(): Promise<IteratorResult<StoreEvent>> {
      queued.length = 0;
      close();
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
