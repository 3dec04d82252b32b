/**
 * The store's start and stop. Start: migrate (once across replicas), the bootstrap admin token,
 * the fabric read and compiled, the change feed listening, the seed on an empty database, new
 * generations for switches whose files changed. Stop: live streams end (before HTTP closes, so
 * it is not held open by them), then, once HTTP has finished its requests, the writer answers
 * every write it holds and the feed stops; TypeORM closes the pool after that.
 */
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { runMigrations } from '../database/migrate.js';
import { FabricEvents } from '../events/fabric-events.service.js';
import { ChangeFeed } from '../fabric/change-feed.service.js';
import { FabricLoader } from '../fabric/fabric-loader.service.js';
import { FabricReader } from '../fabric/fabric-reader.service.js';
import { FabricState } from '../fabric/fabric-state.js';
import { FabricWriter } from '../fabric/fabric-writer.service.js';
import { TokenService } from '../tokens/token.service.js';
import { STORE_OPTIONS, type StoreModuleOptions } from './store-options.js';
import { StoreTelemetry } from './store-telemetry.js';

@Injectable()
export class StoreLifecycle implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  /** lines to print once listening (a generated admin token, shown once) */
  readonly announcements: string[] = [];
  /** names of the migrations this start ran */
  migrationsApplied: readonly string[] = [];
  private stopped = false;

  constructor(
    @Inject(STORE_OPTIONS) private readonly options: StoreModuleOptions,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly state: FabricState,
    private readonly loader: FabricLoader,
    private readonly writer: FabricWriter,
    private readonly reader: FabricReader,
    private readonly feed: ChangeFeed,
    private readonly events: FabricEvents,
    private readonly tokens: TokenService,
    private readonly telemetry: StoreTelemetry,
  ) {}

  async onModuleInit(): Promise<void> {
    this.migrationsApplied = await runMigrations(this.dataSource);
    this.telemetry.log('info', 'database migrated', { applied: this.migrationsApplied });
    const generated = await this.tokens.bootstrap(this.options.adminToken);
    if (generated !== undefined) this.announcements.push(`Bootstrap admin token (shown once, keep it): ${generated}`);
    // a revoked token's open streams end at once, with a last event that says so
    this.tokens.onRevoked((name) => {
      this.events.hub.endToken(name, { code: 'unauthenticated', message: 'the token was revoked' });
    });
    this.state.swap(await this.loader.load());
    await this.feed.start();
    if (this.state.current.objects.size === 0 && this.options.seed !== undefined) await this.writer.seed(await this.options.seed());
    await this.writer.syncAgents();
    this.telemetry.watchPools(() => this.reader.poolUsage());
  }

  /** Live streams end first: HTTP then closes without waiting for them. */
  beforeApplicationShutdown(): void {
    this.events.endAll();
  }

  /** Once HTTP has answered its requests: every queued write is answered, the feed stops. */
  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Stops the store's work (idempotent): the writer drains, the change feed stops. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.writer.close();
    await this.feed.stop();
  }
}
