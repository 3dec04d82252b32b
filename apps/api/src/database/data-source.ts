/**
 * The TypeORM DataSource on PostgreSQL: the entities, the migrations, and the pool's limits (a
 * connection that takes too long fails, a query without an answer fails). A failed connection
 * becomes a DatabaseConnectError whose message names the cause, never the password.
 */
import { DataSource, type DataSourceOptions } from 'typeorm';
import { connectionFailureMessage } from './database-errors.js';
import { ENTITIES } from './entities/index.js';
import { MIGRATIONS } from './migrations/index.js';

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_QUERY_TIMEOUT_MS = 30_000;

/** Where the database is and how long to wait for it. */
export interface DatabaseOptions {
  /** postgres://user:password@host:port/database */
  readonly url: string;
  /** a connection (TCP, TLS, authentication) that takes longer fails */
  readonly connectTimeoutMs?: number;
  /** a query without an answer for this long fails (a server that accepts and never answers) */
  readonly queryTimeoutMs?: number;
  /** pool size */
  readonly poolSize?: number;
}

/** A start that cannot reach PostgreSQL; the message names the cause, never the password. */
export class DatabaseConnectError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DatabaseConnectError';
  }
}

export function dataSourceOptions(options: DatabaseOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsRun: false,
    synchronize: false,
    logging: false,
    applicationName: 'weft',
    poolSize: options.poolSize ?? 10,
    connectTimeoutMS: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    // a pool error (the server went away) must not crash the process; queries report it
    poolErrorHandler: () => undefined,
    extra: { query_timeout: options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS, idleTimeoutMillis: 30_000, keepAlive: true },
  };
}

/** Connects, or fails with a DatabaseConnectError that says why. */
export async function openDataSource(options: DatabaseOptions, typeormOptions: DataSourceOptions = dataSourceOptions(options)): Promise<DataSource> {
  const dataSource = new DataSource(typeormOptions);
  try {
    await dataSource.initialize();
  } catch (e) {
    if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
    throw new DatabaseConnectError(connectionFailureMessage(e, whereOf(options.url), userOf(options.url), options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS), { cause: e });
  }
  return dataSource;
}

/** host:port of a database URL, for messages (never the password). */
export function whereOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port === '' ? '5432' : parsed.port}`;
}

function userOf(url: string): string {
  return decodeURIComponent(new URL(url).username);
}

/** Whether the database answers now (readiness). */
export async function ping(dataSource: DataSource): Promise<boolean> {
  try {
    await dataSource.query('SELECT 1');
    return true;
  } catch {
    return false;
  }
}
