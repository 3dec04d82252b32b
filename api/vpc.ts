import { Type, type Static } from '@sinclair/typebox';
import { Asn, Condition, Ipv4Address, Ipv4Cidr, NAME_MAX_LENGTH, NAME_PATTERN, ObjectName, celRules, type PrinterColumn, type ResourceDefinition } from './common.js';

export const VPC_GROUP = 'vpc.weft.dev';

export const SUBNET_NAME_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
/** `<vpc>/<subnet>` */
export const SubnetRef = Type.String({
  pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?/[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
  maxLength: 127,
  description: '<vpc>/<subnet>, e.g. blue/web',
});

export const MAC_ADDRESS_PATTERN = '^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$';

export const DhcpRange = Type.Object({ start: Ipv4Address, end: Ipv4Address }, { additionalProperties: false });

export const DhcpStatic = Type.Object(
  {
    mac: Type.String({ pattern: MAC_ADDRESS_PATTERN, description: 'the client MAC, e.g. 02:00:00:00:00:01' }),
    ip: Ipv4Address,
  },
  { additionalProperties: false },
);

/** DHCP of one subnet: Weft's own server (`enable`) or a relay to the tenant's server (`relay`). */
export const SubnetDhcp = Type.Object(
  {
    enable: Type.Optional(Type.Boolean({ description: "Weft's DHCP server hands out addresses in this subnet (default false)" })),
    relay: Type.Optional(Type.Array(Ipv4Address, { minItems: 1, maxItems: 8, description: "relay to these DHCP servers, reached in the VPC's own VRF; excludes enable" })),
    range: Type.Optional(DhcpRange),
    start: Type.Optional(Ipv4Address),
    end: Type.Optional(Ipv4Address),
    leaseTime: Type.Optional(Type.Integer({ minimum: 60, maximum: 31536000, description: 'lease time in seconds (default 3600)' })),
    dnsServers: Type.Optional(Type.Array(Ipv4Address, { maxItems: 8 })),
    ntpServers: Type.Optional(Type.Array(Ipv4Address, { maxItems: 8 })),
    mtu: Type.Optional(Type.Integer({ minimum: 576, maximum: 9216, description: 'interface MTU offered to clients (option 26)' })),
    pxeURL: Type.Optional(Type.String({ maxLength: 255, pattern: '^(https?|tftp)://[^\\s]+$', description: 'boot file URL (option 67), http(s):// or tftp://' })),
    defaultRoute: Type.Optional(Type.Boolean({ description: 'offer the gateway as the default route (option 3); default true' })),
    static: Type.Optional(Type.Array(DhcpStatic, { maxItems: 1024, description: 'fixed addresses by MAC' })),
  },
  {
    additionalProperties: false,
    description: 'range: the pool (default: from gateway+1 to the last host); start/end: the same pool, the older spelling',
  },
);
export type SubnetDhcp = Static<typeof SubnetDhcp>;

export const Subnet = Type.Object(
  {
    cidr: Ipv4Cidr,
    gateway: Type.Optional(Ipv4Address),
    dhcp: Type.Optional(SubnetDhcp),
    description: Type.Optional(Type.String({ maxLength: 256 })),
    isolated: Type.Optional(Type.Boolean({ description: 'no other subnet of the VPC reaches it, unless spec.permit names the pair; default: spec.defaultIsolated' })),
    restricted: Type.Optional(Type.Boolean({ description: 'hosts in the subnet do not reach each other (only their gateway); default: spec.defaultRestricted' })),
    hostBGP: Type.Optional(
      Type.Boolean({
        description: 'servers attached to this subnet peer with their leaf over unnumbered BGP (IPv6 link-local) in the VPC and announce their own addresses in the cidr; no VLAN or gateway (evpn-l3vni, unbundled connections)',
      }),
    ),
    hostBGPMinPrefixLen: Type.Optional(
      Type.Integer({ minimum: 8, maximum: 32, description: 'hostBGP: the shortest prefix inside the cidr a server may announce; default 32 (host addresses only)' }),
    ),
    hostBGPMaxPrefixes: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 10000, description: 'hostBGP: a server announcing more prefixes than this is cut off (retried after 5 minutes); default 16' }),
    ),
  },
  {
    additionalProperties: false,
    // what the apiserver can check without Weft (the compiler reports the same, WF300-WF302)
    ...celRules(
      { rule: '!isCIDR(self.cidr) || cidr(self.cidr).masked() == cidr(self.cidr)', message: 'cidr has host bits set: use the network address, e.g. 10.1.0.0/24 rather than 10.1.0.1/24' },
      { rule: '!has(self.gateway) || !isCIDR(self.cidr) || !isIP(self.gateway) || cidr(self.cidr).containsIP(self.gateway)', message: 'the gateway is not an address of the cidr' },
      {
        rule: '!has(self.dhcp) || !has(self.dhcp.start) || !has(self.dhcp.end) || !isCIDR(self.cidr) || !isIP(self.dhcp.start) || !isIP(self.dhcp.end) || (cidr(self.cidr).containsIP(self.dhcp.start) && cidr(self.cidr).containsIP(self.dhcp.end))',
        message: 'the DHCP range is not inside the cidr' },
      {
        rule: '!has(self.dhcp) || !has(self.dhcp.range) || !isCIDR(self.cidr) || !isIP(self.dhcp.range.start) || !isIP(self.dhcp.range.end) || (cidr(self.cidr).containsIP(self.dhcp.range.start) && cidr(self.cidr).containsIP(self.dhcp.range.end))',
        message: 'the DHCP range is not inside the cidr' },
      { rule: '!has(self.dhcp) || !has(self.dhcp.relay) || !has(self.dhcp.enable) || !self.dhcp.enable', message: 'dhcp.enable and dhcp.relay exclude each other: Weft serves the subnet or relays it, not both' },
    ),
  },
);
export type Subnet = Static<typeof Subnet>;

