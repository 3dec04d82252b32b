/**
 * The root module: the service's dependencies as global providers (so every feature module can
 * inject them by token), the bearer-token guard on every route, and the transports' modules.
 */
import { Global, Module, type DynamicModule, type Type } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { ServiceConfig } from './config.js';
import { WeftGraphqlModule } from './graphql/graphql.module.js';
import { BearerAuthGuard } from './http/auth.js';
import type { HttpDependencies } from './http/dependencies.js';
import { HttpModule } from './http/http.module.js';
import { AuthFailureLimiter } from './http/auth-failure-limiter.js';
import { AUTH_FAILURE_LIMITER, FABRIC_STORE, LOGGER, METRICS, OPENAPI_DOCUMENT, READINESS, SERVICE_CONFIG, TOKEN_AUTHENTICATOR } from './http/injection-tokens.js';

export interface AppModuleOptions {
  readonly dependencies: HttpDependencies;
  readonly config: ServiceConfig;
  /** the OpenAPI document served at /api/openapi.json, as text */
  readonly openApiDocument: string;
  /** more controllers mounted beside HttpModule's (tests, or features mounted by the caller) */
  readonly controllers?: readonly Type[];
  /** more modules, e.g. the GraphQL module */
  readonly imports?: readonly (Type | DynamicModule)[];
  /**
   * The module that provides FABRIC_STORE, TOKEN_AUTHENTICATOR and READINESS by class (the
   * StoreModule); made global with the other dependencies. Without it, `dependencies` gives them.
   */
  readonly services?: DynamicModule;
}

@Global()
@Module({})
// eslint-disable-next-line @typescript-eslint/no-extraneous-class -- a Nest module is a decorated class
export class ServiceDependenciesModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    const { dependencies, services } = options;
    const given = [
      { provide: FABRIC_STORE, useValue: dependencies.store },
      { provide: TOKEN_AUTHENTICATOR, useValue: dependencies.tokens },
      { provide: READINESS, useValue: dependencies.ready },
    ].filter((provider) => provider.useValue !== undefined);
    const providers = [
      ...given,
      { provide: METRICS, useValue: dependencies.metrics },
      { provide: LOGGER, useValue: dependencies.logger },
      { provide: SERVICE_CONFIG, useValue: options.config },
      { provide: OPENAPI_DOCUMENT, useValue: options.openApiDocument },
      { provide: AUTH_FAILURE_LIMITER, useValue: new AuthFailureLimiter() },
    ];
    return {
      module: ServiceDependenciesModule,
      imports: services === undefined ? [] : [services],
      providers,
      exports: [...providers.map((provider) => provider.provide), ...(services === undefined ? [] : [services])],
    };
  }
}

@Module({})
// eslint-disable-next-line @typescript-eslint/no-extraneous-class -- a Nest module is a decorated class
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceDependenciesModule.forRoot(options), HttpModule, WeftGraphqlModule.forRoot(), ...(options.imports ?? [])],
      controllers: [...(options.controllers ?? [])],
      providers: [{ provide: APP_GUARD, useClass: BearerAuthGuard }],
    };
  }
}
