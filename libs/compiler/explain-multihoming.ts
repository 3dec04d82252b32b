/**
 * `weft explain` for multi-homing: how an ESI-LAG is built on each of its leaves (the Ethernet
 * segment, its ESI and LACP system MAC, the designated forwarder, the uplinks tracked), and how a
 * host BGP attachment is built (the routed port, its unnumbered session and its limits).
 */
import { compareNatural, type Diagnostic } from '#domain';
import type { CompileResult } from './compile.js';
import { EVPN_MH, PREFERRED_DF, vrfName } from './devices.js';
import type { ServerLinkInfo } from './fabric.js';
import type { AttachmentInfo } from './intents.js';

/** FRR's and SONiC's DF preference when none is set. */
const DEFAULT_DF = 32767;

export interface ConnectionExplanation {
  readonly connection: string;
  readonly type: string;
  readonly server?: string;
  readonly switches: readonly string[];
  /** how it is built, one sentence a line */
  readonly lines: readonly string[];
  /** the VPCAttachments that use it */
  readonly attachments: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
}

export function explainConnection(result: CompileResult, name: string): ConnectionExplanation | undefined {
  const { fabric, intents } = result.state;
  const connection = fabric.connections.get(name);
  if (connection === undefined) return undefined;
  const type = (['fabric', 'unbundled', 'bundled', 'eslag', 'external', 'trunk'] as const).find((t) => connection.spec[t] !== undefined) ?? 'unknown';
  const link = fabric.serverLinks.get(name);
  const attachments: AttachmentInfo[] = [];
  for (const list of intents.attachmentsByVpc.values()) for (const a of list) if (a.link.connection === name) attachments.push(a);
  attachments.sort((a, b) => compareNatural(a.key, b.key));
  const lines = link === undefined ? [] : [...serverLinkLines(result, link), ...attachments.flatMap((a) => (a.hostBgp ? hostBgpLines(result, a) : []))];
  return {
    connection: name,
    type,
    ...(link === undefined ? {} : { server: link.server }),
    switches: link === undefined ? switchesOf(result, name) : link.legs.map((l) => l.switch),
    lines,
    attachments: attachments.map((a) => `${a.key}: ${a.vpc}/${a.subnet}${a.hostBgp ? ' (host BGP)' : a.native ? ' (untagged)' : ' (tagged)'}`),
    // every diagnostic of a connection has a field after its name (`Connection NAME spec.eslag.mtu`)
    diagnostics: result.diagnostics.filter((d) => d.path.startsWith(`Connection ${name} `)),
  };
}

function switchesOf(result: CompileResult, connection: string): string[] {
  return [...result.state.fabric.connectionsBySwitch].filter(([, list]) => list.includes(connection)).map(([sw]) => sw).sort(compareNatural);
}

function portChannelOf(result: CompileResult, sw: string, connection: string): string | undefined {
  const n = result.state.numbers.get(sw)?.portChannels[connection];
  return n === undefined ? undefined : `PortChannel${n}`;
}

/** The legs of a server connection, and for an ESI-LAG its Ethernet segment. */
export function serverLinkLines(result: CompileResult, link: ServerLinkInfo): string[] {
  const legs = link.legs.map((leg) => {
    const pc = link.bundled ? portChannelOf(result, leg.switch, link.connection) : undefined;
    return `${leg.switch} ${leg.switchPorts.join('+')}${pc === undefined ? '' : ` in ${pc}`}`;
  });
  const segment = link.segment;
  if (segment === undefined) return [`${link.bundled ? 'LAG' : 'link'} of server ${link.server} on ${legs.join(', ')}`];
  const forwarder =
    segment.preferredForwarder === undefined
      ? `designated forwarder: elected per VLAN by the leaves (all at DF preference ${DEFAULT_DF})`
      : `designated forwarder: ${segment.preferredForwarder} while it is up (DF preference ${PREFERRED_DF}; the others ${DEFAULT_DF})`;
  const uplinks = link.legs.map((leg) => {
    const ports = result.devices.get(leg.switch)?.ports.filter((p) => p.kind === 'fabric').map((p) => p.name) ?? [];
    return `${leg.switch} ${ports.length === 0 ? '(none)' : ports.join('+')}`;
  });
  return [
    `ESI-LAG of server ${link.server} on ${link.legs.length} leaves: ${legs.join(', ')}`,
    `Ethernet segment ${segment.esi} (type 0, from the connection name), LACP system MAC ${segment.systemMac}: the same on every leaf, so the server sees one LACP partner`,
    forwarder,
    `uplinks tracked (evpn mh uplink): ${uplinks.join('; ')}; a leaf with none up takes its PortChannel down (protodown) and the server's traffic moves to the others`,
    `EVPN multihoming timers: startup delay ${EVPN_MH.startupDelay} s, MAC and neighbour hold ${EVPN_MH.macHoldtime} s`,
    'SONiC: PORTCHANNEL system_mac, EVPN_ETHERNET_SEGMENT (esi, TYPE_0_OPERATOR_CONFIGURED), EVPN_MH_GLOBAL; FRR: interface PortChannel evpn mh es-id / es-sys-mac',
  ];
}

/** How a host BGP attachment is built on its leaf. */
export function hostBgpLines(result: CompileResult, a: AttachmentInfo): string[] {
  const subnet = result.state.intents.vpcs.get(a.vpc)?.subnets.find((s) => s.name === a.subnet);
  const alloc = result.allocations.vpcs[a.vpc];
  // Stryker disable next-line ArrayDeclaration: equivalent, callers pass host BGP attachments only, checked against this VPC's subnets
  if (subnet?.hostBgp === undefined) return [];
  const vrf = alloc === undefined ? 'the VPC VRF (not allocated yet)' : vrfName(alloc.vrf);
  const port = `${a.link.switch}/${a.link.switchPorts.join('+')}`;
  const accepts = subnet.hostBgp.minPrefixLen === subnet.prefix.length ? `any prefix inside ${subnet.cidr}` : `prefixes inside ${subnet.cidr} of length /${subnet.hostBgp.minPrefixLen} or longer`;
  return [
    `host BGP ${a.vpc}/${a.subnet}: ${port} is routed in ${vrf} (no VLAN), unnumbered BGP over IPv6 link-local with server ${a.link.server} (any AS but the leaf's)`,
    `  accepts ${accepts}, at most ${subnet.hostBgp.maxPrefixes} (FRR cuts the session when a prefix arrives while more are held, and retries it after 5 minutes); sends the default route only`,
    '  the other leaves learn its prefixes as EVPN type-5 routes over the L3VNI',
  ];
}
