/**
 * Transactions on one connection of the pool. A connection that dies inside a transaction is
 * released as broken (TypeORM's query runner hears its 'error'), its rollback is not attempted on
 * a dead socket, and the failure is thrown to the caller: nothing is left unheard to end the
 * process. (The writer's commits take the writer advisory lock first, with the fabric version:
 * fabric-version.repository.ts.)
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

@Injectable()
export class UnitOfWork {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The manager outside any transaction (reads). */
  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  /** Runs fn in a transaction; rolls back on any error and rethrows it. */
  async transaction<T>(fn: (manager: EntityManager) => Promise<T>, isolation?: 'REPEATABLE READ'): Promise<T> {
    const queryRunner = this.dataSource.createQueryRunner('master');
    try {
      await queryRunner.connect();
      await queryRunner.startTransaction(isolation);
      const result = await fn(queryRunner.manager);
      await queryRunner.commitTransaction();
      return result;
    } catch (e) {
      if (queryRunner.isTransactionActive && !queryRunner.isReleased) await queryRunner.rollbackTransaction().catch(() => undefined);
      throw e;
    } finally {
      await queryRunner.release().catch(() => undefined);
    }
  }
}
