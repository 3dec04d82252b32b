/**
 * Allocations (the content of allocations.json), one table per kind of number. The constraints
 * make a double allocation impossible, not unlikely: every number and every owner appears at
 * most once (per switch, for VLANs), whatever the in-memory allocator or a second replica did.
 */
import { Check, Column, Entity, PrimaryColumn, Unique } from 'typeorm';
import { BIGINT_AS_NUMBER } from './columns.js';

/** The allocation generation (one row): it goes up whenever a number changes owner. */
@Entity({ name: 'allocation_generation' })
@Check('allocation_generation_id_check', 'id = 1')
export class AllocationGenerationEntity {
  @PrimaryColumn('smallint')
  id!: number;

  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  generation!: number;
}

/** One owner per VNI, one VNI per owner (`ns/vpc`, `ns/vpc/subnet`, `external:name`). */
@Entity({ name: 'vni_owners' })
@Check('vni_owners_vni_check', 'vni BETWEEN 1 AND 16777215')
export class VniOwnerEntity {
  @PrimaryColumn('integer')
  vni!: number;

  @Column('text', { unique: true })
  owner!: string;
}

/** One owner per VRF id. */
@Entity({ name: 'vrf_owners' })
@Check('vrf_owners_vrf_check', 'vrf > 0')
export class VrfOwnerEntity {
  @PrimaryColumn('integer')
  vrf!: number;

  @Column('text', { unique: true })
  owner!: string;

  @Column('text', { nullable: true })
  isolation!: string | null;
}

/** A switch's ASN, loopback (unique across the fabric) and port-channel numbers. */
@Entity({ name: 'switch_numbers' })
export class SwitchNumbersEntity {
  @PrimaryColumn('text')
  switch!: string;

  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  asn!: number;

  @Column('text', { unique: true })
  loopback!: string;

  @Column('jsonb', { name: 'port_channels', default: () => `'{}'` })
  portChannels!: Record<string, number>;
}

/** A fabric link's point-to-point prefix, unique across the fabric. */
@Entity({ name: 'link_numbers' })
export class LinkNumberEntity {
  @PrimaryColumn('text')
  connection!: string;

  @Column('text', { unique: true })
  prefix!: string;
}

/** VLANs are per switch: one owner per (switch, VLAN), one VLAN per (switch, owner). */
@Entity({ name: 'vlan_owners' })
@Check('vlan_owners_vlan_check', 'vlan BETWEEN 1 AND 4094')
@Unique('vlan_owners_switch_owner_key', ['switch', 'owner'])
export class VlanOwnerEntity {
  @PrimaryColumn('text')
  switch!: string;

  @PrimaryColumn('integer')
  vlan!: number;

  @Column('text')
  owner!: string;
}

/** A freed VNI, kept from reuse until every agent applied a generation after `since`. */
@Entity({ name: 'vni_quarantine' })
export class VniQuarantineEntity {
  @PrimaryColumn('integer')
  vni!: number;

  @Column('text')
  owner!: string;

  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  since!: number;
}
