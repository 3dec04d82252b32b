/**
 * The store as the service builds it (StoreModule: TypeORM, repositories, writer, feed), in a
 * Nest application context of its own (standalone-store.ts), on a test database; for tests of the
 * store without HTTP. Log lines at warn and above are collected.
 */
import type { RawDocument } from '#domain';
import { createJsonLogger, type Logger } from '../../src/observability/logger.js';
import { openStandaloneStore, type StandaloneStore } from '../../src/store/standalone-store.js';

export interface TestStore extends StandaloneStore {
  /** log lines, parsed */
  readonly logs: Record<string, unknown>[];
}

export interface TestStoreOptions {
  readonly seed?: () => Promise<readonly RawDocument[]>;
  readonly adminToken?: string;
  readonly logger?: Logger;
}

export async function openTestStore(url: string, options: TestStoreOptions = {}): Promise<TestStore> {
  const logs: Record<string, unknown>[] = [];
  const logger = options.logger ?? createJsonLogger({ level: 'warn', write: (line) => logs.push(JSON.parse(line) as Record<string, unknown>) });
  const opened = await openStandaloneStore({
    database: { url },
    logger,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.adminToken === undefined ? {} : { adminToken: options.adminToken }),
  });
  return { ...opened, logs };
}
