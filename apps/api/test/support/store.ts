/**
 * The store as the service builds it (StoreModule: TypeORM, repositories, writer, feed), in a
 * Nest application context of its own, on a test database; for tests of the store without HTTP.
 * The logger and metrics the service would give are provided here (log lines collected).
 */
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { RawDocument } from '#domain';
import { LOGGER, METRICS } from '../../src/http/injection-tokens.js';
import { createJsonLogger, type Logger } from '../../src/observability/logger.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { FabricStore } from '../../src/store/fabric-store.js';
import { StoreModule } from '../../src/store/store.module.js';
import { TokenService } from '../../src/tokens/token.service.js';

export interface TestStore {
  readonly store: FabricStore;
  readonly tokens: TokenService;
  readonly context: INestApplicationContext;
  /** log lines, parsed */
  readonly logs: Record<string, unknown>[];
  close(): Promise<void>;
}

export interface TestStoreOptions {
  readonly seed?: () => Promise<readonly RawDocument[]>;
  readonly adminToken?: string;
  readonly logger?: Logger;
}

@Global()
@Module({})
// eslint-disable-next-line @typescript-eslint/no-extraneous-class -- a Nest module is a decorated class
class TestObservabilityModule {
  static forRoot(logger: Logger): DynamicModule {
    const providers = [
      { provide: LOGGER, useValue: logger },
      { provide: METRICS, useValue: createMetrics({ processMetrics: false }) },
    ];
    return { module: TestObservabilityModule, providers, exports: providers.map((p) => p.provide) };
  }
}

@Module({})
// eslint-disable-next-line @typescript-eslint/no-extraneous-class -- a Nest module is a decorated class
class TestStoreModule {
  static forRoot(url: string, options: TestStoreOptions, logger: Logger): DynamicModule {
    return {
      module: TestStoreModule,
      imports: [
        TestObservabilityModule.forRoot(logger),
        StoreModule.forRoot({
          database: { url },
          ...(options.seed === undefined ? {} : { seed: options.seed }),
          ...(options.adminToken === undefined ? {} : { adminToken: options.adminToken }),
        }),
      ],
    };
  }
}

export async function openTestStore(url: string, options: TestStoreOptions = {}): Promise<TestStore> {
  const logs: Record<string, unknown>[] = [];
  const logger = options.logger ?? createJsonLogger({ level: 'warn', write: (line) => logs.push(JSON.parse(line) as Record<string, unknown>) });
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- Nest declares its options as a class; a literal is how they are passed
  const context = await NestFactory.createApplicationContext(TestStoreModule.forRoot(url, options, logger), { logger: false, abortOnError: false });
  return { store: context.get(FabricStore), tokens: context.get(TokenService), context, logs, close: () => context.close() };
}
