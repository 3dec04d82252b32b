/** Bearer tokens, stored as SHA-256 hashes; the token itself is shown once and never stored. */
import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'tokens' })
@Check('tokens_role_check', `role IN ('architect', 'tenant', 'viewer', 'agent')`)
@Check('tokens_check', `(role = 'tenant') = (tenant IS NOT NULL)`)
@Check('tokens_check1', `(role = 'agent') = (switch IS NOT NULL)`)
export class TokenEntity {
  @PrimaryColumn('text')
  name!: string;

  @Column('text', { unique: true })
  hash!: string;

  @Column('text')
  role!: 'architect' | 'tenant' | 'viewer' | 'agent';

  @Column('text', { nullable: true })
  tenant!: string | null;

  @Column('text', { nullable: true })
  switch!: string | null;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('text', { name: 'created_by' })
  createdBy!: string;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;

  @Column('timestamptz', { name: 'expires_at', nullable: true })
  expiresAt!: Date | null;
}
