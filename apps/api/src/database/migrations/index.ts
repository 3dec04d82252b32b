/**
 * Schema changes, in order; TypeORM records each in `typeorm_migrations` once it ran. Never edit
 * an applied migration: add the next one.
 */
import { InitialSchema1732147200001 } from './1732147200001-initial-schema.js';
import { TokenExpiry1732147200002 } from './1732147200002-token-expiry.js';
import { ChangeFeed1764979200003 } from './1764979200003-change-feed.js';
import { DhcpLeaseReports1765000000004 } from './1765000000004-dhcp-lease-reports.js';

export const MIGRATIONS = [InitialSchema1732147200001, TokenExpiry1732147200002, ChangeFeed1764979200003, DhcpLeaseReports1765000000004];

/** The migrations' names, in order (what `weft db migrate` reports). */
export const MIGRATION_NAMES: readonly string[] = MIGRATIONS.map((migration) => migration.name);
