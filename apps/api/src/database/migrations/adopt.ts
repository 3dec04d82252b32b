/**
 * Databases migrated before TypeORM recorded their migrations in `schema_migrations` (ids 1
 * and 2). Those migrations are not run again: TypeORM's runner records them as done.
 */
import type { QueryRunner } from 'typeorm';

export async function appliedBeforeTypeorm(queryRunner: QueryRunner, id: number): Promise<boolean> {
  const rows = (await queryRunner.query(
    `SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'schema_migrations'`,
  )) as unknown[];
  if (rows.length === 0) return false;
  const applied = (await queryRunner.query('SELECT 1 FROM schema_migrations WHERE id = $1', [id])) as unknown[];
  return applied.length > 0;
}