/** Hedgehog's `ASN16:VAL16` standard community. */
const community = (description: string) => Type.String({ pattern: '^[0-9]{1,5}:[0-9]{1,5}$', maxLength: 11, description: `${description}: a standard BGP community, ASN:value, each 0-65535` });

export const StaticRoute = Type.Object(
  {
    prefix: Ipv4Cidr,
    nextHops: Type.Array(Ipv4Address, { minItems: 1, maxItems: 16, description: 'host addresses inside the VPC\'s subnets' }),
  },
  { additionalProperties: false },
);
export type StaticRoute = Static<typeof StaticRoute>;

export const VpcSpec = Type.Object(
  {
    tenant: Type.String({
      pattern: NAME_PATTERN,
      maxLength: NAME_MAX_LENGTH,
      description: 'the tenant that owns the VPC (cannot change)',
      ...celRules({ rule: 'self == oldSelf', message: 'the tenant of a VPC cannot change: create a new VPC for the other tenant' }),
    }),
    description: Type.Optional(Type.String({ maxLength: 256 })),
    subnets: Type.Record(Type.String({ pattern: SUBNET_NAME_PATTERN, maxLength: 63 }), Subnet, {
      minProperties: 1,
      maxProperties: 256,
      description: 'subnet name -> subnet',
    }),
    defaultIsolated: Type.Optional(Type.Boolean({ description: 'subnets without their own isolated flag are isolated' })),
    defaultRestricted: Type.Optional(Type.Boolean({ description: 'subnets without their own restricted flag are restricted' })),
    permit: Type.Optional(
      Type.Array(Type.Array(Type.String({ pattern: SUBNET_NAME_PATTERN, maxLength: 63 }), { minItems: 2, maxItems: 256 }), {
        maxItems: 256,
        description: 'groups of subnets of this VPC that reach each other even when isolated',
      }),
    ),
    staticRoutes: Type.Optional(
      Type.Array(StaticRoute, { maxItems: 256, description: 'routes inside the VPC towards a next hop in one of its subnets; not announced to peers or Externals' }),
    ),
  },
  { additionalProperties: false },
);
export type VpcSpec = Static<typeof VpcSpec>;

