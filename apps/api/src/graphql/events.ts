/**
 * The source stream of the `events` subscription: the store's change events (already filtered by
 * what the actor may see) as an async iterator. Closing the iterator (`return()`, which graphql-js
 * calls when the response stream is closed) removes the store listener at once, even while a
 * `next()` is waiting. A reader too far behind, or whose token is revoked or expires, gets an
 * error as its last result: a GraphQLError whose extensions carry the code, so that a WebSocket
 * client (which receives thrown errors as they are) sees it too.
 */
import { GraphQLError } from 'graphql';
import type { StreamEnd } from '../events/event-hub.js';
import { MAX_QUEUED_EVENTS } from '../events/event-queue.js';
import type { Actor, StoreEvent } from '../store/store.types.js';

/** What the subscription needs of the store. */
export interface EventSource {
  subscribe(listener: (event: StoreEvent) => void, actor: Actor, onEnd?: (reason: StreamEnd) => void): () => void;
}

export { MAX_QUEUED_EVENTS };

/** One `ResourceEvent` of the schema. */
export interface ResourceEventPayload {
  readonly type: StoreEvent['type'];
  readonly kind: string;
  readonly object: StoreEvent['object'];
}

export function storeEvents(store: EventSource, actor: Actor, kind: string | undefined, maxQueued = MAX_QUEUED_EVENTS): AsyncIterableIterator<ResourceEventPayload> {
  const queued: ResourceEventPayload[] = [];
  let waiting: ((result: IteratorResult<ResourceEventPayload>) => void) | undefined;
  let waitingFailed: ((error: GraphQLError) => void) | undefined;
  let failure: GraphQLError | undefined;
  let closed = false;

  const close = (): void => {
    if (closed) return;
    closed = true;
    unsubscribe();
    const wake = waiting;
    waiting = undefined;
    wake?.({ value: undefined, done: true });
  };

  const end = (reason: GraphQLError): void => {
    if (closed) return;
    queued.length = 0;
    const fail = waitingFailed;
    if (fail !== undefined) {
      // a reader waiting for the next event gets the reason now
      waiting = undefined;
      waitingFailed = undefined;
      fail(reason);
    } else {
      failure = reason;
    }
    close();
  };

  const unsubscribe = store.subscribe((event) => {
    if (closed || (kind !== undefined && event.object.kind !== kind)) return;
    const payload: ResourceEventPayload = { type: event.type, kind: event.object.kind, object: event.object };
    if (waiting !== undefined) {
      const wake = waiting;
      waiting = undefined;
      waitingFailed = undefined;
      wake({ value: payload, done: false });
      return;
    }
    queued.push(payload);
    if (queued.length > maxQueued) {
      // a reader this far behind would only see stale state: end its stream, it can subscribe again
      end(new GraphQLError(`the subscriber fell more than ${maxQueued} events behind; subscribe again`, { extensions: { code: 'unavailable' } }));
    }
  }, actor, (reason) => {
    end(new GraphQLError(reason.message, { extensions: { code: reason.code } }));
  });

  return {
    next(): Promise<IteratorResult<ResourceEventPayload>> {
      const payload = queued.shift();
      if (payload !== undefined) return Promise.resolve({ value: payload, done: false });
      if (failure !== undefined) {
        const error = failure;
        failure = undefined;
        return Promise.reject(error);
      }
      if (closed) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve, reject) => {
        waiting = resolve;
        waitingFailed = reject;
      });
    },
    return(): Promise<IteratorResult<ResourceEventPayload>> {
      queued.length = 0;
      close();
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
