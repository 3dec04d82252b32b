/**
 * The Linux side of one emulated SONiC switch: what CONFIG_DB asks for (desired), what the
 * kernel has (observed), and the operations between them. Namespaces are named, never entered
 * here: the adapter runs the operations.
 */

export type LinkKind = 'port' | 'bridge' | 'vxlan' | 'sublink';

export interface DesiredLink {
  readonly name: string;
  readonly netns: string;
  readonly kind: LinkKind;
  readonly up: boolean;
  readonly mtu?: number;
  /** a bridge's MAC (the SVI's) */
  readonly mac?: string;
  /** the bridge it is a port of */
  readonly master?: string;
  /** `ip/len`, for ports and bridges */
  readonly addresses: readonly string[];
  readonly vxlan?: { readonly vni: number; readonly local: string };
}

/** One VLAN on a tagged link: a veth pair of its own, since this kernel has no 802.1Q. */
export interface SubLinkEnd {
  readonly node: string;
  readonly netns: string;
  readonly name: string;
}

export interface SubLinkPair {
  /** this switch's end, in the namespace of the VLAN's bridge */
  readonly a: SubLinkEnd;
  /** the far end, in the far node's own namespace (its shim, if a switch, places it) */
  readonly b: SubLinkEnd;
  readonly mtu: number;
}

export interface DesiredVrf {
  readonly vrf: string;
  readonly netns: string;
}

export interface DesiredState {
  readonly vrfs: readonly DesiredVrf[];
  readonly links: readonly DesiredLink[];
  /** addresses on `lo` of the switch namespace (Loopback0) */
  readonly loopback: readonly string[];
  /** nftables ruleset per namespace (the ACLs of the ports there); a namespace left out has none */
  readonly acls: ReadonlyMap<string, string>;
  /** the tagged links this switch wants, each with the far end */
  readonly subLinks: readonly SubLinkPair[];
  /** CONFIG_DB entries the shim cannot turn into devices, with the reason */
  readonly problems: readonly string[];
  /**
   * No controller has configured the switch yet (DEVICE_METADATA has no bgp_asn): VRF namespaces
   * the lab made ahead (see `weft lab up`) are kept until CONFIG_DB says what it wants
   */
  readonly unconfigured?: boolean;
}

export interface ObservedLink {
  readonly name: string;
  readonly netns: string;
  readonly kind: 'veth' | 'bridge' | 'vxlan' | 'other';
  readonly up: boolean;
  /** the link has carrier (its veth peer is up) */
  readonly carrier: boolean;
  readonly mtu: number;
  readonly mac: string;
  readonly master?: string;
  readonly addresses: readonly string[];
  readonly vxlan?: { readonly vni: number; readonly local: string };
  /** bridge-port learning, when the link is a bridge port */
  readonly learning?: boolean;
}

export interface ObservedState {
  /** the VRF namespaces of this switch that exist */
  readonly vrfs: readonly DesiredVrf[];
  readonly links: readonly ObservedLink[];
  readonly loopback: readonly string[];
  /** namespaces that have the lab's ACL table, with its ruleset as last applied */
  readonly acls: ReadonlyMap<string, string>;
}

export type ShimOp =
  | { readonly op: 'vrf-add'; readonly vrf: string; readonly netns: string }
  | { readonly op: 'vrf-del'; readonly vrf: string; readonly netns: string }
  | { readonly op: 'bridge-add'; readonly netns: string; readonly name: string }
  /** created in `underlay` (its UDP socket stays there), then moved to `netns` */
  | { readonly op: 'vxlan-add'; readonly underlay: string; readonly netns: string; readonly name: string; readonly vni: number; readonly local: string }
  | { readonly op: 'veth-add'; readonly pair: SubLinkPair }
  | { readonly op: 'link-move'; readonly name: string; readonly from: string; readonly to: string }
  | { readonly op: 'link-del'; readonly netns: string; readonly name: string }
  | {
      readonly op: 'link-set';
      readonly netns: string;
      readonly name: string;
      readonly mtu?: number;
      readonly mac?: string;
      /** null: leave its bridge */
      readonly master?: string | null;
      readonly learning?: boolean;
      readonly up?: boolean;
    }
  | { readonly op: 'addr-add' | 'addr-del'; readonly netns: string; readonly name: string; readonly address: string }
  | { readonly op: 'acl-set'; readonly netns: string; readonly ruleset: string }
  | { readonly op: 'acl-del'; readonly netns: string };

/** How an operation reads in a log line. */
export function describeOp(op: ShimOp): string {
  switch (op.op) {
    case 'vrf-add':
    case 'vrf-del':
      return `${op.op} ${op.vrf} (${op.netns})`;
    case 'bridge-add':
      return `bridge-add ${op.netns}/${op.name}`;
    case 'vxlan-add':
      return `vxlan-add ${op.netns}/${op.name} vni ${op.vni} local ${op.local}`;
    case 'veth-add':
      return `veth-add ${op.pair.a.netns}/${op.pair.a.name} <-> ${op.pair.b.netns}/${op.pair.b.name}`;
    case 'link-move':
      return `link-move ${op.name} ${op.from} -> ${op.to}`;
    case 'link-del':
      return `link-del ${op.netns}/${op.name}`;
    case 'link-set': {
      const parts = [
        op.mtu === undefined ? '' : `mtu ${op.mtu}`,
        op.mac === undefined ? '' : `address ${op.mac}`,
        op.master === undefined ? '' : op.master === null ? 'nomaster' : `master ${op.master}`,
        op.learning === undefined ? '' : `learning ${op.learning ? 'on' : 'off'}`,
        op.up === undefined ? '' : op.up ? 'up' : 'down',
      ].filter((p) => p !== '');
      return `link-set ${op.netns}/${op.name} ${parts.join(' ')}`;
    }
    case 'addr-add':
    case 'addr-del':
      return `${op.op} ${op.netns}/${op.name} ${op.address}`;
    case 'acl-set':
      return `acl-set ${op.netns}`;
    case 'acl-del':
      return `acl-del ${op.netns}`;
  }
}
