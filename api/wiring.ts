import { Type, type Static } from '@sinclair/typebox';
import { Asn, Condition, Ipv4Address, Ipv4Cidr, NAME_PATTERN, ObjectName, PortName, PortRef, type ResourceDefinition } from './common.js';
import { BgpNeighborStatus } from './agent.js';
import { ACCEPTED_COLUMNS, ObjectStatus } from './vpc.js';
import { SwitchManagement } from './management.js';
import { PortSetting } from './ports.js';

export { SwitchManagement } from './management.js';
export { PORT_SPEEDS, PortFec, PortSetting, PortSpeed } from './ports.js';

export const WIRING_GROUP = 'wiring.weft.dev';

export const SwitchRole = Type.Union([Type.Literal('spine'), Type.Literal('leaf'), Type.Literal('border')], {
  description: 'spine, leaf or border',
});
export const SwitchOs = Type.Union([Type.Literal('sonic'), Type.Literal('vyos'), Type.Literal('frr')], {
  description: 'sonic, vyos or frr',
});



export const SwitchSpec = Type.Object(
  {
    role: SwitchRole,
    os: SwitchOs,
    description: Type.Optional(Type.String({ maxLength: 256 })),
    asn: Type.Optional(Asn),
    routerId: Type.Optional(Ipv4Address),
    ports: Type.Optional(Type.Array(PortName, { maxItems: 1024, uniqueItems: true })),
    mac: Type.Optional(
      Type.String({ pattern: '^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$', description: 'a MAC address such as 52:54:00:12:34:56' }),
    ),
    management: Type.Optional(SwitchManagement),
    portSettings: Type.Optional(
      Type.Array(PortSetting, { maxItems: 1024, description: 'speed, FEC, auto-negotiation and breakout per port (SONiC switches)' }),
    ),
  },
  { additionalProperties: false },
);
export type SwitchSpec = Static<typeof SwitchSpec>;

export const ServerSpec = Type.Object(
  {
    description: Type.Optional(Type.String({ maxLength: 256 })),
    tenant: Type.Optional(
      Type.String({
        pattern: NAME_PATTERN,
        maxLength: 63,
        description: 'the tenant this server belongs to, assigned by the architecture team; only that tenant attaches it to its VPCs',
      }),
    ),
  },
  { additionalProperties: false },
);
export type ServerSpec = Static<typeof ServerSpec>;

export const FabricLink = Type.Object(
  { spine: PortRef, leaf: PortRef },
  { additionalProperties: false, description: 'a routed link between a spine and a leaf or border' },
);
/** The MTU of the switch side of a server link. */
const ServerLinkMtu = Type.Integer({
  minimum: 1280,
  maximum: 9116,
  description: "MTU of the switch ports facing the server; at most the fabric MTU less 100 bytes (VXLAN's room), which is the default",
});

export const UnbundledLink = Type.Object(
  { server: PortRef, switch: PortRef, mtu: Type.Optional(ServerLinkMtu) },
  { additionalProperties: false, description: 'one server port on one switch port' },
);
export const BundledLinks = Type.Object(
  {
    server: ObjectName,
    links: Type.Array(
      Type.Object({ server: PortName, switch: PortRef }, { additionalProperties: false }),
      { minItems: 1, maxItems: 16 },
    ),
    mtu: Type.Optional(ServerLinkMtu),
    fallback: Type.Optional(
      Type.Boolean({ description: 'LACP fallback: the bundle forwards on one link until the server speaks LACP (PXE boot, installers)' }),
    ),
  },
  { additionalProperties: false, description: 'a LAG from one server to one switch' },
);
export const ExternalLink = Type.Object(
  {
    switch: PortRef,
    address: Ipv4Cidr,
    peer: Type.Object({ ip: Ipv4Address, asn: Asn }, { additionalProperties: false }),
  },
  { additionalProperties: false, description: 'a border port facing an outside BGP router' },
);
export const TrunkLink = Type.Object(
  { links: Type.Array(PortRef, { minItems: 2, maxItems: 2 }) },
  { additionalProperties: false, description: 'an L2 link between two switches, for vlan-isolated VPCs' },
);

