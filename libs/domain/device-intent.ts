/**
 * The compiled, vendor-neutral desired state of one device. The compiler produces it; the
 * renderers (SONiC CONFIG_DB, FRR, VyOS) turn it into device files. Every list is sorted by
 * the compiler, so renderers can emit it in order and stay deterministic.
 */
export type DeviceRole = 'spine' | 'leaf' | 'border';
export type DeviceOs = 'sonic' | 'vyos' | 'frr';

export interface DeviceIntent {
  readonly name: string;
  readonly role: DeviceRole;
  readonly os: DeviceOs;
  readonly description?: string;
  /** BGP AS number of the device */
  readonly asn: number;
  /** router id, also the VTEP source address */
  readonly routerId: string;
  /** system MAC (SONiC DEVICE_METADATA.mac) */
  readonly mac: string;
  /** fabric MTU for routed and server ports */
  readonly mtu: number;
  /** `routerId/32` */
  readonly loopback: string;
  readonly ports: readonly PortIntent[];
  readonly portChannels: readonly PortChannelIntent[];
  readonly vlans: readonly VlanIntent[];
  readonly vrfs: readonly VrfIntent[];
  /** present when the device terminates VXLAN (leaves and borders with EVPN VPCs) */
  readonly vtep?: VtepIntent;
  /** the anycast gateway MAC, set when any SVI uses it */
  readonly anycastGatewayMac?: string;
  readonly bgp: BgpIntent;
  /** extra configuration from ConfigTemplates, already rendered and checked */
  readonly templates: readonly TemplateOutput[];
  /** ingress packet filters on server-facing ports (peering permits); absent or empty: none */
  readonly acls?: readonly AclIntent[];
  /** cage breakout modes the wiring sets; absent or empty: the platform's */
  readonly breakouts?: readonly BreakoutIntent[];
  /** 802.1Q sub-interfaces of routed ports (external attachments on a VLAN); absent or empty: none */
  readonly subInterfaces?: readonly SubInterfaceIntent[];
  /** EVPN multihoming timers, present when a PortChannel is an Ethernet segment */
  readonly evpnMultihoming?: EvpnMultihomingIntent;
}

/**
 * A routed 802.1Q sub-interface of a port: each renderer names it its own way (SONiC `Eth0.100`,
 * VyOS `eth1 vif 100`, Linux `eth1.100`). The parent port is in `ports`, with no address.
 */
export interface SubInterfaceIntent {
  /** the parent port */
  readonly port: string;
  readonly vlan: number;
  readonly description: string;
  /** `a.b.c.d/len` */
  readonly addresses: readonly string[];
  readonly vrf: string;
}

/** zebra's `evpn mh` globals (SONiC EVPN_MH_GLOBAL). */
export interface EvpnMultihomingIntent {
  /** seconds an ES stays down after a restart, until the fabric's routes are learnt */
  readonly startupDelay: number;
  /** seconds a MAC / neighbour learnt only from a peer leaf is kept after it withdraws it */
  readonly macHoldtime: number;
  readonly neighHoldtime: number;
}

/** An ESI-LAG's Ethernet segment on one of its leaves. */
export interface EthernetSegmentIntent {
  /** type-0 ESI, ten bytes `00:..` */
  readonly esi: string;
  /** designated-forwarder preference (higher wins), when the wiring prefers a leaf */
  readonly dfPreference?: number;
}

/**
 * An ingress filter bound to server-facing ports: packets from a VPC's servers may reach its own
 * subnets, and of what the VPC's routes lead to outside it (peered VPCs, Externals) only the
 * permitted pairs. A route filter alone cannot stop one-way packets (ADR 7).
 */
export interface AclIntent {
  /** SONiC ACL_TABLE name, `WEFT_VRF<n>` */
  readonly name: string;
  readonly description: string;
  /** ports and PortChannels the filter is bound to (ingress) */
  readonly ports: readonly string[];
  /** IPv4 rules, first match wins; a packet no rule matches passes */
  readonly rules: readonly AclRuleIntent[];
  /**
   * Set on the inbound filter of an external attachment: the port (and VLAN) whose arriving
   * packets it filters. SONiC binds the table to the port and matches the VLAN in each rule;
   * VyOS binds a firewall rule set to the interface.
   */
  readonly inbound?: { readonly port: string; readonly vlan?: number };
}

