/**
 * The fan-out of change events to live streams (REST SSE, GraphQL subscriptions, agent
 * watches). Each published event knows how each actor may see it (`present`), so a stream gets
 * exactly what its token may read, a DELETED included: the audience of a deletion is judged on
 * the object as it was. Streams belong to a token: revoking it, or its expiry, ends every stream
 * it opened with a reason the stream sends as its last event.
 */
import type { Actor, StoreEvent } from '../store/store.types.js';

/** A change, before it is known who receives it. */
export interface FabricEvent {
  /** the event as this actor may see it, or undefined when the actor may not see it */
  present(actor: Actor): StoreEvent | undefined;
}

/** Why the service ended a stream; sent to the reader as the stream's last event. */
export interface StreamEnd {
  readonly code: 'unauthenticated' | 'unavailable';
  readonly message: string;
}

export interface HubListener {
  readonly actor: Actor;
  onEvent(event: StoreEvent): void;
  onEnd(reason: StreamEnd): void;
}

export class EventHub {
  private readonly listeners = new Set<HubListener>();
  private readonly expiries = new Map<HubListener, NodeJS.Timeout>();

  /** Adds a listener; returns its removal. A token with an expiry ends its streams then. */
  subscribe(listener: HubListener): () => void {
    this.listeners.add(listener);
    const expiresAt = listener.actor.expiresAt;
    const expiry = expiresAt === undefined ? Number.NaN : Date.parse(expiresAt);
    if (!Number.isNaN(expiry)) this.endAtExpiry(listener, expiry);
    return () => {
      this.remove(listener);
    };
  }

  /**
   * Ends the listener's stream when its token expires. A timer may fire a little before the
   * wall clock reaches the expiry (timers follow the monotonic clock; setTimeout also takes at
   * most 2^31-1 ms): then it is set again for what is left, never dropped.
   */
  private endAtExpiry(listener: HubListener, expiresAt: number): void {
    const timer = setTimeout(() => {
      if (!this.listeners.has(listener)) return;
      if (Date.now() >= expiresAt) this.end(listener, { code: 'unauthenticated', message: 'the token expired' });
      else this.endAtExpiry(listener, expiresAt);
    }, Math.min(Math.max(0, expiresAt - Date.now()), 2 ** 31 - 1));
    timer.unref();
    this.expiries.set(listener, timer);
  }

  publish(event: FabricEvent): void {
    for (const listener of this.listeners) {
      try {
        const seen = event.present(listener.actor);
        if (seen !== undefined) listener.onEvent(seen);
      } catch {
        // a broken listener must not stop the others
      }
    }
  }

  /** Ends every stream of the token named `name` (revoked). */
  endToken(name: string, reason: StreamEnd): void {
    for (const listener of [...this.listeners]) if (listener.actor.name === name) this.end(listener, reason);
  }

  /** Ends every stream (the service stops). */
  endAll(reason: StreamEnd): void {
    for (const listener of [...this.listeners]) this.end(listener, reason);
  }

  get size(): number {
    return this.listeners.size;
  }

  private end(listener: HubListener, reason: StreamEnd): void {
    this.remove(listener);
    try {
      listener.onEnd(reason);
    } catch {
      // the stream is gone already
    }
  }

  private remove(listener: HubListener): void {
    this.listeners.delete(listener);
    clearTimeout(this.expiries.get(listener));
    this.expiries.delete(listener);
  }
}
