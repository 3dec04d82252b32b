/**
 * Runs the pending migrations in one transaction, under a session advisory lock so that
 * replicas starting together migrate once: the others wait, then find nothing to do.
 */
import { MigrationExecutor, type DataSource } from 'typeorm';
import { LOCK_MIGRATIONS } from './locks.js';

/** Returns the names of the migrations it ran (none when the schema is current). */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const queryRunner = dataSource.createQueryRunner('master');
  await queryRunner.connect();
  try {
    await queryRunner.query('SELECT pg_advisory_lock($1)', [LOCK_MIGRATIONS]);
    try {
      const executor = new MigrationExecutor(dataSource, queryRunner);
      executor.transaction = 'all';
      return (await executor.executePendingMigrations()).map((migration) => migration.name);
    } finally {
      await queryRunner.query('SELECT pg_advisory_unlock($1)', [LOCK_MIGRATIONS]).catch(() => undefined);
    }
  } finally {
    await queryRunner.release();
  }
}