export interface AclRuleIntent {
  readonly name: string;
  readonly action: 'forward' | 'drop';
  /** source prefix, `a.b.c.d/len`; absent: any */
  readonly source?: string;
  /** destination prefix; absent: any */
  readonly destination?: string;
  /** absent: any IP protocol */
  readonly protocol?: 'tcp' | 'udp' | 'icmp';
  /** tcp and udp: the destination port range */
  readonly destinationPorts?: { readonly from: number; readonly to: number };
  /** the 802.1Q tag the packet arrived with (a sub-interface's filter bound to its port) */
  readonly vlan?: number;
}

export type PortKind = 'fabric' | 'server' | 'trunk' | 'external';

export interface PortIntent {
  readonly name: string;
  readonly kind: PortKind;
  readonly description: string;
  readonly mtu: number;
  /** routed addresses, `a.b.c.d/len` (numbered fabric links, external links) */
  readonly addresses: readonly string[];
  /** a routed port with no address of its own (IPv6 link-local, BGP unnumbered) */
  readonly unnumbered: boolean;
  /** VRF of a routed port, when not the default */
  readonly vrf?: string;
  /** the port at the other end, `device/port` */
  readonly peer?: string;
  /** set when the port is a member of a LAG */
  readonly portChannel?: string;
  /** what the wiring sets of the port's hardware (Switch spec.portSettings); absent: the platform's */
  readonly hardware?: PortHardware;
}

/** A port's hardware settings as the wiring gives them; each one left out stays the platform's. */
export interface PortHardware {
  /** Mb/s */
  readonly speed?: number;
  readonly fec?: 'rs' | 'fc' | 'none' | 'auto';
  readonly autoNegotiation?: boolean;
}

/** A cage's breakout mode (SONiC BREAKOUT_CFG), on the cage's first port. */
export interface BreakoutIntent {
  readonly port: string;
  /** such as `4x25G` */
  readonly mode: string;
}

export interface PortChannelIntent {
  /** `PortChannel<N>` */
  readonly name: string;
  readonly description: string;
  readonly mtu: number;
  readonly members: readonly string[];
  /** LACP fallback: forwards on one member before the server speaks LACP */
  readonly fallback?: boolean;
  /** the LACP system MAC the PortChannel presents (the same on every leaf of an ESI-LAG) */
  readonly systemMac?: string;
  /** set when the PortChannel is one leaf's side of an ESI-LAG */
  readonly ethernetSegment?: EthernetSegmentIntent;
}

export interface VlanMember {
  /** a port or a PortChannel name */
  readonly interface: string;
  readonly tagged: boolean;
}

export interface VlanOwner {
  /** `namespace/name` of the VPC */
  readonly vpc: string;
  /** absent for the transit VLAN of an L3VNI */
  readonly subnet?: string;
}

export interface VlanIntent {
  readonly id: number;
  /** `Vlan<id>` */
  readonly name: string;
  readonly description: string;
  /** MTU of the VLAN and its SVI; default: the device MTU */
  readonly mtu?: number;
  readonly members: readonly VlanMember[];
  /** the L2VNI (or, for a transit VLAN, the L3VNI) it maps to */
  readonly vni?: number;
  readonly svi?: SviIntent;
  readonly owner: VlanOwner;
}

export interface SviIntent {
  readonly vrf: string;
  /** the gateway, `a.b.c.d/len`; absent for an L3VNI transit VLAN */
  readonly address?: string;
  /** the same gateway address and MAC on every leaf */
  readonly anycastGateway: boolean;
  /** DHCP range of the subnet, for the server side to know */
  readonly dhcp?: { readonly start: string; readonly end: string };
  /** DHCP relay on the SVI (SONiC DHCPV4_RELAY) */
  readonly dhcpRelay?: DhcpRelayIntent;
}

export interface DhcpRelayIntent {
  readonly servers: readonly string[];
  /**
   * Weft's own service: giaddr from Loopback0 (unique per leaf, unlike an anycast gateway) with the
   * subnet in the link-selection sub-option, the VRF name in sub-option 151, and server-id override
   */
  readonly weft: boolean;
}

export interface VrfOwner {
  /** `namespace/name` of the VPC or External */
  readonly vpc?: string;
  readonly external?: string;
}

