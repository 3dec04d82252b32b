/**
 * The fabric version row: read, locked for a commit, advanced and announced. NOTIFY is sent when
 * the transaction commits, so a replica that hears a version can read everything up to it.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { execute, selectRows } from './sql.js';

/** The channel every replica listens on; the payload is the new fabric version. */
export const FABRIC_CHANNEL = 'weft_fabric';

@Injectable()
export class FabricVersionRepository {
  async head(manager: EntityManager): Promise<number> {
    const [row] = await selectRows<{ version: string }>(manager, 'SELECT version FROM fabric_version WHERE id = 1');
    return Number(row?.version ?? 0);
  }

  /** The version, with the row locked until the transaction ends: commits follow one another. */
  async lockHead(manager: EntityManager): Promise<number> {
    const [row] = await selectRows<{ version: string }>(manager, 'SELECT version FROM fabric_version WHERE id = 1 FOR UPDATE');
    return Number(row?.version ?? 0);
  }

  async advance(manager: EntityManager, version: number): Promise<void> {
    await execute(manager, 'UPDATE fabric_version SET version = $1 WHERE id = 1', [version]);
    await execute(manager, 'SELECT pg_notify($1, $2)', [FABRIC_CHANNEL, String(version)]);
  }
}
