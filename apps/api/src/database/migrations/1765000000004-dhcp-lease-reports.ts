/** The DHCP leases Weft's DHCP adapter reports per VPC (dhcp/dhcp-leases.service.ts). */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DhcpLeaseReports1765000000004 implements MigrationInterface {
  readonly name = 'DhcpLeaseReports1765000000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
CREATE TABLE dhcp_lease_reports (
  namespace text NOT NULL,
  name text NOT NULL,
  vpc_uid text NOT NULL,
  subnets jsonb NOT NULL,
  version bigint NOT NULL,
  reported_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (namespace, name)
);
CREATE INDEX dhcp_lease_reports_version ON dhcp_lease_reports (version);
`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE dhcp_lease_reports');
  }
}
