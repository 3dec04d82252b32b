/**
 * The audit log: one row per accepted write, with its plan. Append-only: a trigger (migration
 * InitialSchema) refuses UPDATE, DELETE and TRUNCATE, whoever asks.
 */
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'audit' })
@Index('audit_object', ['kind', 'namespace', 'name', 'id'])
@Index('audit_tenant', ['tenant', 'id'], { where: 'tenant IS NOT NULL' })
export class AuditEntryEntity {
  /** a bigint, as PostgreSQL's driver gives it: a string */
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column('timestamptz', { default: () => 'now()' })
  at!: Date;

  @Column('text')
  actor!: string;

  @Column('text')
  role!: string;

  @Column('text', { nullable: true })
  tenant!: string | null;

  @Column('text')
  via!: string;

  @Column('text', { name: 'request_id', nullable: true })
  requestId!: string | null;

  @Column('text')
  action!: string;

  @Column('text')
  kind!: string;

  @Column('text', { nullable: true })
  namespace!: string | null;

  @Column('text')
  name!: string;

  @Column('jsonb', { nullable: true })
  before!: unknown;

  @Column('jsonb', { nullable: true })
  after!: unknown;

  @Column('jsonb', { nullable: true })
  plan!: unknown;
}