export const IsolationMethod = Type.Union(
  [Type.Literal('vlan'), Type.Literal('evpn-l2vni'), Type.Literal('evpn-l3vni')],
  { description: 'vlan, evpn-l2vni or evpn-l3vni' },
);
export type IsolationMethod = Static<typeof IsolationMethod>;

export const DhcpLease = Type.Object(
  {
    ip: Type.String({ maxLength: 15 }),
    mac: Type.String({ maxLength: 17 }),
    expires: Type.String({ maxLength: 40, description: 'when the lease ends (RFC 3339)' }),
    hostname: Type.Optional(Type.String({ maxLength: 253 })),
  },
);
export type DhcpLease = Static<typeof DhcpLease>;

export const VpcSubnetStatus = Type.Object({
  vlan: Type.Optional(Type.Integer({ description: 'the VLAN id, when it is the same on every switch' })),
  vlans: Type.Optional(Type.Record(Type.String(), Type.Integer(), { description: 'switch -> VLAN id' })),
  vni: Type.Optional(Type.Integer()),
  gateway: Type.Optional(Type.String()),
  leases: Type.Optional(Type.Array(DhcpLease, { description: "the leases Weft's DHCP service holds in this subnet, as its adapter last reported them" })),
});

export const VpcStatus = Type.Object({
  isolation: Type.Optional(IsolationMethod),
  rule: Type.Optional(Type.String({ description: 'the policy rule that chose the isolation' })),
  vrf: Type.Optional(Type.String()),
  vni: Type.Optional(Type.Integer({ description: 'the L3VNI, for evpn-l3vni' })),
  subnets: Type.Optional(Type.Record(Type.String(), VpcSubnetStatus)),
  switches: Type.Optional(Type.Array(Type.String())),
  observedGeneration: Type.Optional(Type.Integer()),
  conditions: Type.Optional(Type.Array(Condition)),
});
export type VpcStatus = Static<typeof VpcStatus>;

export const VpcAttachmentSpec = Type.Object(
  {
    subnet: SubnetRef,
    connection: ObjectName,
    nativeVLAN: Type.Optional(Type.Boolean({ description: 'the server port is an untagged member' })),
  },
  { additionalProperties: false },
);
export type VpcAttachmentSpec = Static<typeof VpcAttachmentSpec>;

export const VpcPeeringSpec = Type.Object(
  {
    vpcs: Type.Array(ObjectName, { minItems: 2, maxItems: 2, description: 'the two VPCs, in this namespace' }),
    permit: Type.Optional(
      Type.Array(Type.Array(SubnetRef, { minItems: 2, maxItems: 2 }), {
        maxItems: 1024,
        description: 'pairs of subnets that may reach each other; default: all',
      }),
    ),
  },
  { additionalProperties: false, ...celRules({ rule: 'self.vpcs[0] != self.vpcs[1]', message: 'a VPC cannot peer with itself: name two different VPCs' }) },
);
export type VpcPeeringSpec = Static<typeof VpcPeeringSpec>;

export const ExternalSpec = Type.Object(
  {
    description: Type.Optional(Type.String({ maxLength: 256 })),
    prefixes: Type.Optional(
      Type.Array(Ipv4Cidr, { maxItems: 1024, description: 'prefixes accepted from outside; default 0.0.0.0/0' }),
    ),
    inboundCommunity: Type.Optional(community('only routes carrying it are accepted from outside')),
    outboundCommunity: Type.Optional(community('stamped on every route announced to the outside')),
    static: Type.Optional(
      Type.Object(
        {
          prefixes: Type.Array(Ipv4Cidr, { minItems: 1, maxItems: 1024, description: 'the prefixes behind the next hop' }),
          nextHop: Ipv4Address,
        },
        {
          additionalProperties: false,
          description: 'a static External: routes to the prefixes through nextHop, on the subnet of one of its attachments; no BGP (spec.prefixes and the communities must then be absent)',
        },
      ),
    ),
  },
  { additionalProperties: false },
);
export type ExternalSpec = Static<typeof ExternalSpec>;

