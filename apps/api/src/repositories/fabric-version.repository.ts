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

  /**
   * The writer lock (advisory, held until the transaction ends) and the version, with its row
   * locked: one round trip for what every commit of the writer starts with.
   */
  async lockForWriter(manager: EntityManager, writerLock: number): Promise<number> {
    const [row] = await selectRows<{ version: string }>(manager, 'SELECT pg_advisory_xact_lock($1) AS locked, version FROM fabric_version WHERE id = 1 FOR UPDATE', [writerLock]);
    return Number(row?.version ?? 0);
  }

  /** The new version, announced to every replica when the transaction commits (one round trip). */
  async advance(manager: EntityManager, version: number): Promise<void> {
    await execute(manager, 'WITH bumped AS (UPDATE fabric_version SET version = $1 WHERE id = 1 RETURNING version) SELECT pg_notify($2, version::text) FROM bumped', [version, FABRIC_CHANNEL]);
  }
}
