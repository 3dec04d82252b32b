/**
 * What the HTTP layer is built from. Minimal on purpose: the real FabricStore and token store
 * satisfy these shapes, and tests pass small fakes.
 */
import type { Logger } from '../observability/logger.js';
import type { WeftMetrics } from '../observability/metrics.js';
import type { Actor } from '../store/store.types.js';

/**
 * The HTTP layer itself calls nothing on the store: resource controllers inject it under
 * FABRIC_STORE with its own class type. Any object will do here.
 */
export type FabricStoreLike = object;

export interface TokenAuthenticator {
  /** the actor a bearer token stands for; undefined for an unknown or revoked token */
  authenticate(token: string): Promise<Actor | undefined>;
}

/** true when the service can do its work (database reachable, state loaded). */
export type Readiness = () => Promise<boolean>;

export interface HttpDependencies<Store extends FabricStoreLike = FabricStoreLike> {
  /** absent when a services module (the StoreModule) provides the store, tokens and readiness */
  readonly store?: Store;
  readonly tokens?: TokenAuthenticator;
  readonly metrics: WeftMetrics;
  readonly logger: Logger;
  readonly ready?: Readiness;
}
