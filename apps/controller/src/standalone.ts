/**
 * The store behind a controller that runs on its own (`weft controller`): PostgreSQL as `weft
 * serve` has it (DATABASE_URL, or embedded in a data directory), and the store (StoreModule in an
 * application context of its own: migrated when it opens, following other replicas) opened on it
 * for each session, without the sample fabric: Kubernetes is where objects come from.
 */
import { resolve } from 'node:path';
import { openDataSource } from '../../api/src/database/data-source.js';
import { startEmbeddedPostgres } from '../../api/src/database/embedded-postgres.js';
import { runMigrations } from '../../api/src/database/migrate.js';
import type { StoreLogger } from '../../api/src/store/store-telemetry.js';
import { openStandaloneStore } from '../../api/src/store/standalone-store.js';
import type { OpenedStore } from './controller.js';
import type { Log } from './session.js';

export interface ControllerDatabase {
  /** the connection URL (with its password: never printed) */
  readonly url: string;
  /** where it is, for the start-up line (never the password) */
  readonly description: string;
  close(): Promise<void>;
}

export async function openControllerDatabase(settings: { readonly databaseUrl?: string; readonly dataDir: string }, log: Log): Promise<ControllerDatabase> {
  let stopEmbedded: (() => Promise<void>) | undefined;
  let url = settings.databaseUrl;
  let description = 'DATABASE_URL';
  if (url === undefined) {
    const dir = resolve(settings.dataDir);
    const embedded = await startEmbeddedPostgres(dir);
    stopEmbedded = () => embedded.stop();
    url = embedded.url;
    description = `embedded PostgreSQL in ${dir}`;
  }
  try {
    // migrated (and reached) at start: a database that cannot be used fails the start, not a session
    const dataSource = await openDataSource({ url });
    try {
      const applied = await runMigrations(dataSource);
      if (applied.length > 0) log('info', 'database migrated', { applied });
    } finally {
      await dataSource.destroy();
    }
    return { url, description, close: async () => stopEmbedded?.() };
  } catch (e) {
    await stopEmbedded?.();
    throw e;
  }
}

/** The controller's log as the store's logger (the store logs at info and above). */
function storeLogger(log: Log): StoreLogger {
  return {
    debug: () => undefined,
    info: (message, fields) => {
      log('info', message, { component: 'store', ...fields });
    },
    warn: (message, fields) => {
      log('warn', message, { component: 'store', ...fields });
    },
    error: (message, fields) => {
      log('error', message, { component: 'store', ...fields });
    },
  };
}

/** A fresh store on the database for each session (another leader may have written meanwhile). */
export function storeOpener(url: string, log: Log): () => Promise<OpenedStore> {
  return async () => {
    const opened = await openStandaloneStore({ database: { url }, logger: storeLogger(log) });
    return { store: opened.store, close: () => opened.close() };
  };
}
