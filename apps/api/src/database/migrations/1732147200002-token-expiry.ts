/** Tokens may expire (`expiresAt` or `ttlSeconds` when created). */
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appliedBeforeTypeorm } from './adopt.js';

export class TokenExpiry1732147200002 implements MigrationInterface {
  readonly name = 'TokenExpiry1732147200002';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (await appliedBeforeTypeorm(queryRunner, 2)) return;
    await queryRunner.query('ALTER TABLE tokens ADD COLUMN expires_at timestamptz');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE tokens DROP COLUMN expires_at');
  }
}
