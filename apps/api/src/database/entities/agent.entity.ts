/**
 * Per switch: the generation of its desired state (up when its files change), the hash of those
 * files, and what its agent last reported. `version` is the fabric version of the last change
 * to the row, for replicas catching up.
 */
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AgentStatus } from '#api';
import { BIGINT_AS_NUMBER } from './columns.js';

@Entity({ name: 'agents' })
export class AgentEntity {
  @PrimaryColumn('text')
  switch!: string;

  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  generation!: number;

  @Column('text', { name: 'files_hash' })
  filesHash!: string;

  @Column('bigint', { name: 'allocation_generation', transformer: BIGINT_AS_NUMBER })
  allocationGeneration!: number;

  @Column('jsonb', { nullable: true })
  status!: AgentStatus | null;

  @Column('bigint', { name: 'applied_allocation_generation', nullable: true, transformer: BIGINT_AS_NUMBER })
  appliedAllocationGeneration!: number | null;

  @Column('bigint', { default: 0, transformer: BIGINT_AS_NUMBER })
  version!: number;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;
}
