/**
 * What the create and edit forms hold, the object each one sends, and where the API's
 * diagnostics land on them. The forms send what the person typed, unchecked: the service's
 * validation is the one truth, and its diagnostics come back field by field.
 */
import type { Vpc, VpcAttachment, VpcPeering } from './types.js';

export interface SubnetRow {
  readonly name: string;
  readonly cidr: string;
  readonly gateway: string;
  readonly dhcpStart: string;
  readonly dhcpEnd: string;
  readonly description: string;
}

export interface VpcForm {
  readonly namespace: string;
  readonly name: string;
  readonly tenant: string;
  readonly description: string;
  readonly subnets: readonly SubnetRow[];
}

export const EMPTY_SUBNET: SubnetRow = { name: '', cidr: '', gateway: '', dhcpStart: '', dhcpEnd: '', description: '' };

export function emptyVpcForm(tenant = ''): VpcForm {
  return { namespace: 'default', name: '', tenant, description: '', subnets: [{ ...EMPTY_SUBNET, name: 'web' }] };
}

export function vpcFormOf(vpc: Vpc): VpcForm {
  return {
    namespace: vpc.metadata.namespace ?? 'default',
    name: vpc.metadata.name,
    tenant: vpc.spec.tenant,
    description: vpc.spec.description ?? '',
    subnets: Object.entries(vpc.spec.subnets).map(([name, s]) => ({
      name,
      cidr: s.cidr,
      gateway: s.gateway ?? '',
      dhcpStart: s.dhcp?.start ?? '',
      dhcpEnd: s.dhcp?.end ?? '',
      description: s.description ?? '',
    })),
  };
}

const trimmed = (text: string): string => text.trim();

/** The VPC object the form describes, as REST and GraphQL take it. */
export function vpcBody(form: VpcForm): { metadata: { name: string; namespace: string }; spec: Record<string, unknown> } {
  const subnets: Record<string, Record<string, unknown>> = {};
  for (const row of form.subnets) {
    const subnet: Record<string, unknown> = { cidr: trimmed(row.cidr) };
    if (trimmed(row.gateway) !== '') subnet.gateway = trimmed(row.gateway);
    if (trimmed(row.dhcpStart) !== '' || trimmed(row.dhcpEnd) !== '') subnet.dhcp = { start: trimmed(row.dhcpStart), end: trimmed(row.dhcpEnd) };
    if (trimmed(row.description) !== '') subnet.description = trimmed(row.description);
    subnets[trimmed(row.name)] = subnet;
  }
  const spec: Record<string, unknown> = { tenant: trimmed(form.tenant), subnets };
  if (trimmed(form.description) !== '') spec.description = trimmed(form.description);
  return { metadata: { name: trimmed(form.name), namespace: trimmed(form.namespace) || 'default' }, spec };
}

/** Form field ids of the VPC form: `name`, `tenant`, `subnets.<row>.cidr`, ... */
export function vpcFieldOf(form: VpcForm): (apiField: string) => string | undefined {
  return (apiField) => {
    const simple: Readonly<Record<string, string>> = {
      'metadata.name': 'name',
      'metadata.namespace': 'namespace',
      'spec.tenant': 'tenant',
      'spec.description': 'description',
      'spec.subnets': 'subnets',
    };
    const direct = simple[apiField];
    if (direct !== undefined) return direct;
    const match = /^spec\.subnets\.([^.]+)(?:\.(cidr|gateway|dhcp|description))?(?:\.(start|end))?$/.exec(apiField);
    if (match === null) return undefined;
    const row = form.subnets.findIndex((s) => trimmed(s.name) === match[1]);
    if (row < 0) return undefined;
    const field = match[2];
    if (field === undefined) return `subnets.${row}.name`;
    if (field === 'dhcp') return match[3] === 'end' ? `subnets.${row}.dhcpEnd` : `subnets.${row}.dhcpStart`;
    return `subnets.${row}.${field}`;
  };
}

export interface AttachmentForm {
  readonly namespace: string;
  readonly name: string;
  readonly subnet: string;
  readonly connection: string;
  readonly nativeVLAN: boolean;
}

export function attachmentFormOf(attachment: VpcAttachment): AttachmentForm {
  return {
    namespace: attachment.metadata.namespace ?? 'default',
    name: attachment.metadata.name,
    subnet: attachment.spec.subnet,
    connection: attachment.spec.connection,
    nativeVLAN: attachment.spec.nativeVLAN === true,
  };
}

export function attachmentBody(form: AttachmentForm): { metadata: { name: string; namespace: string }; spec: Record<string, unknown> } {
  return {
    metadata: { name: trimmed(form.name), namespace: trimmed(form.namespace) || 'default' },
    spec: { subnet: trimmed(form.subnet), connection: trimmed(form.connection), ...(form.nativeVLAN ? { nativeVLAN: true } : {}) },
  };
}

export function attachmentFieldOf(apiField: string): string | undefined {
  const fields: Readonly<Record<string, string>> = {
    'metadata.name': 'name',
    'metadata.namespace': 'namespace',
    'spec.subnet': 'subnet',
    'spec.connection': 'connection',
    'spec.nativeVLAN': 'nativeVLAN',
  };
  return fields[apiField];
}

export interface PeeringForm {
  readonly namespace: string;
  readonly name: string;
  readonly vpcA: string;
  readonly vpcB: string;
  /** one pair per line: `blue/web green/api`; empty: every subnet */
  readonly permit: string;
}

export function peeringFormOf(peering: VpcPeering): PeeringForm {
  return {
    namespace: peering.metadata.namespace ?? 'default',
    name: peering.metadata.name,
    vpcA: peering.spec.vpcs[0] ?? '',
    vpcB: peering.spec.vpcs[1] ?? '',
    permit: (peering.spec.permit ?? []).map((pair) => pair.join(' ')).join('\n'),
  };
}

export function peeringBody(form: PeeringForm): { metadata: { name: string; namespace: string }; spec: Record<string, unknown> } {
  const pairs = form.permit
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => line.split(/[\s,]+/));
  return {
    metadata: { name: trimmed(form.name), namespace: trimmed(form.namespace) || 'default' },
    spec: { vpcs: [trimmed(form.vpcA), trimmed(form.vpcB)], ...(pairs.length === 0 ? {} : { permit: pairs }) },
  };
}

export function peeringFieldOf(apiField: string): string | undefined {
  if (apiField === 'metadata.name') return 'name';
  if (apiField === 'metadata.namespace') return 'namespace';
  if (apiField === 'spec.vpcs.1') return 'vpcB';
  // the first VPC, or the pair as a whole (placeDiagnostics tries `spec.vpcs` after `spec.vpcs.0`)
  if (apiField === 'spec.vpcs') return 'vpcA';
  if (apiField.startsWith('spec.permit')) return 'permit';
  return undefined;
}
