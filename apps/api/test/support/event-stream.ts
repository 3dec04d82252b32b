/** A client for the service's server-sent event streams, for tests. */
import assert from 'node:assert/strict';
import type { ResourceObject } from '../../src/store/store.types.js';

export interface StreamEvent {
  readonly type: string;
  readonly object: ResourceObject;
  /** the event's id, for Last-Event-ID */
  readonly id?: string;
}

/** The promise's value, or a failure once the deadline (a Date.now() value) has passed. */
async function withDeadline<T>(promise: Promise<T>, deadline: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Error('no event within 5 s'));
    }, Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A server-sent event stream: its events as they arrive, and a way to close it. */
export async function openStream(base: string, token: string, path: string, lastEventId?: string): Promise<{ next(): Promise<StreamEvent>; close(): void }> {
  const controller = new AbortController();
  const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}`, ...(lastEventId === undefined ? {} : { 'last-event-id': lastEventId }) }, signal: controller.signal });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
  assert.ok(response.body !== null);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  return {
    async next(): Promise<StreamEvent> {
      const deadline = Date.now() + 5000;
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const type = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          const id = /^id: (.+)$/m.exec(block)?.[1];
          if (type !== undefined && data !== undefined) return { type, object: JSON.parse(data) as ResourceObject, ...(id === undefined ? {} : { id }) };
          continue;
        }
        const { value, done } = await withDeadline(reader.read(), deadline);
        assert.ok(!done, 'the stream ended');
        buffer += value;
      }
    },
    close(): void {
      controller.abort();
    },
  };
}
