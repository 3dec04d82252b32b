/** Every table Weft stores, as TypeORM entities. */
import { AgentEntity } from './agent.entity.js';
import {
  AllocationGenerationEntity,
  LinkNumberEntity,
  SwitchNumbersEntity,
  VlanOwnerEntity,
  VniOwnerEntity,
  VniQuarantineEntity,
  VrfOwnerEntity,
} from './allocation.entities.js';
import { AuditEntryEntity } from './audit-entry.entity.js';
import { DhcpLeaseReportEntity } from './dhcp-lease-report.entity.js';
import { FabricVersionEntity } from './fabric-version.entity.js';
import { ResourceTombstoneEntity } from './resource-tombstone.entity.js';
import { ResourceEntity } from './resource.entity.js';
import { TokenEntity } from './token.entity.js';

export {
  AgentEntity,
  AllocationGenerationEntity,
  AuditEntryEntity,
  DhcpLeaseReportEntity,
  FabricVersionEntity,
  LinkNumberEntity,
  ResourceEntity,
  ResourceTombstoneEntity,
  SwitchNumbersEntity,
  TokenEntity,
  VlanOwnerEntity,
  VniOwnerEntity,
  VniQuarantineEntity,
  VrfOwnerEntity,
};

export const ENTITIES = [
  ResourceEntity,
  ResourceTombstoneEntity,
  AllocationGenerationEntity,
  VniOwnerEntity,
  VrfOwnerEntity,
  SwitchNumbersEntity,
  LinkNumberEntity,
  VlanOwnerEntity,
  VniQuarantineEntity,
  AuditEntryEntity,
  TokenEntity,
  AgentEntity,
  FabricVersionEntity,
  DhcpLeaseReportEntity,
];
