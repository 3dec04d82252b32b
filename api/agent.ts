import { Type, type Static } from '@sinclair/typebox';
import { Asn, Condition, type ResourceDefinition } from './common.js';
import { SwitchManagement } from './management.js';
import { PortSetting } from './ports.js';

export const AGENT_GROUP = 'agent.weft.dev';

/** Free-form JSON kept as is (CONFIG_DB tables). Marked for the CRD generator. */
const FreeForm = (description: string) =>
  Type.Record(Type.String(), Type.Unknown(), { description, 'x-kubernetes-preserve-unknown-fields': true });

export const AgentSpec = Type.Object(
  {
    switch: Type.String({ maxLength: 63 }),
    generation: Type.Integer({ minimum: 0, description: 'increases with every change of the desired state' }),
    role: Type.Optional(Type.String()),
    os: Type.Optional(Type.String()),
    configDb: Type.Optional(FreeForm('SONiC CONFIG_DB tables, as config_db.json')),
    frr: Type.Optional(Type.String({ description: 'frr.conf' })),
    vyos: Type.Optional(Type.String({ description: 'VyOS set commands' })),
    owned: Type.Optional(FreeForm('what Weft owns on this device, for minimal deletes')),
    management: Type.Optional(SwitchManagement),
    portSettings: Type.Optional(
      Type.Array(PortSetting, { maxItems: 1024, description: "the switch's port hardware settings: the platform fields its agent writes over the platform's" }),
    ),
  },
  { additionalProperties: false },
);
export type AgentSpec = Static<typeof AgentSpec>;

export const BgpNeighborStatus = Type.Object({
  peer: Type.String(),
  vrf: Type.Optional(Type.String()),
  remoteAs: Type.Optional(Asn),
  state: Type.String(),
  prefixesReceived: Type.Optional(Type.Integer()),
  uptime: Type.Optional(Type.String()),
  families: Type.Optional(
    Type.Array(
      Type.Object({
        family: Type.String({ description: 'FRR\'s address family name: ipv4Unicast, l2VpnEvpn, ...' }),
        state: Type.String(),
        prefixesReceived: Type.Optional(Type.Integer()),
      }),
      { maxItems: 16, description: 'the session per address family (EVPN routes travel in l2VpnEvpn)' },
    ),
  ),
});

/** A VNI this device terminates, as zebra sees it (`show evpn vni detail json`). */
export const VniStatus = Type.Object({
  vni: Type.Integer(),
  type: Type.String({ description: 'L2 or L3' }),
  vrf: Type.Optional(Type.String()),
  state: Type.String({ description: 'Up when zebra has the VXLAN device and its bridge up (L3: its own state; L2: its VXLAN device is known)' }),
  vxlanInterface: Type.Optional(Type.String()),
  sviInterface: Type.Optional(Type.String()),
  localVtep: Type.Optional(Type.String()),
  remoteVteps: Type.Optional(Type.Array(Type.String(), { maxItems: 1024 })),
  macs: Type.Optional(Type.Integer({ minimum: 0, description: 'MACs zebra knows in the VNI' })),
});

/** One MAC address in an L2VNI's EVPN table (`show evpn mac vni all json`). */
export const EvpnMacStatus = Type.Object({
  mac: Type.String(),
  vni: Type.Integer(),
  type: Type.String({ description: 'local (learnt on a port of this device) or remote (behind another VTEP)' }),
  interface: Type.Optional(Type.String({ description: 'local: the port it was learnt on' })),
  remoteVtep: Type.Optional(Type.String({ description: 'remote: the VTEP it is behind' })),
});

export const AgentStatus = Type.Object({
  appliedGeneration: Type.Optional(Type.Integer()),
  lastHeartbeat: Type.Optional(Type.String()),
  lastAppliedTime: Type.Optional(Type.String()),
  lastError: Type.Optional(Type.String()),
  conditions: Type.Optional(Type.Array(Condition)),
  bgpNeighbors: Type.Optional(Type.Array(BgpNeighborStatus)),
  remoteVteps: Type.Optional(Type.Array(Type.Object({ ip: Type.String(), vnis: Type.Optional(Type.Array(Type.Integer())) }))),
  ports: Type.Optional(Type.Array(Type.Object({ name: Type.String(), admin: Type.String(), oper: Type.String() }))),
  vnis: Type.Optional(Type.Array(VniStatus, { maxItems: 4096, description: 'the VNIs this device terminates, as observed' })),
  evpnMacs: Type.Optional(Type.Array(EvpnMacStatus, { maxItems: 2048, description: 'MACs in the L2VNIs, local ones first (bounded: see evpnMacsOmitted)' })),
  evpnMacsOmitted: Type.Optional(Type.Integer({ minimum: 0, description: 'MACs left out of evpnMacs to keep the report bounded' })),
  drift: Type.Optional(
    Type.Array(
      Type.Object({
        key: Type.String({ description: 'what was changed on the device by hand, e.g. a CONFIG_DB key `VLAN|Vlan1000` or a VyOS path' }),
        change: Type.Union([Type.Literal('modified'), Type.Literal('deleted'), Type.Literal('added')]),
        detectedAt: Type.String({ format: 'date-time' }),
        repaired: Type.Boolean({ description: 'the agent restored the desired state' }),
      }),
      { description: 'the latest drift events, newest first (bounded)' },
    ),
  ),
  driftCount: Type.Optional(Type.Integer({ minimum: 0, description: 'drift events since the agent started' })),
});
export type AgentStatus = Static<typeof AgentStatus>;

export const AGENT: ResourceDefinition = {
  group: AGENT_GROUP,
  version: 'v1alpha1',
  kind: 'Agent',
  plural: 'agents',
  singular: 'agent',
  shortNames: ['ag'],
  scope: 'Namespaced',
  description: 'The compiled desired state of one switch, and what its agent reports back.',
  spec: AgentSpec,
  status: AgentStatus,
  printerColumns: [
    { name: 'Generation', type: 'integer', jsonPath: '.spec.generation' },
    { name: 'Applied', type: 'integer', jsonPath: '.status.appliedGeneration' },
    { name: 'Heartbeat', type: 'date', jsonPath: '.status.lastHeartbeat' },
    { name: 'Error', type: 'string', jsonPath: '.status.lastError', priority: 1 },
  ],
};
