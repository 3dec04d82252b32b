/**
 * The setup behind `weft serve`: the store seeded with the sample fabric when the database is
 * empty; `storeServices` builds others (no seed when Kubernetes is the source, a controller
 * started beside the store).
 */
import type { ServiceSetup } from './main.js';
import { sampleFabric } from './store/seed.js';

export function storeServices(options: ServiceSetup): ServiceSetup {
  return options;
}

export const createStoreServices: ServiceSetup = storeServices({ seed: sampleFabric });
