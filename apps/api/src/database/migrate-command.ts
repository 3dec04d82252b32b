/**
 * What `weft db migrate` does: connect (DATABASE_URL, or the embedded PostgreSQL in WEFT_DATA,
 * started and stopped around it), run the pending migrations under the migration lock, close.
 */
import { resolve } from 'node:path';
import type { ServiceConfig } from '../config.js';
import { openDataSource } from './data-source.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { runMigrations } from './migrate.js';

export interface MigrationReport {
  /** where: `DATABASE_URL` or `embedded PostgreSQL in <dir>` */
  readonly database: string;
  /** the migrations this run applied, in order */
  readonly applied: readonly string[];
  /** no migration is pending any more */
  readonly current: boolean;
}

export async function migrateDatabase(config: ServiceConfig): Promise<MigrationReport> {
  const embedded = config.databaseUrl === undefined ? await startEmbeddedPostgres(resolve(config.dataDir)) : undefined;
  try {
    const url = config.databaseUrl ?? embedded?.url ?? '';
    const dataSource = await openDataSource({ url, connectTimeoutMs: config.databaseConnectTimeoutMs });
    try {
      const applied = await runMigrations(dataSource);
      const current = !(await dataSource.showMigrations());
      return { database: embedded === undefined ? 'DATABASE_URL' : `embedded PostgreSQL in ${resolve(config.dataDir)}`, applied, current };
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await embedded?.stop();
  }
}
