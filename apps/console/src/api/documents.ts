/**
 * The GraphQL documents the console sends: the fields of api/schema.graphql it shows. Lists are
 * Relay connections; the console reads every object (no first) as `nodes` and keeps them current
 * with the events subscription.
 */

const META = 'metadata { name namespace labels resourceVersion generation creationTimestamp owner }';
const CONDITIONS = 'conditions { type status reason message lastTransitionTime }';

export const VPCS = `query Vpcs { vpcs { nodes { ${META} spec { tenant description subnets } status { isolation rule vrf vni subnets switches observedGeneration ${CONDITIONS} } } } }`;
export const ATTACHMENTS = `query Attachments { vpcAttachments { nodes { ${META} spec { subnet connection nativeVLAN } status { ${CONDITIONS} } } } }`;
export const PEERINGS = `query Peerings { vpcPeerings { nodes { ${META} spec { vpcs permit } status { ${CONDITIONS} } } } }`;
export const SWITCHES = `query Switches { switches { nodes { ${META} spec { role os description asn routerId } status { ${CONDITIONS} } } } }`;
export const SERVERS = `query Servers { servers { nodes { ${META} spec { description } } } }`;
export const CONNECTIONS = `query Connections { connections { nodes { ${META} spec { description fabric { spine leaf } unbundled { server switch } bundled { server links { server switch } } eslag { server links { server switch } } external { switch address peer { ip asn } } trunk { links } } } } }`;
export const POLICIES = `query Policies { fabricPolicies { nodes { ${META} spec { isolation { default rules { name match { tenants labels } method } } } } } }`;

const AGENT_STATUS = `status { appliedGeneration lastHeartbeat lastAppliedTime lastError ${CONDITIONS} bgpNeighbors { peer vrf remoteAs state prefixesReceived uptime } remoteVteps { ip vnis } ports { name admin oper } drift { key change detectedAt repaired } driftCount }`;
/** Agents without their files, for health (the fabric page, a VPC's switches). */
export const AGENTS = `query Agents { agents { nodes { ${META} spec { switch generation role os } ${AGENT_STATUS} } } }`;
/** One agent with its rendered files, for the switch page. */
export const AGENT = `query Agent($name: String!) { agent(name: $name) { ${META} spec { switch generation role os configDb frr vyos } ${AGENT_STATUS} } }`;

export const AUDIT = `query Audit($kind: String, $name: String, $tenant: String, $actor: String, $first: Int) {
  audit(kind: $kind, name: $name, tenant: $tenant, actor: $actor, first: $first) {
    nodes { id at actor role tenant via requestId action kind namespace name plan { device files { file change lines } } }
  }
}`;

export const EVENTS = 'subscription Events { events { type kind object } }';

const WRITE_RESULT = 'plan { device files { file change lines } } diagnostics { code severity path message hint } dryRun';

/** create / replace mutation of a kind: `createVPC(input, dryRun)` answers the object's name and the plan. */
export function writeMutation(action: 'create' | 'replace', kind: 'VPC' | 'VPCAttachment' | 'VPCPeering'): string {
  const field = `${action}${kind}`;
  return `mutation Write($input: ${kind}Input!, $dryRun: Boolean) { ${field}(input: $input, dryRun: $dryRun) { object { metadata { name namespace } } ${WRITE_RESULT} } }`;
}

export function deleteMutation(kind: 'VPC' | 'VPCAttachment' | 'VPCPeering'): string {
  return `mutation Delete($namespace: String, $name: String!, $dryRun: Boolean) { delete${kind}(namespace: $namespace, name: $name, dryRun: $dryRun) { ${WRITE_RESULT} } }`;
}
