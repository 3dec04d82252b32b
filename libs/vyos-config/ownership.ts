/**
 * Which parts of a VyOS router's configuration Weft owns. Owning a node means owning everything
 * under it: the agent deletes there what Weft does not want, and leaves everything else on the
 * router alone. The rules follow what `libs/render-vyos` writes, as narrowly as it writes it:
 *
 * - objects Weft names and creates whole: VRFs `Vrf<N>`, their L3VNI devices `vxlan<N>` and
 *   `br<N>`, prefix lists and route maps called `weft-...`;
 * - single settings: `system host-name`, the loopback's addresses, the global BGP instance's
 *   `system-as`, router id, best-path rule, networks, ECMP width, EVPN switches and VNIs;
 * - on the ethernet ports Weft uses, exactly the leaves it writes (address, description, mtu,
 *   vrf), never the port itself (its hw-id, speed, offloads and vifs are not Weft's);
 * - the fabric BGP neighbours it configures (named in the desired state, or by a port Weft uses);
 * - an ethernet port's membership in a Weft VRF, on any port: a port left in a VRF that Weft
 *   removes would make the commit fail.
 *
 * Deterministic: the same desired state and options give the same rules.
 */
import { WEFT_POLICY_PREFIX } from '#render-vyos';
import { compareNatural } from '#domain';
import type { ConfigTree, Path } from './tree.js';

export type WordMatcher =
  | { readonly kind: 'word'; readonly word: string }
  | { readonly kind: 'prefix'; readonly prefix: string }
  | { readonly kind: 'pattern'; readonly label: string; readonly pattern: RegExp }
  | { readonly kind: 'one-of'; readonly words: readonly string[]; readonly set: ReadonlySet<string> }
  | { readonly kind: 'any' };

export interface OwnershipRule {
  readonly path: readonly WordMatcher[];
  /** why Weft owns it, for people reading a plan or the docs */
  readonly why: string;
}

function matches(matcher: WordMatcher, word: string): boolean {
  switch (matcher.kind) {
    case 'word':
      return word === matcher.word;
    case 'prefix':
      return word.length > matcher.prefix.length && word.startsWith(matcher.prefix);
    case 'pattern':
      return matcher.pattern.test(word);
    case 'one-of':
      return matcher.set.has(word);
    case 'any':
      return true;
  }
}

function show(matcher: WordMatcher): string {
  switch (matcher.kind) {
    case 'word':
      return matcher.word;
    case 'prefix':
      return `${matcher.prefix}*`;
    case 'pattern':
      return matcher.label;
    case 'one-of': {
      const list = matcher.words.join(',');
      return matcher.words.length === 1 ? list : `{${list}}`;
    }
    case 'any':
      return '*';
  }
}

/** The word of `path` at `index`, for a rule no longer than the path. */
function wordAt(path: Path, index: number): string {
  // Stryker disable next-line StringLiteral: equivalent, ruleFor matches only rules no longer than the path
  return path[index] ?? '';
}

export class Ownership {
  constructor(readonly rules: readonly OwnershipRule[]) {}

  /** The rule owning `path` (the node or one of its ancestors), if any. */
  ruleFor(path: Path): OwnershipRule | undefined {
    return this.rules.find((rule) => rule.path.length <= path.length && rule.path.every((matcher, index) => matches(matcher, wordAt(path, index))));
  }

  owns(path: Path): boolean {
    return this.ruleFor(path) !== undefined;
  }

  /** The rules as path patterns, one per line: `interfaces ethernet {eth0,eth3} mtu`. */
  describe(): string[] {
    return this.rules.map((rule) => rule.path.map(show).join(' '));
  }
}

const word = (text: string): WordMatcher => ({ kind: 'word', word: text });
const words = (text: string): WordMatcher[] => text.split(' ').map(word);
const oneOf = (list: readonly string[]): WordMatcher => {
  const set = new Set(list);
  return { kind: 'one-of', words: [...set].sort(compareNatural), set };
};

/** Names Weft gives: `Vrf<id>` (compiler), `vxlan<vni>` and `br<vni>` (renderer; a VNI is never 0). */
export const WEFT_VRF = /^Vrf[0-9]+$/;
/** Weft's rules in `firewall ipv4 forward filter` (render-vyos firewall.ts). */
export const WEFT_FORWARD_RULE = /^10[0-9]{3}$/;
const WEFT_VXLAN = /^vxlan[1-9][0-9]*$/;
const WEFT_BRIDGE = /^br[1-9][0-9]*$/;

/** The leaves Weft writes on an ethernet port. */
export const WEFT_ETHERNET_LEAVES: readonly string[] = ['address', 'description', 'mtu', 'vrf'];

