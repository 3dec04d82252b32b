/**
 * `weft serve`: the database (embedded PostgreSQL in WEFT_DATA unless DATABASE_URL names one),
 * its migrations, the services built on it, and the HTTP app on HOST:PORT. SIGTERM and SIGINT
 * shut it down in reverse order: HTTP, the services, the pool, then PostgreSQL itself.
 */
import { resolve } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ServiceConfig } from './config.js';
import { Database } from './database/database.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './database/embedded-postgres.js';
import { createAdminTokenAuthenticator } from './http/auth.js';
import type { FabricStoreLike, Readiness, TokenAuthenticator } from './http/dependencies.js';
import { createJsonLogger, type Logger } from './observability/logger.js';
import { createMetrics, type WeftMetrics } from './observability/metrics.js';
import { createHttpApp } from './server.js';

/** What the store side hands to the HTTP side; `close` stops its background work first. */
export interface Services<Store extends FabricStoreLike = FabricStoreLike> {
  readonly store: Store;
  readonly tokens: TokenAuthenticator;
  readonly ready: Readiness;
  close?(): Promise<void>;
  /** lines to print on stdout once listening (a generated admin token, shown once) */
  readonly announcements?: readonly string[];
}

/** Built once the database is migrated; feeds the metrics (compile time, pools) it is given. */
export interface ServiceContext {
  readonly config: ServiceConfig;
  readonly logger: Logger;
  readonly metrics: WeftMetrics;
}

export type CreateServices = (db: Database, context: ServiceContext) => Promise<Services>;

export interface ServeOptions {
  /** one plain line at a time (default: stdout) */
  readonly announce?: (line: string) => void;
  /** JSON log lines (default: stderr) */
  readonly writeLog?: (line: string) => void;
  /** SIGTERM/SIGINT stop the service (default true; tests stop it with stop()) */
  readonly handleSignals?: boolean;
}

export interface RunningService {
  readonly url: string;
  readonly app: NestFastifyApplication;
  /** stops everything; safe to call more than once */
  stop(): Promise<void>;
  /** resolves when the service has stopped (by a signal or stop()) */
  readonly stopped: Promise<void>;
}

export async function serve(config: ServiceConfig, createServices: CreateServices, options: ServeOptions = {}): Promise<RunningService> {
  const announce = options.announce ?? ((line: string) => process.stdout.write(`${line}\n`));
  const logger = createJsonLogger({ level: config.logLevel, ...(options.writeLog === undefined ? {} : { write: options.writeLog }) });
  const metrics = createMetrics();
  // everything started so far, stopped in reverse order if a later step fails
  const shutdown = new ShutdownSequence(logger);
  try {
    const { url: databaseUrl, description } = await openDatabase(config, shutdown, logger);
    const db = await Database.connect(databaseUrl);
    shutdown.push('database pool', () => db.close());
    const applied = await db.migrate();
    logger.info('database migrated', { applied });
    const services = await createServices(db, { config, logger, metrics });
    if (services.close !== undefined) shutdown.push('services', () => services.close?.() ?? Promise.resolve());
    const app = await createHttpApp({ store: services.store, tokens: services.tokens, metrics, logger, ready: services.ready }, config);
    shutdown.push('http', () => app.close());
    await app.listen(config.port, config.host);
    const url = `http://${hostForUrl(config.host)}:${config.port}`;
    announce(`Weft listening on ${url} (database: ${description})`);
    for (const line of services.announcements ?? []) announce(line);
    const running = { url, app, stop: () => shutdown.run(), stopped: shutdown.done };
    if (options.handleSignals ?? true) stopOnSignals(running, logger);
    return running;
  } catch (e) {
    await shutdown.run();
    throw e;
  }
}

async function openDatabase(config: ServiceConfig, shutdown: ShutdownSequence, logger: Logger): Promise<{ url: string; description: string }> {
  if (config.databaseUrl !== undefined) return { url: config.databaseUrl, description: 'DATABASE_URL' };
  const dataDir = resolve(config.dataDir);
  const embedded: EmbeddedDatabase = await startEmbeddedPostgres(dataDir, (message) => {
    logger.debug(message, { component: 'postgres' });
  });
  shutdown.push('embedded PostgreSQL', () => embedded.stop());
  return { url: embedded.url, description: `embedded PostgreSQL in ${dataDir}` };
}

/** An IPv6 address needs brackets in a URL. */
function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

function stopOnSignals(running: RunningService, logger: Logger): void {
  const onSignal = (signal: NodeJS.Signals): void => {
    logger.info('stopping', { signal });
    running.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        logger.error('stopping failed', { error: e instanceof Error ? e.message : String(e) });
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  void running.stopped.then(() => {
    process.removeListener('SIGTERM', onSignal);
    process.removeListener('SIGINT', onSignal);
  });
}

/** Steps run last-in first-out, each once; a failing step is logged and the rest still run. */
class ShutdownSequence {
  private readonly steps: { name: string; stop: () => Promise<void> }[] = [];
  private running: Promise<void> | undefined;
  private resolveDone: () => void = () => undefined;
  readonly done = new Promise<void>((resolveDone) => (this.resolveDone = resolveDone));

  constructor(private readonly logger: Logger) {}

  push(name: string, stop: () => Promise<void>): void {
    this.steps.push({ name, stop });
  }

  run(): Promise<void> {
    this.running ??= this.stopAll();
    return this.running;
  }

  private async stopAll(): Promise<void> {
    for (const step of this.steps.toReversed()) {
      try {
        await step.stop();
        this.logger.info('stopped', { component: step.name });
      } catch (e) {
        this.logger.error('stopping failed', { component: step.name, error: e instanceof Error ? e.message : String(e) });
      }
    }
    this.resolveDone();
  }
}

/**
 * Until the store lands: no store, and WEFT_ADMIN_TOKEN as the only token. Ready when the
 * database answers. `weft serve` uses it; the real factory replaces it.
 */
export const createDatabaseOnlyServices: CreateServices = (db, context) =>
  Promise.resolve({
    store: {},
    tokens: context.config.adminToken === undefined ? { authenticate: () => Promise.resolve(undefined) } : createAdminTokenAuthenticator(context.config.adminToken),
    ready: () => db.ping(),
  });
