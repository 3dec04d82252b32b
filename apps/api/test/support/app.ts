/**
 * The HTTP app as `weft serve` builds it (the StoreModule's providers, seeded with the sample
 * fabric) on a test database, listening on a loopback port; without the process around it.
 */
import assert from 'node:assert/strict';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RawDocument } from '#domain';
import { loadConfig } from '../../src/config.js';
import { createJsonLogger, type Logger } from '../../src/observability/logger.js';
import { createMetrics, type WeftMetrics } from '../../src/observability/metrics.js';
import { createHttpApp } from '../../src/server.js';
import { FabricStore } from '../../src/store/fabric-store.js';
import { sampleFabric } from '../../src/store/seed.js';
import { StoreModule } from '../../src/store/store.module.js';
import { TokenService } from '../../src/tokens/token.service.js';

export interface StoreApp {
  readonly base: string;
  readonly app: NestFastifyApplication;
  readonly store: FabricStore;
  readonly tokens: TokenService;
  readonly metrics: WeftMetrics;
  close(): Promise<void>;
}

export interface StoreAppOptions {
  readonly adminToken: string;
  readonly seed?: () => Promise<readonly RawDocument[]>;
  readonly logger?: Logger;
}

export async function startStoreApp(url: string, options: StoreAppOptions): Promise<StoreApp> {
  const config = loadConfig({ WEFT_ADMIN_TOKEN: options.adminToken, LOG_LEVEL: 'error' });
  const logger = options.logger ?? createJsonLogger({ level: 'error', write: () => undefined });
  const metrics = createMetrics({ processMetrics: false });
  const services = StoreModule.forRoot({ database: { url }, seed: options.seed ?? (() => sampleFabric()), adminToken: options.adminToken });
  const app = await createHttpApp({ metrics, logger }, config, { services });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  assert.ok(typeof address === 'object' && address !== null);
  return { base: `http://127.0.0.1:${address.port}`, app, store: app.get(FabricStore), tokens: app.get(TokenService), metrics, close: () => app.close() };
}
