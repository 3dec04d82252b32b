/**
 * `weft serve`: the database (embedded PostgreSQL in WEFT_DATA unless DATABASE_URL names one),
 * the app (Nest on Fastify) with the store's providers on TypeORM (migrated, loaded, seeded when
 * empty, following other replicas), work set up beside it (the Kubernetes controller), and HTTP
 * on HOST:PORT. SIGTERM and SIGINT drain it in reverse order: event streams end, HTTP stops
 * accepting and finishes the requests in flight (their writes commit), the store's writer answers
 * what it holds, the pool closes, then PostgreSQL itself; exit 0. A failed start stops what it
 * started and fails with a message that names the cause.
 */
import { resolve } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RawDocument } from '#domain';
import type { ServiceConfig } from './config.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './database/embedded-postgres.js';
import { StartupError } from './database/startup-error.js';
import { FabricEvents } from './events/fabric-events.service.js';
import { serveMetricsOnly } from './observability/metrics-listener.js';
import { createJsonLogger, type Logger } from './observability/logger.js';
import { createMetrics, type WeftMetrics } from './observability/metrics.js';
import { createHttpApp } from './server.js';
import { FabricStore } from './store/fabric-store.js';
import { seedFiles } from './store/seed.js';
import { StoreLifecycle } from './store/store-lifecycle.service.js';
import { StoreModule } from './store/store.module.js';

/** What runs beside the store, started once it is loaded, stopped before it. */
export interface ServiceContext {
  readonly config: ServiceConfig;
  readonly logger: Logger;
  readonly metrics: WeftMetrics;
}

/** How `weft serve` sets the store up, and what runs beside it. */
export interface ServiceSetup {
  /** documents to load when the database holds no objects (the sample fabric); none when absent */
  readonly seed?: () => Promise<readonly RawDocument[]>;
  /** work beside the store (the Kubernetes controller), started before HTTP listens, stopped after HTTP closes */
  readonly start?: (store: FabricStore, context: ServiceContext) => Promise<{ close(): Promise<void> }>;
}

/** The name the setup had before the store became Nest providers (the controller's serve-services.ts uses it). */
export type CreateServices = ServiceSetup;

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

export async function serve(config: ServiceConfig, setup: ServiceSetup, options: ServeOptions = {}): Promise<RunningService> {
  const announce = options.announce ?? ((line: string) => process.stdout.write(`${line}\n`));
  const logger = createJsonLogger({ level: config.logLevel, ...(options.writeLog === undefined ? {} : { write: options.writeLog }) });
  const metrics = createMetrics();
  // everything started so far, stopped in reverse order if a later step fails
  const shutdown = new ShutdownSequence(logger);
  // a signal during the start stops what started so far
  const stopSignals = (options.handleSignals ?? true) ? stopOnSignals(shutdown, logger) : () => undefined;
  try {
    const { url: databaseUrl, description } = await openDatabase(config, shutdown, logger);
    // WEFT_SEED: files instead of the sample fabric (not when Kubernetes is the source)
    const seed = setup.seed === undefined ? undefined : config.seed === undefined ? setup.seed : () => seedFiles(config.seed ?? []);
    const services = StoreModule.forRoot({
      database: { url: databaseUrl, connectTimeoutMs: config.databaseConnectTimeoutMs, queryTimeoutMs: Math.max(30_000, config.databaseConnectTimeoutMs) },
      ...(seed === undefined ? {} : { seed }),
      ...(config.adminToken === undefined ? {} : { adminToken: config.adminToken }),
    });
    const app = await createHttpApp({ metrics, logger }, config, { services });
    // Nest's own shutdown hooks close what is left (TypeORM's pool last)
    shutdown.push('database pool', () => app.close());
    const lifecycle = app.get(StoreLifecycle);
    shutdown.push('services', () => lifecycle.stop());
    const beside = await setup.start?.(app.get(FabricStore), { config, logger, metrics });
    if (beside !== undefined) shutdown.push('controller', () => beside.close());
    shutdown.push('http', () => app.getHttpAdapter().close() as Promise<void>);
    const events = app.get(FabricEvents);
    shutdown.push('event streams', () => {
      events.endAll();
      return Promise.resolve();
    });
    await listen(app, config.port, config.host);
    if (config.metricsAddress !== undefined) {
      const metricsServer = await serveMetricsOnly(metrics, config.metricsAddress);
      shutdown.push('metrics listener', () => metricsServer.close());
    }
    const url = `http://${hostForUrl(config.host)}:${config.port}`;
    announce(`Weft listening on ${url} (database: ${description})`);
    if (config.metricsAddress !== undefined) announce(`Metrics on http://${hostForUrl(config.metricsAddress.host)}:${config.metricsAddress.port}/metrics (no token)`);
    for (const line of lifecycle.announcements) announce(line);
    void shutdown.done.then(stopSignals);
    return { url, app, stop: () => shutdown.run(), stopped: shutdown.done };
  } catch (e) {
    await shutdown.run();
    stopSignals();
    throw e;
  }
}

/** Listens, or fails with a message that says the address is taken (or not ours to take). */
async function listen(app: NestFastifyApplication, port: number, host: string): Promise<void> {
  try {
    await app.listen(port, host);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new StartupError(`${hostForUrl(host)}:${port} is in use by another process (set PORT or HOST)`, { cause: e });
    if (code === 'EACCES') throw new StartupError(`${hostForUrl(host)}:${port} may not be listened on by this user (ports below 1024 need privileges)`, { cause: e });
    if (code === 'EADDRNOTAVAIL') throw new StartupError(`${host} is not an address of this machine (HOST)`, { cause: e });
    throw e;
  }
}

async function openDatabase(config: ServiceConfig, shutdown: ShutdownSequence, logger: Logger): Promise<{ url: string; description: string }> {
  if (config.databaseUrl !== undefined) return { url: config.databaseUrl, description: 'DATABASE_URL' };
  const dataDir = resolve(config.dataDir);
  const embedded: EmbeddedDatabase = await startEmbeddedPostgres(dataDir, (message, level = 'debug') => {
    logger[level](message, { component: 'postgres' });
  });
  shutdown.push('embedded PostgreSQL', () => embedded.stop());
  return { url: embedded.url, description: `embedded PostgreSQL in ${dataDir}` };
}

/** An IPv6 address needs brackets in a URL. */
function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** SIGTERM/SIGINT drain the service and exit 0 (1 when a step failed); returns the uninstall. */
function stopOnSignals(shutdown: ShutdownSequence, logger: Logger): () => void {
  const onSignal = (signal: NodeJS.Signals): void => {
    logger.info('stopping', { signal });
    shutdown.run().then(
      () => process.exit(shutdown.failed ? 1 : 0),
      (e: unknown) => {
        logger.error('stopping failed', { error: e instanceof Error ? e.message : String(e) });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return () => {
    process.removeListener('SIGTERM', onSignal);
    process.removeListener('SIGINT', onSignal);
  };
}

/** Steps run last-in first-out, each once; a failing step is logged and the rest still run. */
class ShutdownSequence {
  private readonly steps: { name: string; stop: () => Promise<void> }[] = [];
  private running: Promise<void> | undefined;
  private resolveDone: () => void = () => undefined;
  /** a step failed while stopping */
  failed = false;
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
        this.failed = true;
        this.logger.error('stopping failed', { component: step.name, error: e instanceof Error ? e.message : String(e) });
      }
    }
    this.resolveDone();
  }
}
