/**
 * The PostgreSQL adapter: a pool, transactions, and the migration runner. Everything the
 * service stores goes through here; nothing above it sees a pg client.
 */
import pg from 'pg';
import { connectionFailureMessage } from './database-errors.js';
import { MIGRATIONS } from './migrations.js';

/** What the stores need of a pool or a transaction's client. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

/** Advisory lock keys: migrations, and the single writer of fabric state. */
export const LOCK_MIGRATIONS = 7_401_001;
export const LOCK_WRITER = 7_401_002;

/** A start that cannot reach PostgreSQL; the message names the cause, never the password. */
export class DatabaseConnectError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DatabaseConnectError';
  }
}

export interface ConnectOptions {
  /** pool size */
  readonly max?: number;
  /** a connection (TCP, TLS, authentication) that takes longer fails */
  readonly connectTimeoutMs?: number;
  /** a query without an answer for this long fails (a server that accepts and never answers) */
  readonly queryTimeoutMs?: number;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_QUERY_TIMEOUT_MS = 30_000;

export class Database {
  private constructor(private readonly pool: pg.Pool) {}

  static async connect(url: string, options: ConnectOptions | number = {}): Promise<Database> {
    const { max = 10, connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS, queryTimeoutMs = DEFAULT_QUERY_TIMEOUT_MS } = typeof options === 'number' ? { max: options } : options;
    const pool = new pg.Pool({
      connectionString: url,
      max,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: connectTimeoutMs,
      query_timeout: queryTimeoutMs,
      keepAlive: true,
    });
    // a pool error (the server went away) must not crash the process; queries report it
    pool.on('error', () => undefined);
    const db = new Database(pool);
    try {
      await db.query('SELECT 1');
    } catch (e) {
      await pool.end().catch(() => undefined);
      const parsed = new URL(url);
      const where = `${parsed.hostname}:${parsed.port === '' ? '5432' : parsed.port}`;
      throw new DatabaseConnectError(connectionFailureMessage(e, where, decodeURIComponent(parsed.username), connectTimeoutMs), { cause: e });
    }
    return db;
  }

  async query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
    return this.pool.query<R>(text, values);
  }

  /** Runs fn in a transaction; rolls back on any error and rethrows it. */
  async transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // The pool listens for errors of idle clients only: a connection that dies while checked out
    // (the server killed mid-transaction) emits 'error' here, and an unheard 'error' ends the
    // process. The failed query rejects on its own; the dead client is destroyed, not reused.
    let broken: Error | undefined;
    const onError = (e: Error): void => {
      broken = e;
    };
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (e) {
      if (broken === undefined) await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  async migrate(): Promise<number[]> {
    return this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [LOCK_MIGRATIONS]);
      await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
      const done = new Set((await client.query<{ id: number }>('SELECT id FROM schema_migrations')).rows.map((r) => r.id));
      const applied: number[] = [];
      for (const m of MIGRATIONS) {
        if (done.has(m.id)) continue;
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [m.id, m.name]);
        applied.push(m.id);
      }
      return applied;
    });
  }

  async ping(): Promise<boolean> {
    try {
      await this.pool.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** SQLSTATE 23505: a unique constraint refused a second owner. */
export function isUniqueViolation(e: unknown): e is { code: string; constraint?: string; detail?: string } {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === '23505';
}
