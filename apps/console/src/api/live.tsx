/**
 * Live updates: one `events` subscription for the whole console (one connection, whatever the
 * page), fanned out to the pages that listen for a kind. Lists start from a query and then apply
 * each event with the pure reducer of #console-model, so a change shows without reloading; a
 * list is asked for again whenever the subscription becomes live, so no change falls in a gap.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useClient, useQuery } from 'urql';
import { applyEvent, type ObjectLike, type WatchEvent } from '#console-model';
import { EVENTS } from './documents';
import { isUnauthenticated } from './errors';
import type { ConnectionState, SubscriptionClient } from './subscriptions';

type Listener = (event: WatchEvent) => void;

interface LiveHub {
  on(kind: string | undefined, listener: Listener): () => void;
  readonly state: ConnectionState;
}

const LiveContext = createContext<LiveHub | undefined>(undefined);

export function LiveEvents({ children, onUnauthenticated, transport }: { readonly children: ReactNode; readonly onUnauthenticated: () => void; readonly transport: SubscriptionClient }): ReactNode {
  const client = useClient();
  const listeners = useRef(new Set<{ kind: string | undefined; listener: Listener }>());
  const [state, setState] = useState<ConnectionState>('connecting');
  useEffect(() => transport.onState(setState), [transport]);
  useEffect(() => {
    const subscription = client.subscription(EVENTS, {}).subscribe((result) => {
      if (result.error !== undefined) {
        if (isUnauthenticated(result.error)) onUnauthenticated();
        setState('reconnecting');
        return;
      }
      const event = (result.data as { events?: WatchEvent } | undefined)?.events;
      if (event === undefined) return;
      for (const { kind, listener } of listeners.current) if (kind === undefined || kind === event.kind) listener(event);
    });
    return () => {
      subscription.unsubscribe();
    };
  }, [client, onUnauthenticated]);
  const hub = useMemo<LiveHub>(
    () => ({
      on(kind, listener) {
        const entry = { kind, listener };
        listeners.current.add(entry);
        return () => listeners.current.delete(entry);
      },
      state,
    }),
    [state],
  );
  return <LiveContext.Provider value={hub}>{children}</LiveContext.Provider>;
}

export function useLiveHub(): LiveHub {
  const hub = useContext(LiveContext);
  if (hub === undefined) throw new Error('useLiveHub outside <LiveEvents>');
  return hub;
}

/** Calls `listener` for each event of `kind` (every kind when undefined). */
export function useEvents(kind: string | undefined, listener: Listener): void {
  const hub = useLiveHub();
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => hub.on(kind, (event) => {
    latest.current(event);
  }), [hub, kind]);
}

export interface LiveList<T> {
  readonly items: readonly T[];
  readonly loading: boolean;
  /** the query failed (a hidden kind: forbidden for this token) */
  readonly error?: string;
}

/** A list from `query` (its root field `field`, a connection read as nodes), kept current by the events of `kind`. */
export function useLiveList<T extends ObjectLike>(kind: string, query: string, field: string, pause = false): LiveList<T> {
  const [result, reexecute] = useQuery<Record<string, { readonly nodes: T[] } | null>>({ query, pause });
  // events sent while the subscription was not running (before it started, or while it
  // reconnected) never arrive: each time it is live again, the list is asked for again
  const { state: connection } = useLiveHub();
  const wasLive = useRef(connection === 'live');
  useEffect(() => {
    if (connection === 'live' && !wasLive.current && !pause) reexecute({ requestPolicy: 'network-only' });
    wasLive.current = connection === 'live';
  }, [connection, pause, reexecute]);
  const fetched = result.data?.[field]?.nodes ?? undefined;
  // the query's answer replaces the list when it arrives; events change it in between
  const [state, setState] = useState<{ readonly source?: readonly T[]; readonly items: readonly T[] }>({ items: [] });
  if (fetched !== undefined && fetched !== state.source) setState({ source: fetched, items: fetched });
  const items = fetched !== undefined && fetched !== state.source ? fetched : state.items;
  const onEvent = useCallback((event: WatchEvent) => {
    setState((current) => ({ ...current, items: applyEvent(current.items, event as WatchEvent<T>) }));
  }, []);
  useEvents(pause ? '-' : kind, onEvent);
  return {
    items,
    loading: !pause && result.fetching && fetched === undefined,
    ...(result.error === undefined ? {} : { error: result.error.graphQLErrors[0]?.message ?? result.error.message }),
  };
}
