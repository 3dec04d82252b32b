/** What `weft inspect` answers: the intents joined with what each agent last reported. */

/** How far a switch's agent is: it runs its current generation, is behind, or never reported. */
export type AppliedState = 'Applied' | 'Behind' | 'NoReport';

export interface SwitchPresence {
  readonly switch: string;
  readonly role: string;
  /** the generation the switch should run */
  readonly generation?: number;
  readonly appliedGeneration?: number;
  readonly applied: AppliedState;
  readonly lastHeartbeat?: string;
  readonly lastError?: string;
}

export interface RemoteVtepView {
  readonly ip: string;
  /** the switch whose VTEP this is, when it is one of the fabric's */
  readonly switch?: string;
}

export interface VniView {
  readonly vni: number;
  readonly type: 'L2' | 'L3';
  /** `vpc/subnet` of an L2VNI */
  readonly subnet?: string;
  readonly vlan?: number;
  /** as the agent observed it; `Missing`: compiled for the switch, not on the device; `Unknown`: no report */
  readonly state: string;
  readonly remoteVteps: readonly RemoteVtepView[];
  readonly macs?: number;
}

export interface SessionView {
  /** the peer as FRR names it: an interface (unnumbered) or an address */
  readonly peer: string;
  /** the device or external peer at the other end, from the wiring */
  readonly neighbour?: string;
  readonly vrf: string;
  /** FRR's address family: `l2VpnEvpn`, `ipv4Unicast` */
  readonly family: string;
  readonly state: string;
  readonly prefixesReceived?: number;
  readonly uptime?: string;
}

export interface MacView {
  readonly mac: string;
  readonly vni: number;
  readonly subnet?: string;
  /** `local`: learnt on a port of this switch; `remote`: behind another VTEP */
  readonly type: string;
  readonly port?: string;
  readonly connection?: string;
  readonly server?: string;
  readonly remoteVtep?: string;
  /** the switch behind `remoteVtep` */
  readonly behind?: string;
}

export interface VpcOnSwitch extends SwitchPresence {
  readonly vrf?: string;
  readonly vnis: readonly VniView[];
  readonly sessions: readonly SessionView[];
  readonly macs: readonly MacView[];
  /** MACs the agent left out of its report (it reports a bounded list) */
  readonly macsOmitted?: number;
}

export interface VpcInspection {
  readonly kind: 'vpc';
  readonly vpc: string;
  readonly vrf?: string;
  readonly l3vni?: number;
  readonly switches: readonly VpcOnSwitch[];
  /** what a person on call should look at first, one line each; empty when all is well */
  readonly problems: readonly string[];
}

export interface PortView {
  readonly name: string;
  readonly kind: string;
  /** `device/port` at the other end */
  readonly peer?: string;
  readonly portChannel?: string;
  readonly admin: string;
  readonly oper: string;
}

export interface SwitchInspection extends SwitchPresence {
  readonly kind: 'switch';
  readonly os: string;
  readonly vpcs: readonly { readonly vpc: string; readonly vrf?: string; readonly vnis: readonly VniView[] }[];
  readonly sessions: readonly SessionView[];
  readonly ports: readonly PortView[];
  readonly macsLocal: number;
  readonly macsRemote: number;
  readonly driftCount?: number;
  readonly problems: readonly string[];
}

export interface AttachmentView {
  readonly vpc: string;
  readonly subnet: string;
  readonly switch: string;
  readonly interface: string;
  readonly vlan: number;
  readonly vni?: number;
  readonly vniState?: string;
}

export interface ConnectionInspection {
  readonly kind: 'connection';
  readonly connection: string;
  readonly server?: string;
  readonly links: readonly (PortView & { readonly switch: string })[];
  readonly attachments: readonly AttachmentView[];
  /** MACs learnt on the connection's ports, and where the rest of the fabric sees them */
  readonly macs: readonly (MacView & { readonly switch: string; readonly seenOn: readonly string[] })[];
  readonly problems: readonly string[];
}

export interface ServerInspection {
  readonly kind: 'server';
  readonly server: string;
  readonly connections: readonly ConnectionInspection[];
  readonly problems: readonly string[];
}

export type Inspection = VpcInspection | SwitchInspection | ConnectionInspection | ServerInspection;
