/**
 * How a batch of queued writes is cut into compiles (pure): consecutive creates of new VPCs are
 * compiled together (they change no device); consecutive creates of VPC attachments are
 * compiled together per tenant (each write's plan is the change on its connection's switches,
 * which may show the other writes of its group there: only one tenant's writes share a group);
 * everything else one write at a time, in the order it arrived.
 */
import type { AnyResource } from '#domain';
import type { WriteRequest } from '../store/store.types.js';
import { lookupIn, type ObjectMap } from './stored-object.js';

export type SegmentKind = 'single' | 'vpc-creates' | 'attachment-creates';

export interface Segment {
  readonly kind: SegmentKind;
  /** positions in the batch, in order */
  readonly indices: readonly number[];
}

function kindOf(request: WriteRequest): SegmentKind {
  if (request.action !== 'create') return 'single';
  if (request.kind === 'VPC') return 'vpc-creates';
  if (request.kind === 'VPCAttachment') return 'attachment-creates';
  return 'single';
}

/** Maximal runs of consecutive writes that may compile together; every other write alone. */
export function segmentsOf(requests: readonly WriteRequest[]): Segment[] {
  const segments: Segment[] = [];
  for (const [index, request] of requests.entries()) {
    const kind = kindOf(request);
    const last = segments.at(-1);
    if (kind !== 'single' && last?.kind === kind) (last.indices as number[]).push(index);
    else segments.push({ kind, indices: [index] });
  }
  return segments;
}

/** The tenant of the VPC an attachment body names, or undefined when it cannot be told (it is then compiled alone). */
export function attachmentTenant(request: WriteRequest, objects: ObjectMap): string | undefined {
  const body = request.body;
  if (typeof body !== 'object' || body === null) return undefined;
  const { metadata, spec } = body as { metadata?: unknown; spec?: unknown };
  const namespace = typeof metadata === 'object' && metadata !== null ? (metadata as { namespace?: unknown }).namespace : undefined;
  const subnet = typeof spec === 'object' && spec !== null ? (spec as { subnet?: unknown }).subnet : undefined;
  if (typeof subnet !== 'string' || (namespace !== undefined && typeof namespace !== 'string')) return undefined;
  const vpc = lookupIn(objects)('VPC', namespace ?? 'default', subnet.split('/')[0] ?? '');
  return vpc?.kind === 'VPC' ? vpc.spec.tenant : undefined;
}

/**
 * A run of attachment creates, as groups that compile together: one per tenant, each in arrival
 * order. Attachments are independent of each other's order but for conflicts between them, and
 * a group with a conflict is compiled one write at a time.
 */
export function groupByTenant(indices: readonly number[], requests: readonly WriteRequest[], objects: ObjectMap): (readonly number[])[] {
  const groups = new Map<string, number[]>();
  const alone: number[][] = [];
  for (const index of indices) {
    const request = requests[index];
    const tenant = request === undefined ? undefined : attachmentTenant(request, objects);
    if (tenant === undefined) {
      alone.push([index]);
      continue;
    }
    const group = groups.get(tenant) ?? [];
    group.push(index);
    groups.set(tenant, group);
  }
  return [...groups.values(), ...alone].sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
}

/** The switches an attachment's connection lands on: its plan is the change on them. */
export function attachmentSwitches(resource: AnyResource | undefined, objects: ObjectMap): string[] {
  if (resource?.kind !== 'VPCAttachment') return [];
  const connection = lookupIn(objects)('Connection', undefined, resource.spec.connection);
  if (connection?.kind !== 'Connection') return [];
  const ports = [connection.spec.unbundled?.switch, ...(connection.spec.bundled?.links.map((link) => link.switch) ?? [])];
  return [...new Set(ports.flatMap((port) => (port === undefined ? [] : [port.split('/')[0] ?? ''])))];
}

/** An attachment's owner in the compiled files (its VPC, `namespace/name`) and the switches its connection lands on. */
export function attachmentOwner(resource: AnyResource | undefined, objects: ObjectMap): { owner: string; devices: string[] } | undefined {
  if (resource?.kind !== 'VPCAttachment') return undefined;
  const vpc = resource.spec.subnet.split('/')[0] ?? '';
  const devices = attachmentSwitches(resource, objects);
  return devices.length === 0 ? undefined : { owner: `${resource.metadata.namespace ?? 'default'}/${vpc}`, devices };
}
