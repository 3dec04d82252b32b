/**
 * Names the lab gives to what it creates. Every network namespace starts with the lab's prefix,
 * so two labs (or a lab and a test) never collide; Linux limits interface names to 15 bytes.
 */

/** IFNAMSIZ - 1 */
export const MAX_INTERFACE_NAME = 15;

/**
 * A reference `device/port` (or `vpc/subnet`) as its two halves; the schemas let only such
 * references through to the lab.
 */
export function splitRef(ref: string): readonly [string, string] {
  const slash = ref.indexOf('/');
  return [ref.slice(0, slash), ref.slice(slash + 1)];
}

/** The namespace of a switch, server or outside peer. */
export function nodeNetns(prefix: string, node: string): string {
  return `${prefix}${node}`;
}

/**
 * The namespace of one VRF of a switch. `@` cannot appear in a Kubernetes object name, so the
 * name never collides with a node's (`weft-leaf1@Vrf1`). Inside the switch's FRR mount namespace
 * the same namespace is `/var/run/netns/<vrf>`, where zebra's netns VRF backend finds it.
 */
export function vrfNetns(prefix: string, sw: string, vrf: string): string {
  return `${prefix}${sw}@${vrf}`;
}

/** The switch and VRF of a VRF namespace of this lab, or undefined for any other name. */
export function parseVrfNetns(prefix: string, name: string): { switch: string; vrf: string } | undefined {
  if (!name.startsWith(prefix)) return undefined;
  const rest = name.slice(prefix.length);
  const at = rest.lastIndexOf('@');
  if (at <= 0 || at === rest.length - 1) return undefined;
  return { switch: rest.slice(0, at), vrf: rest.slice(at + 1) };
}

/** Short forms SONiC itself uses for sub-interfaces when the long name does not fit. */
const SHORT_FORMS: readonly (readonly [RegExp, string])[] = [
  [/^Ethernet/, 'Eth'],
  [/^PortChannel/, 'Po'],
];

/**
 * One VLAN of a tagged link: `Ethernet60.1000`, or `Eth124.1000` / `Po1.1000` when the long
 * form is over 15 bytes (SONiC's short sub-interface naming).
 */
export function subLinkName(port: string, vlan: number): string {
  const long = `${port}.${vlan}`;
  if (long.length <= MAX_INTERFACE_NAME) return long;
  for (const [pattern, short] of SHORT_FORMS) {
    const name = `${port.replace(pattern, short)}.${vlan}`;
    if (pattern.test(port) && name.length <= MAX_INTERFACE_NAME) return name;
  }
  throw new Error(`no interface name of at most ${MAX_INTERFACE_NAME} bytes for VLAN ${vlan} on ${port}`);
}

/** The lab's end, in VRF `from`, of the link that carries leaked routes to VRF `to`. */
export function leakLinkName(to: string): string {
  const name = `lk-${to}`;
  if (name.length > MAX_INTERFACE_NAME) throw new Error(`VRF name ${to} is too long for a leak link (at most ${MAX_INTERFACE_NAME - 3} bytes)`);
  return name;
}

/** The kernel routing protocol number the lab marks its leaked routes with (`proto 250`). */
export const LEAK_ROUTE_PROTOCOL = 250;

/**
 * The namespace where Weft's DHCP service answers one VRF (`weft dhcp --netns`): `_` cannot appear
 * in a Kubernetes object name, so no switch's VRF namespace is ever named so.
 */
export function dhcpServiceNetns(prefix: string, vrf: string): string {
  return `${prefix}_dhcp@${vrf}`;
}

/** The `--netns` template of `weft dhcp` for the lab's service namespaces. */
export function dhcpServiceNetnsTemplate(prefix: string): string {
  return dhcpServiceNetns(prefix, '{vrf}');
}

/** The bridge in a DHCP service namespace that the relays' legs join and Kea listens on. */
export const DHCP_SERVICE_BRIDGE = 'svc';

/** A relay's leg from a VRF namespace to the DHCP service namespace of that VRF. */
export const DHCP_RELAY_LEG = 'dhcp0';
