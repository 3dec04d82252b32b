/** The `dhcp_lease_reports` table: each VPC's last lease report. */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { MoreThan } from 'typeorm';
import { DhcpLeaseReportEntity } from '../database/entities/index.js';
import type { LeaseReport } from '../dhcp/lease-report.js';
import { execute } from './sql.js';

@Injectable()
export class DhcpLeaseRepository {
  /** Every report, or those written after fabric version `since`: VPC key -> report. */
  async load(manager: EntityManager, since = 0): Promise<Map<string, LeaseReport>> {
    const rows = await manager.find(DhcpLeaseReportEntity, since > 0 ? { where: { version: MoreThan(since) } } : {});
    return new Map(rows.map((row) => [`${row.namespace}/${row.name}`, { uid: row.vpcUid, subnets: new Map(Object.entries(row.subnets)) }]));
  }

  /** A VPC's report, replacing its last one. */
  async record(manager: EntityManager, namespace: string, name: string, report: LeaseReport, version: number): Promise<void> {
    await execute(
      manager,
      `INSERT INTO dhcp_lease_reports (namespace, name, vpc_uid, subnets, version) VALUES ($1, $2, $3, $4::jsonb, $5)
       ON CONFLICT (namespace, name) DO UPDATE SET vpc_uid = EXCLUDED.vpc_uid, subnets = EXCLUDED.subnets, version = EXCLUDED.version, reported_at = now()`,
      [namespace, name, report.uid, JSON.stringify(Object.fromEntries(report.subnets)), version],
    );
  }
}