export interface OwnershipOptions {
  /**
   * Ethernet ports Weft manages even when the desired state does not mention them (a port Weft
   * stopped using keeps its old address and description unless it is listed here).
   */
  readonly ports?: readonly string[];
}

function childNames(tree: ConfigTree, path: Path): string[] {
  return [...(tree.get(path)?.children.keys() ?? [])];
}

/** The ownership rules for a router whose desired configuration is `desired`. */
export function weftOwnership(desired: ConfigTree, options: OwnershipOptions = {}): Ownership {
  const ports = [...childNames(desired, ['interfaces', 'ethernet']), ...(options.ports ?? [])];
  const neighbors = [...childNames(desired, ['protocols', 'bgp', 'neighbor']), ...ports];
  const rules: OwnershipRule[] = [
    { path: words('system host-name'), why: 'Weft names the router after its Switch' },
    { path: words('interfaces loopback lo address'), why: 'the loopback carries the router id and VTEP address Weft allocates' },
    { path: [...words('interfaces ethernet'), oneOf(ports), oneOf(WEFT_ETHERNET_LEAVES)], why: 'the leaves Weft writes on the ports it uses' },
    { path: [...words('interfaces ethernet'), { kind: 'any' }, word('vrf'), { kind: 'pattern', label: 'Vrf<N>', pattern: WEFT_VRF }], why: "a port's membership in a Weft VRF" },
    { path: [...words('interfaces vxlan'), { kind: 'pattern', label: 'vxlan<N>', pattern: WEFT_VXLAN }], why: 'L3VNI devices of Weft VRFs' },
    { path: [...words('interfaces bridge'), { kind: 'pattern', label: 'br<N>', pattern: WEFT_BRIDGE }], why: 'L3VNI bridges of Weft VRFs' },
    { path: [...words('vrf name'), { kind: 'pattern', label: 'Vrf<N>', pattern: WEFT_VRF }], why: 'VRFs Weft allocates, with their BGP instances' },
    { path: [...words('policy prefix-list'), { kind: 'prefix', prefix: WEFT_POLICY_PREFIX }], why: 'Weft names its prefix lists weft-*' },
    { path: [...words('policy community-list'), { kind: 'prefix', prefix: WEFT_POLICY_PREFIX }], why: 'Weft names its community lists weft-*' },
    { path: [...words('policy route-map'), { kind: 'prefix', prefix: WEFT_POLICY_PREFIX }], why: 'Weft names its route maps weft-*' },
    { path: [...words('interfaces ethernet'), { kind: 'any' }, word('vif'), { kind: 'any' }, word('vrf'), { kind: 'pattern', label: 'Vrf<N>', pattern: WEFT_VRF }], why: "a VLAN sub-interface's membership in a Weft VRF" },
    { path: [...words('firewall ipv4 name'), { kind: 'prefix', prefix: WEFT_POLICY_PREFIX }], why: 'inbound filters of external attachments, named weft-*' },
    { path: [...words('firewall ipv4 forward filter rule'), { kind: 'pattern', label: '10000-10999', pattern: WEFT_FORWARD_RULE }], why: 'the jumps to those filters, numbered 10000-10999' },
    { path: words('protocols bgp system-as'), why: "the fabric's ASN for this router" },
    { path: words('protocols bgp parameters router-id'), why: 'the router id Weft allocates' },
    { path: words('protocols bgp parameters bestpath as-path multipath-relax'), why: 'ECMP across the spines' },
    { path: words('protocols bgp address-family ipv4-unicast network'), why: 'the loopback Weft announces' },
    { path: words('protocols bgp address-family ipv4-unicast maximum-paths ebgp'), why: 'ECMP across the spines' },
    { path: words('protocols bgp address-family l2vpn-evpn advertise-all-vni'), why: 'the EVPN overlay' },
    { path: words('protocols bgp address-family l2vpn-evpn vni'), why: 'L2VNIs of the EVPN overlay' },
  ];
  // the vifs Weft renders (external attachments on a VLAN); an operator's other vifs stay theirs
  for (const port of childNames(desired, ['interfaces', 'ethernet'])) {
    const vifs = childNames(desired, ['interfaces', 'ethernet', port, 'vif']);
    if (vifs.length > 0) rules.push({ path: [...words('interfaces ethernet'), word(port), word('vif'), oneOf(vifs), oneOf(WEFT_ETHERNET_LEAVES)], why: 'VLAN sub-interfaces of external attachments' });
  }
  if (neighbors.length > 0) rules.push({ path: [...words('protocols bgp neighbor'), oneOf(neighbors)], why: 'fabric BGP sessions' });
  return new Ownership(rules);
}

/** Ownership of exactly these paths, for restoring what one change touched. */
export function ownershipOfPaths(paths: readonly Path[]): Ownership {
  return new Ownership(paths.map((path) => ({ path: path.map(word), why: 'touched by the change being undone' })));
}
