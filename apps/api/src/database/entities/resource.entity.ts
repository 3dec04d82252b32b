/**
 * Every stored object (VPCs, wiring, policy, templates), one row per object, keyed by kind,
 * namespace ('' for cluster-scoped kinds) and name. `resource_version` is the fabric version of
 * the commit that last wrote the row: a replica catching up reads the rows above its version.
 */
import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { BIGINT_AS_NUMBER } from './columns.js';

@Entity({ name: 'resources' })
@Check('resources_owner_check', `owner IN ('api', 'kubernetes')`)
@Index('resources_tenant', ['tenant'], { where: 'tenant IS NOT NULL' })
@Index('resources_resource_version', ['resourceVersion'])
export class ResourceEntity {
  @PrimaryColumn('text')
  kind!: string;

  @PrimaryColumn('text', { default: '' })
  namespace!: string;

  @PrimaryColumn('text')
  name!: string;

  @Column('uuid', { unique: true })
  uid!: string;

  @Column('text', { name: 'api_version' })
  apiVersion!: string;

  @Column('jsonb')
  metadata!: Record<string, unknown>;

  @Column('jsonb')
  spec!: unknown;

  @Column('text', { nullable: true })
  tenant!: string | null;

  @Column('text', { default: 'api' })
  owner!: 'api' | 'kubernetes';

  @Column('bigint', { default: 1, transformer: BIGINT_AS_NUMBER })
  generation!: number;

  @Column('bigint', { name: 'resource_version', transformer: BIGINT_AS_NUMBER })
  resourceVersion!: number;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;
}
