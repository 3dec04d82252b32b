export * from './common.js';
export * from './wiring.js';
export * from './vpc.js';
export * from './policy.js';
export * from './agent.js';

import type { ResourceDefinition } from './common.js';
import { CONNECTION, SERVER, SWITCH } from './wiring.js';
import { EXTERNAL, EXTERNAL_ATTACHMENT, EXTERNAL_PEERING, VPC, VPC_ATTACHMENT, VPC_PEERING } from './vpc.js';
import { CONFIG_TEMPLATE, FABRIC_POLICY } from './policy.js';
import { AGENT } from './agent.js';

/** Every resource kind, in the order the compiler reads them. */
export const RESOURCE_DEFINITIONS: readonly ResourceDefinition[] = [
  SWITCH,
  SERVER,
  CONNECTION,
  FABRIC_POLICY,
  CONFIG_TEMPLATE,
  VPC,
  VPC_ATTACHMENT,
  VPC_PEERING,
  EXTERNAL,
  EXTERNAL_ATTACHMENT,
  EXTERNAL_PEERING,
  AGENT,
];

export type ResourceKind =
  | 'Switch'
  | 'Server'
  | 'Connection'
  | 'FabricPolicy'
  | 'ConfigTemplate'
  | 'VPC'
  | 'VPCAttachment'
  | 'VPCPeering'
  | 'External'
  | 'ExternalAttachment'
  | 'ExternalPeering'
  | 'Agent';

export function findResourceDefinition(apiVersion: string, kind: string): ResourceDefinition | undefined {
  return RESOURCE_DEFINITIONS.find((d) => `${d.group}/${d.version}` === apiVersion && d.kind === kind);
}

export function findResourceDefinitionByKind(kind: string): ResourceDefinition | undefined {
  return RESOURCE_DEFINITIONS.find((d) => d.kind === kind);
}
