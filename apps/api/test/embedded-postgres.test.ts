// The default database for real: embedded PostgreSQL in a temporary WEFT_DATA (as root it runs as
// the postgres user), TypeORM migrations that apply once and are idempotent after, entities that
// declare exactly the schema the migrations make (constraint names included), an audit log that
// refuses UPDATE, DELETE and TRUNCATE, data that survives a stop and a start, and a database
// migrated by the runner before TypeORM adopted as it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDataSource } from '../src/database/data-source.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/database/embedded-postgres.js';
import { runMigrations } from '../src/database/migrate.js';
import { InitialSchema1732147200001 } from '../src/database/migrations/1732147200001-initial-schema.js';
import { TokenExpiry1732147200002 } from '../src/database/migrations/1732147200002-token-expiry.js';
import { MIGRATION_NAMES } from '../src/database/migrations/index.js';
import { sqlClient, type SqlClient } from './support/postgres.js';

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  assert.fail('expected PostgreSQL to refuse the statement');
}

async function migrateOnce(url: string): Promise<string[]> {
  const dataSource = await openDataSource({ url });
  try {
    return await runMigrations(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

test('embedded PostgreSQL: migrations once, entities that match them, an append-only audit log, data kept across a restart', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wd-embedded-'));
  let server: EmbeddedDatabase | undefined;
  let db: SqlClient | undefined;
  // stop PostgreSQL even when an assertion fails, or it outlives the test run
  t.after(async () => {
    await db?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });

  server = await startEmbeddedPostgres(dataDir);
  assert.match(server.url, /^postgres:\/\/weft:[^@]+@127\.0\.0\.1:\d+\/weft$/);
  assert.ok(existsSync(join(dataDir, 'pg', 'PG_VERSION')), 'the cluster lives under WEFT_DATA/pg');

  // GIVEN a fresh database WHEN migrated twice, by two runners at once, THEN every migration applies once
  const [first, second] = await Promise.all([migrateOnce(server.url), migrateOnce(server.url)]);
  assert.deepEqual([...first, ...second].sort(), [...MIGRATION_NAMES].sort());
  assert.deepEqual(await migrateOnce(server.url), []);
  db = sqlClient(server.url);
  const recorded = await db.query<{ name: string }>('SELECT name FROM typeorm_migrations ORDER BY id');
  assert.deepEqual(
    recorded.rows.map((row) => row.name),
    MIGRATION_NAMES,
  );

  // the entities declare what the migrations made: TypeORM finds nothing to change
  const dataSource = await openDataSource({ url: server.url });
  try {
    const diff = await dataSource.driver.createSchemaBuilder().log();
    assert.deepEqual(
      diff.upQueries.map((q) => q.query),
      [],
    );
  } finally {
    await dataSource.destroy();
  }

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
  assert.deepEqual(await migrateOnce(server.url), []);
  db = sqlClient(server.url);
  const kept = await db.query<{ name: string }>('SELECT name FROM audit');
  assert.deepEqual(kept.rows, [{ name: 'blue' }]);
});

test('a database migrated before TypeORM (schema_migrations 1 and 2) is adopted: its data stays, only the change feed is added', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wd-adopt-'));
  const server = await startEmbeddedPostgres(dataDir);
  const db = sqlClient(server.url);
  t.after(async () => {
    await db.close().catch(() => undefined);
    await server.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });
  // what the earlier runner left: its schema, its record of it, and some objects
  const dataSource = await openDataSource({ url: server.url });
  const runner = dataSource.createQueryRunner();
  await new InitialSchema1732147200001().up(runner);
  await new TokenExpiry1732147200002().up(runner);
  await runner.release();
  await dataSource.destroy();
  await db.query('CREATE TABLE schema_migrations (id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
  await db.query("INSERT INTO schema_migrations (id, name) VALUES (1, 'resources, allocations, audit, tokens, agents'), (2, 'token expiry')");
  await db.query(
    `INSERT INTO resources (kind, namespace, name, uid, api_version, metadata, spec, resource_version)
     VALUES ('VPC', 'default', 'kept', gen_random_uuid(), 'vpc.weft.dev/v1alpha1', '{"name":"kept"}', '{}', 7)`,
  );

  assert.deepEqual(await migrateOnce(server.url), MIGRATION_NAMES);
  const kept = await db.query<{ name: string }>('SELECT name FROM resources');
  assert.deepEqual(kept.rows, [{ name: 'kept' }]);
  // the change feed starts at the highest version the objects had
  const version = await db.query<{ version: string }>('SELECT version FROM fabric_version');
  assert.equal(version.rows[0]?.version, '7');
  assert.deepEqual(await migrateOnce(server.url), []);
});