const AclPrefix = Type.String({ maxLength: 18, description: 'an IPv4 prefix (a.b.c.d/len) or "any"' });
const AclPort = Type.Integer({ minimum: 1, maximum: 65535 });

export const ExternalAclRule = Type.Object(
  {
    action: Type.Union([Type.Literal('permit'), Type.Literal('deny')]),
    protocol: Type.Optional(Type.Union([Type.Literal('ip'), Type.Literal('tcp'), Type.Literal('udp'), Type.Literal('icmp')], { description: 'default ip (any)' })),
    source: Type.Optional(AclPrefix),
    destination: Type.Optional(AclPrefix),
    destinationPorts: Type.Optional(
      Type.Object({ from: AclPort, to: Type.Optional(AclPort) }, { additionalProperties: false, description: 'tcp and udp only: one port, or from-to' }),
    ),
  },
  { additionalProperties: false },
);
export type ExternalAclRule = Static<typeof ExternalAclRule>;

export const ExternalAttachmentSpec = Type.Object(
  {
    external: ObjectName,
    connection: ObjectName,
    vlan: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 4094, description: 'the 802.1Q tag: the attachment is a sub-interface of the port; several attachments share a port on distinct VLANs' }),
    ),
    address: Type.Optional(Ipv4Cidr),
    peer: Type.Optional(
      Type.Object(
        { ip: Ipv4Address, asn: Asn },
        { additionalProperties: false, description: "the outside BGP router on this attachment; default: the Connection's spec.external.peer" },
      ),
    ),
    inboundACL: Type.Optional(
      Type.Object(
        {
          rules: Type.Array(ExternalAclRule, { minItems: 1, maxItems: 256, description: 'first match wins' }),
          defaultAction: Type.Optional(Type.Union([Type.Literal('permit'), Type.Literal('deny')], { description: 'for packets no rule matches; default deny' })),
        },
        { additionalProperties: false, description: 'filters packets arriving from outside on this attachment' },
      ),
    ),
  },
  { additionalProperties: false },
);
export type ExternalAttachmentSpec = Static<typeof ExternalAttachmentSpec>;

