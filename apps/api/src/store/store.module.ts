/**
 * The store as Nest providers, each registered by class: the database (TypeORM), repositories,
 * the fabric's state, loader, writer, reader and change feed, agents, audit, events, tokens, and
 * the facade the transports inject (FABRIC_STORE), with the token authenticator and readiness.
 */
import { Module, type DynamicModule } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AgentsService } from '../agents/agents.service.js';
import { QuarantineService } from '../agents/quarantine.service.js';
import { AuditService } from '../audit/audit.service.js';
import { DhcpLeasesService } from '../dhcp/dhcp-leases.service.js';
import { DatabaseModule } from '../database/database.module.js';
import { ping } from '../database/data-source.js';
import { FabricEvents } from '../events/fabric-events.service.js';
import { ChangeFeed } from '../fabric/change-feed.service.js';
import { FabricCommitter } from '../fabric/fabric-committer.service.js';
import { FabricLoader } from '../fabric/fabric-loader.service.js';
import { FabricReader } from '../fabric/fabric-reader.service.js';
import { FabricState } from '../fabric/fabric-state.js';
import { FabricWriter } from '../fabric/fabric-writer.service.js';
import { FABRIC_STORE, READINESS, TOKEN_AUTHENTICATOR } from '../http/injection-tokens.js';
import { AgentRepository } from '../repositories/agent.repository.js';
import { AllocationRepository } from '../repositories/allocation.repository.js';
import { AuditRepository } from '../repositories/audit.repository.js';
import { DhcpLeaseRepository } from '../repositories/dhcp-lease.repository.js';
import { CLOCK_PROVIDERS } from '../repositories/clock.provider.js';
import { FabricVersionRepository } from '../repositories/fabric-version.repository.js';
import { ResourceRepository } from '../repositories/resource.repository.js';
import { TokenRepository } from '../repositories/token.repository.js';
import { TokenService } from '../tokens/token.service.js';
import { FabricStore } from './fabric-store.js';
import { StoreLifecycle } from './store-lifecycle.service.js';
import { STORE_OPTIONS, type StoreModuleOptions } from './store-options.js';

export type { StoreModuleOptions };
import { StoreTelemetry } from './store-telemetry.js';

const REPOSITORIES = [FabricVersionRepository, ResourceRepository, AllocationRepository, AgentRepository, AuditRepository, TokenRepository, DhcpLeaseRepository];
const SERVICES = [
  StoreTelemetry,
  FabricState,
  FabricLoader,
  FabricCommitter,
  FabricWriter,
  FabricReader,
  ChangeFeed,
  FabricEvents,
  QuarantineService,
  AgentsService,
  AuditService,
  DhcpLeasesService,
  TokenService,
  FabricStore,
  StoreLifecycle,
];

@Module({})
// eslint-disable-next-line @typescript-eslint/no-extraneous-class -- a Nest module is a decorated class
export class StoreModule {
  static forRoot(options: StoreModuleOptions): DynamicModule {
    return {
      module: StoreModule,
      imports: [DatabaseModule.forRoot(options.database)],
      providers: [
        { provide: STORE_OPTIONS, useValue: options },
        ...CLOCK_PROVIDERS,
        ...REPOSITORIES,
        ...SERVICES,
        { provide: FABRIC_STORE, useExisting: FabricStore },
        { provide: TOKEN_AUTHENTICATOR, useExisting: TokenService },
        {
          provide: READINESS,
          useFactory: (dataSource: DataSource, state: FabricState) => async () => state.loaded && (await ping(dataSource)),
          inject: [getDataSourceToken(), FabricState],
        },
      ],
      exports: [FABRIC_STORE, TOKEN_AUTHENTICATOR, READINESS, FabricStore, TokenService, StoreLifecycle, FabricEvents],
    };
  }
}
