/**
 * Several replicas on one database: a fabric version every commit advances (and announces with
 * NOTIFY weft_fabric), the version of each object's and agent's last change, and tombstones of
 * deleted objects, so a replica reads exactly what changed since the version it holds.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ChangeFeed1764979200003 implements MigrationInterface {
  readonly name = 'ChangeFeed1764979200003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
CREATE TABLE fabric_version (
  id smallint PRIMARY KEY CHECK (id = 1),
  version bigint NOT NULL
);
INSERT INTO fabric_version (id, version) SELECT 1, coalesce(max(resource_version), 0) FROM resources;
CREATE INDEX resources_resource_version ON resources (resource_version);
CREATE TABLE resource_tombstones (
  kind text NOT NULL,
  namespace text NOT NULL,
  name text NOT NULL,
  resource_version bigint NOT NULL,
  PRIMARY KEY (kind, namespace, name)
);
CREATE INDEX resource_tombstones_version ON resource_tombstones (resource_version);
ALTER TABLE agents ADD COLUMN version bigint NOT NULL DEFAULT 0;
`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
ALTER TABLE agents DROP COLUMN version;
DROP TABLE resource_tombstones, fabric_version;
DROP INDEX resources_resource_version;
`);
  }
}
