/** The `tokens` table, through TypeORM's repository API (a handful of rows, read once per token). */
import { Injectable } from '@nestjs/common';
import { IsNull, type EntityManager } from 'typeorm';
import { TokenEntity } from '../database/entities/index.js';
import { execute, selectRows } from './sql.js';

export interface NewToken {
  readonly name: string;
  readonly hash: string;
  readonly role: TokenEntity['role'];
  readonly tenant: string | null;
  readonly switch: string | null;
  readonly createdBy: string;
  readonly expiresAt: Date | null;
}

/** The channel on which revocations are announced; the payload is the token's name. */
export const TOKEN_CHANNEL = 'weft_tokens';

@Injectable()
export class TokenRepository {
  /** The token with this hash, unless revoked. */
  findActive(manager: EntityManager, hash: string): Promise<TokenEntity | null> {
    return manager.findOneBy(TokenEntity, { hash, revokedAt: IsNull() });
  }

  listActive(manager: EntityManager): Promise<TokenEntity[]> {
    return manager.find(TokenEntity, { where: { revokedAt: IsNull() }, order: { name: 'ASC' } });
  }

  /** Inserts the token unless its name is taken; returns its creation time, or undefined when taken. */
  async insert(manager: EntityManager, token: NewToken): Promise<Date | undefined> {
    const [row] = await selectRows<{ created_at: Date }>(
      manager,
      'INSERT INTO tokens (name, hash, role, tenant, switch, created_by, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (name) DO NOTHING RETURNING created_at',
      [token.name, token.hash, token.role, token.tenant, token.switch, token.createdBy, token.expiresAt],
    );
    return row?.created_at;
  }

  /** Revokes the token and tells every replica (NOTIFY weft_tokens); false when there is no such token (or it is revoked already). */
  async revoke(manager: EntityManager, name: string): Promise<boolean> {
    const result = await manager.update(TokenEntity, { name, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
    if ((result.affected ?? 0) === 0) return false;
    await execute(manager, 'SELECT pg_notify($1, $2)', [TOKEN_CHANNEL, name]);
    return true;
  }

  /** The bootstrap admin with this hash (replacing the stored one, unrevoked). */
  async setAdmin(manager: EntityManager, hash: string): Promise<void> {
    await execute(
      manager,
      `INSERT INTO tokens (name, hash, role, created_by) VALUES ('admin', $1, 'architect', 'bootstrap')
       ON CONFLICT (name) DO UPDATE SET hash = EXCLUDED.hash, role = 'architect', revoked_at = NULL`,
      [hash],
    );
  }

  /** The bootstrap admin unless one exists; true when it was created. */
  async createAdminIfAbsent(manager: EntityManager, hash: string): Promise<boolean> {
    const rows = await selectRows(manager, `INSERT INTO tokens (name, hash, role, created_by) VALUES ('admin', $1, 'architect', 'bootstrap') ON CONFLICT (name) DO NOTHING RETURNING name`, [hash]);
    return rows.length > 0;
  }
}
