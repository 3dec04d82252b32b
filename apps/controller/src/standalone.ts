/**
 * The store behind a controller that runs on its own (`weft controller`): PostgreSQL as `weft
 * serve` has it (DATABASE_URL, or embedded in a data directory), migrated, and a FabricStore
 * opened on it for each session, without the sample fabric: Kubernetes is where objects come from.
 */
import { resolve } from 'node:path';
import { Database } from '../../api/src/database/database.js';
import { startEmbeddedPostgres } from '../../api/src/database/embedded-postgres.js';
import { FabricStore } from '../../api/src/store/fabric-store.js';
import type { OpenedStore } from './controller.js';
import type { Log } from './session.js';

export interface ControllerDatabase {
  readonly db: Database;
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
    const db = await Database.connect(url);
    const applied = await db.migrate();
    if (applied.length > 0) log('info', 'database migrated', { applied });
    return {
      db,
      description,
      async close(): Promise<void> {
        await db.close();
        await stopEmbedded?.();
      },
    };
  } catch (e) {
    await stopEmbedded?.();
    throw e;
  }
}

/** A fresh FabricStore on the database for each session (another leader may have written meanwhile). */
export function storeOpener(db: Database, log: Log): () => Promise<OpenedStore> {
  return async () => {
    const store = await FabricStore.open(db, {
      log: (event) => {
        log('info', 'store', event);
      },
    });
    return { store, close: () => Promise.resolve() };
  };
}