export const ConnectionSpec = Type.Object(
  {
    description: Type.Optional(Type.String({ maxLength: 256 })),
    fabric: Type.Optional(FabricLink),
    unbundled: Type.Optional(UnbundledLink),
    bundled: Type.Optional(BundledLinks),
    external: Type.Optional(ExternalLink),
    trunk: Type.Optional(TrunkLink),
  },
  { additionalProperties: false, description: 'exactly one of fabric, unbundled, bundled, external, trunk' },
);
export type ConnectionSpec = Static<typeof ConnectionSpec>;
export const CONNECTION_TYPES = ['fabric', 'unbundled', 'bundled', 'external', 'trunk'] as const;
export type ConnectionType = (typeof CONNECTION_TYPES)[number];

/** What the service reports for a switch: the generation its agent should run and what it applied. */
export const SwitchStatus = Type.Object({
  observedGeneration: Type.Optional(Type.Integer()),
  generation: Type.Optional(Type.Integer({ description: 'the desired generation of its Agent' })),
  appliedGeneration: Type.Optional(Type.Integer()),
  lastHeartbeat: Type.Optional(Type.String()),
  lastError: Type.Optional(Type.String()),
  bgpNeighbors: Type.Optional(Type.Array(BgpNeighborStatus)),
  remoteVteps: Type.Optional(Type.Array(Type.Object({ ip: Type.String(), vnis: Type.Optional(Type.Array(Type.Integer())) }))),
  conditions: Type.Optional(Type.Array(Condition)),
});

export const SWITCH: ResourceDefinition = {
  group: WIRING_GROUP,
  version: 'v1alpha1',
  kind: 'Switch',
  plural: 'switches',
  singular: 'switch',
  shortNames: ['sw'],
  scope: 'Cluster',
  description: 'A fabric switch or border node, and how its agent reaches it.',
  spec: SwitchSpec,
  status: SwitchStatus,
  printerColumns: [
    { name: 'Role', type: 'string', jsonPath: '.spec.role' },
    { name: 'OS', type: 'string', jsonPath: '.spec.os' },
    { name: 'ASN', type: 'integer', jsonPath: '.spec.asn' },
    { name: 'Router-ID', type: 'string', jsonPath: '.spec.routerId' },
    { name: 'Generation', type: 'integer', jsonPath: '.status.generation' },
    { name: 'Applied', type: 'integer', jsonPath: '.status.appliedGeneration' },
    ...ACCEPTED_COLUMNS,
  ],
};

export const SERVER: ResourceDefinition = {
  group: WIRING_GROUP,
  version: 'v1alpha1',
  kind: 'Server',
  plural: 'servers',
  singular: 'server',
  shortNames: ['srv'],
  scope: 'Cluster',
  description: 'A host attached to the fabric.',
  spec: ServerSpec,
  status: ObjectStatus,
  printerColumns: [
    { name: 'Tenant', type: 'string', jsonPath: '.spec.tenant' },
    { name: 'Description', type: 'string', jsonPath: '.spec.description' },
    ...ACCEPTED_COLUMNS,
  ],
};

export const CONNECTION: ResourceDefinition = {
  group: WIRING_GROUP,
  version: 'v1alpha1',
  kind: 'Connection',
  plural: 'connections',
  singular: 'connection',
  shortNames: ['conn'],
  scope: 'Cluster',
  description: 'A cable (or a bundle of cables) between two devices.',
  spec: ConnectionSpec,
  status: ObjectStatus,
  printerColumns: [{ name: 'Description', type: 'string', jsonPath: '.spec.description' }, ...ACCEPTED_COLUMNS],
};
