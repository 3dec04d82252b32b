/**
 * A deleted object's key and the fabric version that deleted it, so a replica catching up learns
 * of deletions as it learns of writes. Creating the name again removes its tombstone.
 */
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { BIGINT_AS_NUMBER } from './columns.js';

@Entity({ name: 'resource_tombstones' })
@Index('resource_tombstones_version', ['resourceVersion'])
export class ResourceTombstoneEntity {
  @PrimaryColumn('text')
  kind!: string;

  @PrimaryColumn('text')
  namespace!: string;

  @PrimaryColumn('text')
  name!: string;

  @Column('bigint', { name: 'resource_version', transformer: BIGINT_AS_NUMBER })
  resourceVersion!: number;
}
