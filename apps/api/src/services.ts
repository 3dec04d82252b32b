/**
 * The real services behind `weft serve`: the token service (with the bootstrap admin token) and
 * the fabric store, seeded with the sample fabric when the database is empty.
 */
import type { RawDocument } from '#domain';
import type { CreateServices, ServiceContext } from './main.js';
import { recordCompileDuration, recordWriteBatchSize, watchPoolUsage } from './observability/metrics.js';
import { FabricStore } from './store/fabric-store.js';
import { sampleFabric } from './store/seed.js';
import { TokenService } from './store/tokens.js';

export const createStoreServices: CreateServices = storeServices({ seed: sampleFabric });

export interface StoreServicesOptions {
  /** documents for an empty database (the sample fabric); none when Kubernetes is the source */
  readonly seed?: () => Promise<readonly RawDocument[]>;
  /** work that runs beside the store (the Kubernetes controller) and stops before it */
  readonly start?: (store: FabricStore, context: ServiceContext) => Promise<{ close(): Promise<void> }>;
}

export function storeServices(options: StoreServicesOptions): CreateServices {
  return async (db, context) => {
    const { config, logger, metrics } = context;
    const tokens = new TokenService(db);
    const generated = await tokens.bootstrap(config.adminToken);
    const store = await FabricStore.open(db, {
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      onCompile: (seconds) => {
        recordCompileDuration(metrics, seconds);
      },
      onBatch: (size) => {
        recordWriteBatchSize(metrics, size);
      },
      log: (event) => {
        if (event.level === 'error') logger.error('store', event);
        else logger.info('store', event);
      },
    });
    watchPoolUsage(metrics, () => store.poolUsage());
    // a revoked token's open streams end at once, with a last event that says so
    tokens.onRevoked((name) => {
      store.events.endToken(name, { code: 'unauthenticated', message: 'the token was revoked' });
    });
    const beside = await options.start?.(store, context);
    return {
      store,
      tokens,
      ready: () => db.ping(),
      endStreams: () => {
        store.endStreams();
      },
      close: async () => {
        await beside?.close();
        await store.close();
      },
      announcements: generated === undefined ? [] : [`Bootstrap admin token (shown once, keep it): ${generated}`],
    };
  };
}
