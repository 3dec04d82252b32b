/** The names the REST contract is built on: its prefix, each kind's collection, the token roles. */
import type { ResourceKind } from '#api';

export const OPENAPI_VERSION = '3.1.0';
export const API_PREFIX = '/api/v1';

/** The collection name of each kind under /api/v1/ (the design's REST paths). */
export const REST_COLLECTIONS: Readonly<Record<ResourceKind, string>> = {
  Switch: 'switches',
  Server: 'servers',
  Connection: 'connections',
  FabricPolicy: 'fabric-policies',
  ConfigTemplate: 'config-templates',
  VPC: 'vpcs',
  VPCAttachment: 'vpc-attachments',
  VPCPeering: 'vpc-peerings',
  External: 'externals',
  ExternalAttachment: 'external-attachments',
  ExternalPeering: 'external-peerings',
  Agent: 'agents',
};

export const TOKEN_ROLES = ['architect', 'tenant', 'viewer', 'agent'] as const;

export function restCollection(kind: string): string {
  const collections: Readonly<Record<string, string>> = REST_COLLECTIONS;
  const collection = collections[kind];
  if (collection === undefined) throw new Error(`kind ${kind} has no REST collection: add it to REST_COLLECTIONS`);
  return collection;
}
