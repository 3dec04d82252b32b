/**
 * The real services behind `weft serve`: the token service (with the bootstrap admin token) and
 * the fabric store, seeded with the sample fabric when the database is empty.
 */
import type { CreateServices } from './main.js';
import { recordCompileDuration, recordWriteBatchSize, watchPoolUsage } from './observability/metrics.js';
import { FabricStore } from './store/fabric-store.js';
import { sampleFabric, seedFiles } from './store/seed.js';
import { TokenService } from './store/tokens.js';

export const createStoreServices: CreateServices = async (db, { config, logger, metrics }) => {
  const tokens = new TokenService(db);
  const generated = await tokens.bootstrap(config.adminToken);
  const store = await FabricStore.open(db, {
    seed: config.seed === undefined ? sampleFabric : () => seedFiles(config.seed ?? []),
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
  return {
    store,
    tokens,
    ready: () => db.ping(),
    endStreams: () => {
      store.endStreams();
    },
    close: () => store.close(),
    announcements: generated === undefined ? [] : [`Bootstrap admin token (shown once, keep it): ${generated}`],
  };
};
