/**
 * The database as Nest providers: TypeORM's DataSource from the options (connected, never
 * retried: a start that cannot connect fails at once and says why), the options themselves
 * (the change feed opens its own LISTEN connection with them), and the unit of work.
 */
import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions, openDataSource, type DatabaseOptions } from './data-source.js';
import { UnitOfWork } from './unit-of-work.js';

export const DATABASE_OPTIONS = Symbol('DATABASE_OPTIONS');

@Module({})
// eslint-disable-next-line @typescript-eslint/no-extraneous-class -- a Nest module is a decorated class
export class DatabaseModule {
  static forRoot(options: DatabaseOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ ...dataSourceOptions(options), toRetry: () => false }),
          dataSourceFactory: (typeormOptions) => openDataSource(options, typeormOptions),
        }),
      ],
      providers: [{ provide: DATABASE_OPTIONS, useValue: options }, UnitOfWork],
      exports: [DATABASE_OPTIONS, UnitOfWork],
    };
  }
}
