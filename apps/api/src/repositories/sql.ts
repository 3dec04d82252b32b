/**
 * Plain SQL through TypeORM's entity manager, for the statements an entity API would make
 * slower (batched `unnest` inserts, upserts, row locks). Rows come back typed by the caller.
 */
import type { EntityManager } from 'typeorm';

/** The rows of a SELECT (or of a statement with RETURNING). */
export async function selectRows<T>(manager: EntityManager, sql: string, parameters: readonly unknown[] = []): Promise<T[]> {
  const result: unknown = await manager.query(sql, [...parameters]);
  if (!Array.isArray(result)) return [];
  // UPDATE and DELETE answer [rows, count]
  if (result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}

/** Runs a statement for its effect. */
export async function execute(manager: EntityManager, sql: string, parameters: readonly unknown[] = []): Promise<void> {
  await manager.query(sql, [...parameters]);
}

/** Rows as columns, for `unnest($1::type[], $2::type[], ...)`. */
export function columns(rows: readonly (readonly unknown[])[], width: number): unknown[][] {
  return Array.from({ length: width }, (_, i) => rows.map((row) => row[i]));
}
