/**
 * Per VPC: the DHCP leases Weft's DHCP adapter last reported (subnet name -> leases), for the
 * VPC object `vpc_uid`. `version` is the fabric version of the report, for replicas catching up.
 */
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { DhcpLease } from '#api';
import { BIGINT_AS_NUMBER } from './columns.js';

@Entity({ name: 'dhcp_lease_reports' })
@Index('dhcp_lease_reports_version', ['version'])
export class DhcpLeaseReportEntity {
  @PrimaryColumn('text')
  namespace!: string;

  @PrimaryColumn('text')
  name!: string;

  @Column('text', { name: 'vpc_uid' })
  vpcUid!: string;

  @Column('jsonb')
  subnets!: Record<string, DhcpLease[]>;

  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  version!: number;

  @Column('timestamptz', { name: 'reported_at', default: () => 'now()' })
  reportedAt!: Date;
}
