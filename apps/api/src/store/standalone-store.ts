/**
 * The store without HTTP: StoreModule (TypeORM, repositories, writer, change feed, agents, audit,
 * events, tokens) in a Nest application context of its own, with the logger and metrics the
 * service would give it. For what uses the store in a process of its own (`weft controller`) and
 * for tests of the store. Opening it migrates, loads (and seeds an empty database when `seed` is
 * given) and follows other replicas; close() drains the writer and closes the pool.
 */
import { Global, Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { LOGGER, METRICS } from '../http/injection-tokens.js';
import { createMetrics, type WeftMetrics } from '../observability/metrics.js';
import { TokenService } from '../tokens/token.service.js';
import { FabricStore } from './fabric-store.js';
import type { StoreLogger } from './store-telemetry.js';
import { StoreModule, type StoreModuleOptions } from './store.module.js';

export interface StandaloneStore {
  readonly store: FabricStore;
  readonly tokens: TokenService;
  readonly context: INestApplicationContext;
  close(): Promise<void>;
}

export interface StandaloneStoreOptions extends StoreModuleOptions {
  readonly logger: StoreLogger;
  /** default: a registry of its own, without process metrics */
  readonly metrics?: WeftMetrics;
}

@Global()
@Module({})
// eslint-disable-next-line @typescript-eslint/no-extraneous-class -- a Nest module is a decorated class
class ObservabilityModule {
  static forRoot(logger: StoreLogger, metrics: WeftMetrics): DynamicModule {
    const providers = [
      { provide: LOGGER, useValue: logger },
      { provide: METRICS, useValue: metrics },
    ];
    return { module: ObservabilityModule, providers, exports: providers.map((p) => p.provide) };
  }
}

@Module({})
// eslint-disable-next-line @typescript-eslint/no-extraneous-class -- a Nest module is a decorated class
class StandaloneStoreModule {
  static forRoot(options: StandaloneStoreOptions): DynamicModule {
    const { logger, metrics, ...store } = options;
    return {
      module: StandaloneStoreModule,
      imports: [ObservabilityModule.forRoot(logger, metrics ?? createMetrics({ processMetrics: false })), StoreModule.forRoot(store)],
    };
  }
}

export async function openStandaloneStore(options: StandaloneStoreOptions): Promise<StandaloneStore> {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- Nest declares its options as a class; a literal is how they are passed
  const context = await NestFactory.createApplicationContext(StandaloneStoreModule.forRoot(options), { logger: false, abortOnError: false });
  return { store: context.get(FabricStore), tokens: context.get(TokenService), context, close: () => context.close() };
}
