import { Type, type Static } from '@sinclair/typebox';
import { Asn, Ipv4Address, Ipv4Cidr, NAME_PATTERN, ObjectName, PortName, PortRef, type ResourceDefinition } from './common.js';

export const WIRING_GROUP = 'wiring.weft.dev';

export const SwitchRole = Type.Union([Type.Literal('spine'), Type.Literal('leaf'), Type.Literal('border')], {
  description: 'spine, leaf or border',
});
export const SwitchOs = Type.Union([Type.Literal('sonic'), Type.Literal('vyos'), Type.Literal('frr')], {
  description: 'sonic, vyos or frr',
});

export const SwitchManagement = Type.Object(
  {
    redis: Type.Optional(Type.String({ maxLength: 512, description: 'redis://host:port or unix:///path of CONFIG_DB' })),
    frr: Type.Optional(
      Type.Object(
        {
          vtysh: Type.Optional(Type.String({ maxLength: 512 })),
          configPath: Type.Optional(Type.String({ maxLength: 512 })),
        },
        { additionalProperties: false },
      ),
    ),
    ssh: Type.Optional(
      Type.Object(
        {
          host: Type.String({ minLength: 1, maxLength: 253 }),
          port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
          user: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          secretRef: Type.Optional(Type.String({ minLength: 1, maxLength: 253 })),
          hostKey: Type.Optional(Type.String({ maxLength: 4096 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false, description: 'how the agent of this switch reaches it' },
);

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
export const UnbundledLink = Type.Object(
  { server: PortRef, switch: PortRef },
  { additionalProperties: false, description: 'one server port on one switch port' },
);
export const BundledLinks = Type.Object(
  {
    server: ObjectName,
    links: Type.Array(
      Type.Object({ server: PortName, switch: PortRef }, { additionalProperties: false }),
      { minItems: 1, maxItems: 16 },
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
  printerColumns: [
    { name: 'Role', type: 'string', jsonPath: '.spec.role' },
    { name: 'OS', type: 'string', jsonPath: '.spec.os' },
    { name: 'ASN', type: 'integer', jsonPath: '.spec.asn' },
    { name: 'Router-ID', type: 'string', jsonPath: '.spec.routerId' },
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
  printerColumns: [
    { name: 'Tenant', type: 'string', jsonPath: '.spec.tenant' },
    { name: 'Description', type: 'string', jsonPath: '.spec.description' },
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
  printerColumns: [{ name: 'Description', type: 'string', jsonPath: '.spec.description' }],
};
