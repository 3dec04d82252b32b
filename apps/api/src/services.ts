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
      logger.info('store', event);
    },
  });
  watchPoolUsage(metrics, () => store.poolUsage());
  return {
    store,
    tokens,
    ready: () => db.ping(),
    announcements: generated === undefined ? [] : [`Bootstrap admin token (shown once, keep it): ${generated}`],
  };
};
