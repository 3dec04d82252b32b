/**
 * The service as `weft serve` runs it (the real store and tokens) on a test PostgreSQL, listening
 * on a free loopback port. Stop it with stop(), which also stops PostgreSQL.
 */
import { loadConfig } from '../../src/config.js';
import { serve, type RunningService } from '../../src/main.js';
import { freePort } from '../../src/net.js';
import { createStoreServices } from '../../src/services.js';
import { startTestDatabase, type TestDatabase } from './postgres.js';

export interface TestService {
  readonly pg: TestDatabase;
  readonly service: RunningService;
  stop(): Promise<void>;
}

export async function startTestService(adminToken: string, extra: Record<string, string> = {}): Promise<TestService> {
  const pg = await startTestDatabase();
  const config = loadConfig({ DATABASE_URL: pg.url, PORT: String(await freePort()), HOST: '127.0.0.1', WEFT_ADMIN_TOKEN: adminToken, LOG_LEVEL: 'error', ...extra });
  const service = await serve(config, createStoreServices, { announce: () => undefined, writeLog: () => undefined, handleSignals: false });
  return {
    pg,
    service,
    async stop(): Promise<void> {
      await service.stop();
      await pg.stop();
    },
  };
}
