/**
 * The first schema: objects, allocations with their unique owners, the append-only audit log,
 * tokens and agents. A database migrated by the runner before TypeORM (table schema_migrations,
 * id 1) has it already and is adopted as it is.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appliedBeforeTypeorm } from './adopt.js';

export class InitialSchema1732147200001 implements MigrationInterface {
  readonly name = 'InitialSchema1732147200001';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (await appliedBeforeTypeorm(queryRunner, 1)) return;
    await queryRunner.query(`
CREATE TABLE resources (
  kind text NOT NULL,
  namespace text NOT NULL DEFAULT '',
  name text NOT NULL,
  uid uuid NOT NULL UNIQUE,
  api_version text NOT NULL,
  metadata jsonb NOT NULL,
  spec jsonb NOT NULL,
  tenant text,
  owner text NOT NULL DEFAULT 'api' CHECK (owner IN ('api', 'kubernetes')),
  generation bigint NOT NULL DEFAULT 1,
  resource_version bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kind, namespace, name)
);
CREATE INDEX resources_tenant ON resources (tenant) WHERE tenant IS NOT NULL;

CREATE TABLE allocation_generation (
  id smallint PRIMARY KEY CHECK (id = 1),
  generation bigint NOT NULL
);
CREATE TABLE vni_owners (
  vni integer PRIMARY KEY CHECK (vni BETWEEN 1 AND 16777215),
  owner text NOT NULL UNIQUE
);
CREATE TABLE vrf_owners (
  vrf integer PRIMARY KEY CHECK (vrf > 0),
  owner text NOT NULL UNIQUE,
  isolation text
);
CREATE TABLE switch_numbers (
  switch text PRIMARY KEY,
  asn bigint NOT NULL,
  loopback text NOT NULL UNIQUE,
  port_channels jsonb NOT NULL DEFAULT '{}'
);
CREATE TABLE link_numbers (
  connection text PRIMARY KEY,
  prefix text NOT NULL UNIQUE
);
CREATE TABLE vlan_owners (
  switch text NOT NULL,
  vlan integer NOT NULL CHECK (vlan BETWEEN 1 AND 4094),
  owner text NOT NULL,
  PRIMARY KEY (switch, vlan),
  UNIQUE (switch, owner)
);
CREATE TABLE vni_quarantine (
  vni integer PRIMARY KEY,
  owner text NOT NULL,
  since bigint NOT NULL
);

CREATE TABLE audit (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  role text NOT NULL,
  tenant text,
  via text NOT NULL,
  request_id text,
  action text NOT NULL,
  kind text NOT NULL,
  namespace text,
  name text NOT NULL,
  before jsonb,
  after jsonb,
  plan jsonb
);
CREATE INDEX audit_object ON audit (kind, namespace, name, id);
CREATE INDEX audit_tenant ON audit (tenant, id) WHERE tenant IS NOT NULL;
CREATE FUNCTION audit_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only';
END $$;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
  FOR EACH ROW EXECUTE FUNCTION audit_is_append_only();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
  FOR EACH STATEMENT EXECUTE FUNCTION audit_is_append_only();

CREATE TABLE tokens (
  name text PRIMARY KEY,
  hash text NOT NULL UNIQUE,
  role text NOT NULL CHECK (role IN ('architect', 'tenant', 'viewer', 'agent')),
  tenant text,
  switch text,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL,
  revoked_at timestamptz,
  CHECK ((role = 'tenant') = (tenant IS NOT NULL)),
  CHECK ((role = 'agent') = (switch IS NOT NULL))
);

CREATE TABLE agents (
  switch text PRIMARY KEY,
  generation bigint NOT NULL,
  files_hash text NOT NULL,
  allocation_generation bigint NOT NULL,
  status jsonb,
  applied_allocation_generation bigint,
  updated_at timestamptz NOT NULL DEFAULT now()
);
`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
DROP TABLE agents, tokens, audit, vni_quarantine, vlan_owners, link_numbers, switch_numbers, vrf_owners, vni_owners, allocation_generation, resources;
DROP FUNCTION audit_is_append_only();
`);
  }
}
