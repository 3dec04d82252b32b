/**
 * The recent past of REST's event streams, so that a client that lost its connection resumes
 * with `Last-Event-ID` instead of listing everything again. Every event gets an id,
 * `<instance>.<sequence>`; the last EVENT_HISTORY_SIZE events are kept as architects see them
 * (one listener on the hub, added when the first REST stream opens, before any stream's own, so
 * it numbers each event before the streams hear it). A reader who sees everything (architect,
 * viewer) or its own Agent (agent) replays what it missed; anything else (an id from another
 * instance or a restart, one older than what is kept, a tenant, whose view of the past cannot be
 * rebuilt) is gone: the client lists again and streams from there.
 */
import { randomBytes } from 'node:crypto';
import type { EventHub } from '../events/event-hub.js';
import type { Actor, StoreEvent } from '../store/store.types.js';

/** Events kept for replay. */
export const EVENT_HISTORY_SIZE = 1000;

const HISTORIAN: Actor = Object.freeze({ name: 'system:event-history', role: 'architect' });

interface Recorded {
  readonly sequence: number;
  readonly event: StoreEvent;
}

export type Replay = { readonly events: readonly { readonly id: string; readonly event: StoreEvent }[] } | 'gone';

export class EventHistory {
  /** differs per process: an id from another replica or before a restart cannot be resumed */
  private readonly instance = randomBytes(4).toString('hex');
  private sequence = 0;
  private readonly recorded: Recorded[] = [];
  private listening = true;

  constructor(hub: EventHub, private readonly size = EVENT_HISTORY_SIZE) {
    hub.subscribe({
      actor: HISTORIAN,
      onEvent: (event) => {
        this.sequence += 1;
        this.recorded.push({ sequence: this.sequence, event });
        if (this.recorded.length > this.size) this.recorded.splice(0, this.recorded.length - this.size);
      },
      onEnd: () => {
        this.listening = false;
      },
    });
  }

  /** The id of the event the hub is publishing now (the historian heard it first). */
  get currentId(): string {
    return this.idOf(this.sequence);
  }

  private idOf(sequence: number): string {
    return `${this.instance}.${sequence}`;
  }

  /** What `actor` missed after `lastEventId`, among events `accept` takes; 'gone' when it cannot be told. */
  since(lastEventId: string, actor: Actor, accept: (event: StoreEvent) => boolean): Replay {
    const match = /^([0-9a-f]{8})\.([0-9]{1,15})$/.exec(lastEventId);
    const sequence = Number(match?.[2]);
    const oldest = this.recorded[0]?.sequence ?? this.sequence + 1;
    if (!this.listening || match?.[1] !== this.instance || sequence > this.sequence || sequence < oldest - 1) return 'gone';
    const sees = actor.role === 'architect' || actor.role === 'viewer' ? (): boolean => true : actor.role === 'agent' ? (event: StoreEvent): boolean => event.object.kind === 'Agent' && event.object.metadata.name === actor.switch : undefined;
    if (sees === undefined) return sequence === this.sequence ? { events: [] } : 'gone';
    const events = this.recorded.filter((entry) => entry.sequence > sequence && sees(entry.event) && accept(entry.event)).map((entry) => ({ id: this.idOf(entry.sequence), event: entry.event }));
    return { events };
  }
}

const histories = new WeakMap<EventHub, EventHistory>();

/** The hub's history, started by the first REST stream. */
export function historyOf(hub: EventHub): EventHistory {
  let history = histories.get(hub);
  if (history === undefined) {
    history = new EventHistory(hub);
    histories.set(hub, history);
  }
  return history;
}
