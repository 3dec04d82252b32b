/**
 * Following the database when several replicas share it: a dedicated connection LISTENs on
 * weft_fabric (every commit's new version) and weft_tokens (revocations). A version newer than
 * the state's has the writer read what changed (catch-up by version, fabric-loader.service.ts);
 * a revoked token is forgotten. The connection is opened again with back-off when it drops (the
 * database restarted), and every reconnection catches up and forgets cached tokens, as
 * notifications sent meanwhile are lost.
 */
import { Inject, Injectable } from '@nestjs/common';
import pg from 'pg';
import { DATABASE_OPTIONS } from '../database/database.module.js';
import { DEFAULT_CONNECT_TIMEOUT_MS, type DatabaseOptions } from '../database/data-source.js';
import { FABRIC_CHANNEL } from '../repositories/fabric-version.repository.js';
import { TOKEN_CHANNEL } from '../repositories/token.repository.js';
import { StoreTelemetry } from '../store/store-telemetry.js';
import { TokenService } from '../tokens/token.service.js';
import { FabricState } from './fabric-state.js';
import { FabricWriter } from './fabric-writer.service.js';

const RECONNECT_FIRST_MS = 250;
const RECONNECT_MAX_MS = 5_000;

@Injectable()
export class ChangeFeed {
  private client: pg.Client | undefined;
  /** the connection being opened or open; events of older ones are ignored */
  private attempt: pg.Client | undefined;
  private stopped = true;
  private timer: NodeJS.Timeout | undefined;
  private delay = RECONNECT_FIRST_MS;
  private lostSince: number | undefined;

  constructor(
    @Inject(DATABASE_OPTIONS) private readonly options: DatabaseOptions,
    private readonly state: FabricState,
    private readonly writer: FabricWriter,
    private readonly tokens: TokenService,
    private readonly telemetry: StoreTelemetry,
  ) {}

  /** Listens from now on; resolves once listening (or once the first attempt failed: it retries on its own). */
  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const client = this.attempt;
    this.attempt = undefined;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  /** Whether the feed is listening now. */
  get listening(): boolean {
    return this.client !== undefined;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.options.url,
      connectionTimeoutMillis: this.options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      keepAlive: true,
      application_name: 'weft-change-feed',
    });
    this.attempt = client;
    // a dropped connection is heard here, never left unheard to end the process
    client.on('error', (e) => {
      this.lost(client, e);
    });
    client.on('end', () => {
      this.lost(client, undefined);
    });
    client.on('notification', (message) => {
      this.heard(message.channel, message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${FABRIC_CHANNEL}`);
      await client.query(`LISTEN ${TOKEN_CHANNEL}`);
    } catch (e) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      this.lost(client, e);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.delay = RECONNECT_FIRST_MS;
    if (this.lostSince !== undefined) this.telemetry.log('info', 'the change feed listens again', { afterMs: Date.now() - this.lostSince });
    this.lostSince = undefined;
    // what was committed while nobody listened
    this.tokens.forgetAll();
    if (this.state.loaded) this.writer.followDatabase();
  }

  private heard(channel: string, payload: string | undefined): void {
    if (channel === TOKEN_CHANNEL && payload !== undefined) {
      this.tokens.forget(payload);
      return;
    }
    if (channel !== FABRIC_CHANNEL || !this.state.loaded) return;
    const version = Number(payload);
    if (!Number.isFinite(version) || version > this.state.current.version) this.writer.followDatabase();
  }

  private lost(client: pg.Client, error: unknown): void {
    if (client !== this.attempt) return;
    this.attempt = undefined;
    this.client = undefined;
    client.removeAllListeners('notification');
    if (this.stopped || this.timer !== undefined) return;
    if (this.lostSince === undefined) {
      this.lostSince = Date.now();
      this.telemetry.log('warn', 'the change feed lost its connection; it reconnects on its own', error === undefined ? {} : { error: error instanceof Error ? error.message : JSON.stringify(error) });
    }
    const delay = this.delay;
    this.delay = Math.min(this.delay * 2, RECONNECT_MAX_MS);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.stopped) void this.connect();
    }, delay);
    this.timer.unref();
  }
}