export const ExternalPeeringSpec = Type.Object(
  {
    vpc: ObjectName,
    external: ObjectName,
    permit: Type.Optional(
      Type.Object(
        {
          subnets: Type.Optional(Type.Array(Type.String({ pattern: SUBNET_NAME_PATTERN }), { maxItems: 256 })),
          prefixes: Type.Optional(Type.Array(Ipv4Cidr, { maxItems: 1024 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type ExternalPeeringSpec = Static<typeof ExternalPeeringSpec>;

export const ObjectStatus = Type.Object({
  observedGeneration: Type.Optional(Type.Integer()),
  conditions: Type.Optional(Type.Array(Condition)),
});

const namespaced = { group: VPC_GROUP, version: 'v1alpha1', scope: 'Namespaced' } as const;

/** `kubectl get`: whether Weft took the object, and (with -o wide) why not. */
export const ACCEPTED_COLUMNS: readonly PrinterColumn[] = [
  { name: 'Accepted', type: 'string', jsonPath: '.status.conditions[?(@.type=="Accepted")].status' },
  { name: 'Reason', type: 'string', jsonPath: '.status.conditions[?(@.type=="Accepted")].message', priority: 1 },
];

export const VPC: ResourceDefinition = {
  ...namespaced,
  kind: 'VPC',
  plural: 'vpcs',
  singular: 'vpc',
  shortNames: ['wvpc'],
  description: 'A tenant network: subnets that reach each other and nothing else.',
  spec: VpcSpec,
  status: VpcStatus,
  printerColumns: [
    { name: 'Tenant', type: 'string', jsonPath: '.spec.tenant' },
    { name: 'Isolation', type: 'string', jsonPath: '.status.isolation' },
    { name: 'VRF', type: 'string', jsonPath: '.status.vrf' },
    { name: 'VNI', type: 'integer', jsonPath: '.status.vni' },
    { name: 'Accepted', type: 'string', jsonPath: '.status.conditions[?(@.type=="Accepted")].status' },
    { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
    { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
    { name: 'Reason', type: 'string', jsonPath: '.status.conditions[?(@.type=="Accepted")].message', priority: 1 },
  ],
};

export const VPC_ATTACHMENT: ResourceDefinition = {
  ...namespaced,
  kind: 'VPCAttachment',
  plural: 'vpcattachments',
  singular: 'vpcattachment',
  shortNames: ['vpcattach'],
  description: 'Puts a server connection into a VPC subnet.',
  spec: VpcAttachmentSpec,
  status: ObjectStatus,
  printerColumns: [
    { name: 'Subnet', type: 'string', jsonPath: '.spec.subnet' },
    { name: 'Connection', type: 'string', jsonPath: '.spec.connection' },
    { name: 'Native', type: 'boolean', jsonPath: '.spec.nativeVLAN' },

    ...ACCEPTED_COLUMNS,
  ],
};

export const VPC_PEERING: ResourceDefinition = {
  ...namespaced,
  kind: 'VPCPeering',
  plural: 'vpcpeerings',
  singular: 'vpcpeering',
  shortNames: ['vpcpeer'],
  description: 'Lets two VPCs reach each other, for the permitted subnets only.',
  spec: VpcPeeringSpec,
  status: ObjectStatus,
  printerColumns: [{ name: 'VPCs', type: 'string', jsonPath: '.spec.vpcs' }, ...ACCEPTED_COLUMNS],
};

export const EXTERNAL: ResourceDefinition = {
  ...namespaced,
  kind: 'External',
  plural: 'externals',
  singular: 'external',
  shortNames: ['ext'],
  description: 'The outside world as seen through border nodes: the prefixes it may announce.',
  spec: ExternalSpec,
  status: ObjectStatus,
  printerColumns: [{ name: 'Prefixes', type: 'string', jsonPath: '.spec.prefixes' }, ...ACCEPTED_COLUMNS],
};

export const EXTERNAL_ATTACHMENT: ResourceDefinition = {
  ...namespaced,
  kind: 'ExternalAttachment',
  plural: 'externalattachments',
  singular: 'externalattachment',
  shortNames: ['extattach'],
  description: 'Binds an External to an external connection of a border node.',
  spec: ExternalAttachmentSpec,
  status: ObjectStatus,
  printerColumns: [
    { name: 'External', type: 'string', jsonPath: '.spec.external' },
    { name: 'Connection', type: 'string', jsonPath: '.spec.connection' },

    ...ACCEPTED_COLUMNS,
  ],
};

export const EXTERNAL_PEERING: ResourceDefinition = {
  ...namespaced,
  kind: 'ExternalPeering',
  plural: 'externalpeerings',
  singular: 'externalpeering',
  shortNames: ['extpeer'],
  description: 'Routes between a VPC and an External, for the permitted subnets and prefixes.',
  spec: ExternalPeeringSpec,
  status: ObjectStatus,
  printerColumns: [
    { name: 'VPC', type: 'string', jsonPath: '.spec.vpc' },
    { name: 'External', type: 'string', jsonPath: '.spec.external' },

    ...ACCEPTED_COLUMNS,
  ],
};
