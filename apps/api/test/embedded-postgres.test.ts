// The default database for real: embedded PostgreSQL in a temporary WEFT_DATA (as root it runs as
// the postgres user), migrations that apply once and are idempotent after, an audit log that
// refuses UPDATE, DELETE and TRUNCATE, and data that survives a stop and a start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database } from '../src/database/database.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/database/embedded-postgres.js';
import { MIGRATIONS } from '../src/database/migrations.js';

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  assert.fail('expected PostgreSQL to refuse the statement');
}

test('embedded PostgreSQL: migrations once, an append-only audit log, data kept across a restart', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'weft-embedded-'));
  let server: EmbeddedDatabase | undefined;
  let db: Database | undefined;
  // stop PostgreSQL even when an assertion fails, or it outlives the test run
  t.after(async () => {
    await db?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });

  server = await startEmbeddedPostgres(dataDir);
  assert.match(server.url, /^postgres:\/\/weft:[^@]+@127\.0\.0\.1:\d+\/weft$/);
  assert.ok(existsSync(join(dataDir, 'pg', 'PG_VERSION')), 'the cluster lives under WEFT_DATA/pg');
  db = await Database.connect(server.url);

  // GIVEN a fresh database WHEN migrated twice THEN every migration applies once
  assert.deepEqual(await db.migrate(), MIGRATIONS.map((migration) => migration.id));
  assert.deepEqual(await db.migrate(), []);
  const recorded = await db.query<{ id: number }>('SELECT id FROM schema_migrations ORDER BY id');
  assert.deepEqual(
    recorded.rows.map((row) => row.id),
    MIGRATIONS.map((migration) => migration.id),
  );

  // GIVEN an audit entry WHEN it is changed, removed or truncated THEN PostgreSQL refuses
  await db.query("INSERT INTO audit (actor, role, via, action, kind, name) VALUES ('admin', 'architect', 'rest', 'create', 'VPC', 'blue')");
  assert.match(await refusal(db.query("UPDATE audit SET actor = 'mallory'")), /the audit log is append-only/);
  assert.match(await refusal(db.query('DELETE FROM audit')), /the audit log is append-only/);
  assert.match(await refusal(db.query('TRUNCATE audit')), /the audit log is append-only/);
  const rows = await db.query<{ actor: string; name: string }>('SELECT actor, name FROM audit');
  assert.deepEqual(rows.rows, [{ actor: 'admin', name: 'blue' }]);

  // WHEN stopped and started again on the same WEFT_DATA THEN the data and the migrations are there
  await db.close();
  db = undefined;
  await server.stop();
  assert.ok(!existsSync(join(dataDir, 'pg', 'postmaster.pid')), 'stop() stops the server');
  server = await startEmbeddedPostgres(dataDir);
  db = await Database.connect(server.url);
  assert.deepEqual(await db.migrate(), []);
  const kept = await db.query<{ name: string }>('SELECT name FROM audit');
  assert.deepEqual(kept.rows, [{ name: 'blue' }]);
});
