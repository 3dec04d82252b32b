/**
 * The fabric version (one row): every commit that changes what replicas hold (objects,
 * allocations, agent generations or reports, quarantine releases) takes the next number, under
 * a row lock, and announces it with NOTIFY weft_fabric. A replica whose version is behind reads
 * what changed since its own.
 */
import { Check, Column, Entity, PrimaryColumn } from 'typeorm';
import { BIGINT_AS_NUMBER } from './columns.js';

@Entity({ name: 'fabric_version' })
@Check('fabric_version_id_check', 'id = 1')
export class FabricVersionEntity {
  @PrimaryColumn('smallint')
  id!: number;

  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  version!: number;
}
