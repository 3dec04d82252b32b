import { Type, type Static } from '@sinclair/typebox';
import { Asn, Ipv4Cidr, Labels, ObjectName, type ResourceDefinition } from './common.js';
import { ACCEPTED_COLUMNS, IsolationMethod, ObjectStatus } from './vpc.js';

export const POLICY_GROUP = 'policy.weft.dev';

export const NumberRange = Type.Object(
  { start: Type.Integer({ minimum: 0 }), end: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false },
);
export type NumberRange = Static<typeof NumberRange>;

export const IsolationRule = Type.Object(
  {
    name: Type.Optional(ObjectName),
    match: Type.Object(
      {
        tenants: Type.Optional(Type.Array(ObjectName, { maxItems: 1024 })),
        labels: Type.Optional(Labels),
      },
      { additionalProperties: false },
    ),
    method: IsolationMethod,
  },
  { additionalProperties: false },
);
export type IsolationRule = Static<typeof IsolationRule>;

export const FabricPolicySpec = Type.Object(
  {
    isolation: Type.Optional(
      Type.Object(
        {
          default: Type.Optional(IsolationMethod),
          rules: Type.Optional(Type.Array(IsolationRule, { maxItems: 256 })),
        },
        { additionalProperties: false },
      ),
    ),
    pools: Type.Optional(
      Type.Object(
        {
          vlan: Type.Optional(NumberRange),
          vni: Type.Optional(NumberRange),
          vrf: Type.Optional(NumberRange),
          reserved: Type.Optional(
            Type.Object(
              {
                vlan: Type.Optional(Type.Array(NumberRange, { maxItems: 256 })),
                vni: Type.Optional(Type.Array(NumberRange, { maxItems: 256 })),
              },
              { additionalProperties: false },
            ),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    underlay: Type.Optional(
      Type.Object(
        {
          asn: Type.Optional(
            Type.Object(
              { spine: Type.Optional(Asn), leafStart: Type.Optional(Asn), borderStart: Type.Optional(Asn) },
              { additionalProperties: false },
            ),
          ),
          loopbacks: Type.Optional(Ipv4Cidr),
          links: Type.Optional(
            Type.String({ maxLength: 18, description: '"unnumbered" or an IPv4 prefix to cut /31 links from' }),
          ),
          mtu: Type.Optional(Type.Integer({ minimum: 1600, maximum: 9216, description: 'fabric MTU; server-facing ports get 100 bytes less, room for VXLAN' })),
        },
        { additionalProperties: false },
      ),
    ),
    routeTargetAsn: Type.Optional(Asn),
    dhcp: Type.Optional(
      Type.Object(
        {
          servers: Type.Optional({
            ...Ipv4Cidr,
            description: "where Weft's DHCP service listens: VRF n relays to the n-th address of this prefix (default 100.127.0.0/16)",
          }),
        },
        { additionalProperties: false },
      ),
    ),
    anycastGatewayMac: Type.Optional(
      Type.String({ pattern: '^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$', description: 'a MAC address such as 00:00:5e:00:01:01' }),
    ),
    limits: Type.Optional(
      Type.Object(
        {
          vpcsPerTenant: Type.Optional(Type.Integer({ minimum: 0 })),
          subnetsPerVpc: Type.Optional(Type.Integer({ minimum: 1, maximum: 256 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type FabricPolicySpec = Static<typeof FabricPolicySpec>;

export const TemplateTarget = Type.Union([Type.Literal('configdb'), Type.Literal('frr'), Type.Literal('vyos')], {
  description: 'configdb, frr or vyos',
});
export type TemplateTarget = Static<typeof TemplateTarget>;

export const ConfigTemplateSpec = Type.Object(
  {
    description: Type.Optional(Type.String({ maxLength: 256 })),
    target: TemplateTarget,
    selector: Type.Optional(
      Type.Object(
        {
          roles: Type.Optional(Type.Array(Type.String(), { maxItems: 3 })),
          os: Type.Optional(Type.Array(Type.String(), { maxItems: 3 })),
          labels: Type.Optional(Labels),
          names: Type.Optional(Type.Array(ObjectName, { maxItems: 4096 })),
        },
        { additionalProperties: false },
      ),
    ),
    variables: Type.Optional(Type.Record(Type.String({ maxLength: 63 }), Type.String({ maxLength: 4096 }))),
    template: Type.String({ minLength: 1, maxLength: 65536, description: 'a Handlebars template (strict mode)' }),
  },
  { additionalProperties: false },
);
export type ConfigTemplateSpec = Static<typeof ConfigTemplateSpec>;

export const FABRIC_POLICY: ResourceDefinition = {
  group: POLICY_GROUP,
  version: 'v1alpha1',
  kind: 'FabricPolicy',
  plural: 'fabricpolicies',
  singular: 'fabricpolicy',
  shortNames: ['fp'],
  scope: 'Cluster',
  description: 'How the fabric builds isolation, which number pools it uses and what limits apply.',
  spec: FabricPolicySpec,
  status: ObjectStatus,
  printerColumns: [{ name: 'Default', type: 'string', jsonPath: '.spec.isolation.default' }, ...ACCEPTED_COLUMNS],
};

export const CONFIG_TEMPLATE: ResourceDefinition = {
  group: POLICY_GROUP,
  version: 'v1alpha1',
  kind: 'ConfigTemplate',
  plural: 'configtemplates',
  singular: 'configtemplate',
  shortNames: ['ct'],
  scope: 'Cluster',
  description: 'Extra device configuration (syslog, NTP, banners...) bound to switches by selector.',
  spec: ConfigTemplateSpec,
  status: ObjectStatus,
  printerColumns: [{ name: 'Target', type: 'string', jsonPath: '.spec.target' }, ...ACCEPTED_COLUMNS],
};