export interface VrfIntent {
  /** `Vrf<id>` (SONiC: `Vrf[a-zA-Z0-9_-]+`, at most 15 characters) */
  readonly name: string;
  /** kernel routing table id */
  readonly tableId: number;
  readonly description: string;
  readonly owner: VrfOwner;
  /** the L3VNI, for evpn-l3vni VPCs and Externals */
  readonly l3vni?: number;
  /** the transit VLAN carrying the L3VNI (SONiC needs one) */
  readonly transitVlan?: number;
  /** route distinguisher, `routerId:n` */
  readonly rd: string;
  readonly routeTargets: { readonly import: readonly string[]; readonly export: readonly string[] };
  /** routes leaked from other VRFs of this device (VPC peering), filtered by prefix */
  readonly leaks: readonly VrfLeak[];
  /** BGP neighbours inside the VRF (external peers on a border) */
  readonly neighbors: readonly ExternalNeighborIntent[];
  /**
   * Static routes of the VPC whose next hops are on a subnet with its gateway here; with an
   * L3VNI they are also redistributed into the VRF's BGP (type-5 routes for the other leaves).
   */
  readonly staticRoutes?: readonly StaticRouteIntent[];
  /** unnumbered BGP sessions with servers of host BGP subnets (ports routed in this VRF) */
  readonly hostNeighbors?: readonly HostNeighborIntent[];
}

/** A server peering over IPv6 link-local on a routed port, announcing its own prefixes. */
export interface HostNeighborIntent {
  /** the local port */
  readonly interface: string;
  readonly description: string;
  /** the subnet the server's prefixes must be inside, `a.b.c.d/len` */
  readonly prefix: string;
  /** the shortest prefix accepted (`ge`) */
  readonly minPrefixLen: number;
  /** the session is cut when the server announces more */
  readonly maxPrefixes: number;
  /** a stable base name for its prefix list */
  readonly policyName: string;
}

export interface StaticRouteIntent {
  /** `a.b.c.d/len` */
  readonly prefix: string;
  /** host addresses on a connected subnet of the VRF, sorted */
  readonly nextHops: readonly string[];
}

export interface VrfLeak {
  readonly fromVrf: string;
  /** the prefixes of the other VRF that may enter this one (matched exactly, unless orLonger) */
  readonly prefixes: readonly string[];
  /** each prefix also matches its longer prefixes (routes from outside, e.g. 0.0.0.0/0 = all) */
  readonly orLonger?: boolean;
  /** a stable name for the prefix list / route map of this leak */
  readonly policyName: string;
}

export interface ExternalNeighborIntent {
  readonly address: string;
  readonly asn: number;
  readonly description: string;
  /** the local port facing the peer */
  readonly port: string;
  /** prefixes accepted from the peer; each also matches its longer prefixes (le 32) */
  readonly prefixesIn: readonly string[];
  /** prefixes announced to the peer, matched exactly */
  readonly prefixesOut: readonly string[];
  /** a stable base name for its prefix lists and route maps */
  readonly policyName: string;
  /** only routes carrying this standard community (`asn:value`) are accepted */
  readonly communityIn?: string;
  /** stamped (added) on every route announced to the peer */
  readonly communityOut?: string;
}

export interface VtepIntent {
  /** `vtep1` */
  readonly name: string;
  /** `nvo1` */
  readonly nvo: string;
  readonly sourceIp: string;
}

export interface BgpNeighborIntent {
  /** for unnumbered sessions: the local port */
  readonly interface?: string;
  /** for numbered sessions: the peer address */
  readonly address?: string;
  readonly remoteAs: number | 'external';
  readonly description: string;
  /** activate the l2vpn evpn address family */
  readonly evpn: boolean;
}

export interface L2VniIntent {
  readonly vni: number;
  readonly vlan: number;
  readonly rd: string;
  readonly routeTargets: { readonly import: readonly string[]; readonly export: readonly string[] };
}

export interface BgpIntent {
  readonly asn: number;
  readonly routerId: string;
  readonly neighbors: readonly BgpNeighborIntent[];
  /** prefixes announced in the default VRF (the loopback) */
  readonly networks: readonly string[];
  /** l2vpn evpn address family present */
  readonly evpn: boolean;
  /** `advertise-all-vni` (VTEPs only) */
  readonly advertiseAllVni: boolean;
  readonly l2vnis: readonly L2VniIntent[];
  readonly maximumPaths: number;
}

export interface TemplateOutput {
  /** the ConfigTemplate that produced it */
  readonly template: string;
  readonly target: 'configdb' | 'frr' | 'vyos';
  /** text for frr and vyos; JSON text of CONFIG_DB tables for configdb */
  readonly text: string;
}
