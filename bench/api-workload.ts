/**
 * What `npm run bench:api` writes: VPC bodies (16 per tenant, so the sample policy's limit of 20
 * holds) and VPC attachments, each on a VPC the run created. An attachment names its VPC by
 * name, so one whose VPC was not created (fewer VPCs asked for than attachments, or a create
 * that failed) is refused with 400 "no valid VPC": the run would count the service as failing.
 */

export const VPCS_PER_TENANT = 16;
/** the server connections of wiring/lab.yaml: attachments land on all four leaves */
export const SERVER_CONNECTIONS = ['server1--leaf1', 'server2--leaf1', 'server3--leaf2', 'server7--leaf2', 'server4--leaf3', 'server5--leaf3', 'server6--leaf4'];

export function vpcBody(i: number): { metadata: { name: string; namespace: string }; [field: string]: unknown } {
  const subnet = (s: number): { cidr: string } => {
    const j = 2 * i + s;
    return { cidr: `10.${64 + Math.floor(j / 256)}.${j % 256}.0/24` };
  };
  return {
    apiVersion: 'vpc.weft.dev/v1alpha1',
    kind: 'VPC',
    metadata: { name: `bench-${i}`, namespace: 'default' },
    spec: { tenant: `bench-tenant-${Math.floor(i / VPCS_PER_TENANT)}`, subnets: { a: subnet(0), b: subnet(1) } },
  };
}

/**
 * `count` attachments, the i-th on the i-th of the VPCs `created` (the names of VPCs the service
 * answered 201 for, in order). Throws when there are fewer VPCs than attachments: the run then
 * stops with that message instead of counting 400s.
 */
export function attachmentBodies(created: readonly string[], count: number): unknown[] {
  if (created.length < count) {
    throw new Error(`${count} attachments need ${count} VPCs, and ${created.length} were created: set WEFT_BENCH_ATTACHMENTS to at most WEFT_BENCH_VPCS + WEFT_BENCH_PACED_VPCS (and look at the VPC creates' failures)`);
  }
  return Array.from({ length: count }, (_, i) => ({
    apiVersion: 'vpc.weft.dev/v1alpha1',
    kind: 'VPCAttachment',
    metadata: { name: `bench-attach-${i}`, namespace: 'default' },
    spec: { subnet: `${created[i] ?? ''}/${i % 2 === 0 ? 'a' : 'b'}`, connection: SERVER_CONNECTIONS[i % SERVER_CONNECTIONS.length] },
  }));
}
