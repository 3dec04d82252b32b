/**
 * How subscriptions reach the service: graphql-sse over /graphql/stream (server-sent events, one
 * HTTP connection per subscription, the token in the Authorization header; passes any HTTP proxy)
 * by default, or graphql-ws over a WebSocket at /graphql (the token in connection_init) with a
 * build made with VITE_WEFT_SUBSCRIPTIONS=ws (VITE_WEFT_SUBSCRIPTIONS_URL if the socket is
 * elsewhere), or in one tab with sessionStorage `weft.subscriptions` = `ws`. The same sink-based
 * client either way, so nothing else changes.
 */
import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient } from 'graphql-ws';

export type SubscriptionTransport = 'sse' | 'ws';

export interface SubscriptionPayload {
  readonly query: string;
  readonly variables?: Record<string, unknown>;
  readonly operationName?: string;
}

export interface Sink {
  next(value: unknown): void;
  error(error: unknown): void;
  complete(): void;
}

export type ConnectionState = 'connecting' | 'live' | 'reconnecting';

export interface SubscriptionClient {
  subscribe(payload: SubscriptionPayload, sink: Sink): () => void;
  dispose(): void;
  /** calls `listener` with the connection's state now and whenever it changes */
  onState(listener: (state: ConnectionState) => void): () => void;
}

/** The state of the transport's connection, from its connecting / connected events. */
function stateHolder(): { set(state: ConnectionState): void; on: SubscriptionClient['onState'] } {
  let current: ConnectionState = 'connecting';
  const listeners = new Set<(state: ConnectionState) => void>();
  return {
    set(state) {
      current = state;
      for (const listener of listeners) listener(state);
    },
    on(listener) {
      listeners.add(listener);
      listener(current);
      return () => listeners.delete(listener);
    },
  };
}

/** This tab's choice, if any (sessionStorage may be unavailable: then the build's). */
function tabTransport(): string | undefined {
  try {
    return window.sessionStorage.getItem('weft.subscriptions') ?? undefined;
  } catch {
    return undefined;
  }
}

export function configuredTransport(): SubscriptionTransport {
  return (tabTransport() ?? import.meta.env.VITE_WEFT_SUBSCRIPTIONS) === 'ws' ? 'ws' : 'sse';
}

function websocketUrl(): string {
  const configured = import.meta.env.VITE_WEFT_SUBSCRIPTIONS_URL as string | undefined;
  if (configured !== undefined && configured !== '') return configured;
  const url = new URL('/graphql', window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

export function createSubscriptionClient(token: string, transport: SubscriptionTransport = configuredTransport()): SubscriptionClient {
  const state = stateHolder();
  const on = {
    connecting: (reconnecting: boolean) => {
      state.set(reconnecting ? 'reconnecting' : 'connecting');
    },
    connected: () => {
      state.set('live');
    },
  };
  if (transport === 'ws') {
    // graphql-ws carries the token in connection_init, never in the socket URL
    const client = createWsClient({ url: websocketUrl(), connectionParams: { authorization: `Bearer ${token}` }, lazy: true, retryAttempts: Infinity, on });
    return {
      subscribe: (payload, sink) => client.subscribe({ ...payload }, sink),
      dispose: () => void client.dispose(),
      onState: state.on,
    };
  }
  const client = createSseClient({
    url: (import.meta.env.VITE_WEFT_SUBSCRIPTIONS_URL as string | undefined) ?? '/graphql/stream',
    headers: () => ({ authorization: `Bearer ${token}` }),
    // the service speaks the "distinct connections" mode: one stream per subscription
    singleConnection: false,
    retryAttempts: Infinity,
    on,
  });
  return {
    subscribe: (payload, sink) => client.subscribe({ ...payload }, sink),
    dispose: () => {
      client.dispose();
    },
    onState: state.on,
  };
}
