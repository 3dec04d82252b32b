/**
 * Externals and their attachments, checked (ADR 102-104): BGP or static Externals, several
 * attachments on one border port on their own VLANs, and an inbound ACL per attachment.
 */
import {
  DIAGNOSTIC_CODES as C,
  compareText,
  error,
  formatPrefix,
  isUsableHost,
  keyOf,
  parseCidr,
  parseIpv4,
  prefixContains,
  prefixesOverlap,
  type Diagnostic,
  type DiagnosticCode,
  type External,
  type ExternalAttachment,
  type Ipv4Prefix,
  warning,
} from '#domain';
import type { ExternalLinkInfo, FabricIndex } from './fabric.js';

export interface ExternalAclRuleInfo {
  readonly action: 'permit' | 'deny';
  /** absent: any IP protocol */
  readonly protocol?: 'tcp' | 'udp' | 'icmp';
  /** network prefixes; absent: any */
  readonly source?: string;
  readonly destination?: string;
  /** tcp and udp only */
  readonly destinationPorts?: { readonly from: number; readonly to: number };
}

export interface ExternalAclInfo {
  readonly rules: readonly ExternalAclRuleInfo[];
  readonly defaultAction: 'permit' | 'deny';
}

/** One ExternalAttachment as it lands on its border: the port, its VLAN, address and peer. */
export interface ExternalAttachInfo extends ExternalLinkInfo {
  /** `namespace/name` of the ExternalAttachment */
  readonly attachment: string;
  /** the 802.1Q tag of its sub-interface; absent: the port itself, untagged */
  readonly vlan?: number;
  readonly acl?: ExternalAclInfo;
  /** the attachment sets its own spec.peer (a static External must not) */
  readonly ownPeer?: true;
}

export interface StaticExternalInfo {
  readonly prefixes: readonly string[];
  readonly nextHop: string;
}

export interface ExternalInfo {
  readonly key: string;
  readonly external: External;
  /** what the External may announce (BGP), or what is behind its next hop (static) */
  readonly prefixes: readonly string[];
  readonly links: readonly ExternalAttachInfo[];
  /** set for a static External: no BGP session, routes to prefixes through nextHop */
  readonly static?: StaticExternalInfo;
}

const MAX_VLAN = 4094;

function networkPrefix(text: string): Ipv4Prefix | undefined {
  const parsed = parseCidr(text);
  return parsed !== undefined && parsed.address === parsed.prefix.network ? parsed.prefix : undefined;
}

function checkAclPrefix(text: string | undefined, field: string, out: Diagnostic[]): string | undefined {
  if (text === undefined || text === 'any') return undefined;
  const prefix = networkPrefix(text);
  if (prefix === undefined) {
    const parsed = parseCidr(text);
    out.push(error(C.EXTERNAL_ACL, field, `${JSON.stringify(text)} is neither "any" nor a network prefix${parsed ? `; did you mean ${formatPrefix(parsed.prefix)}?` : ''}`));
    return undefined;
  }
  return formatPrefix(prefix);
}

function checkAcl(acl: NonNullable<ExternalAttachment['spec']['inboundACL']>, path: (f: string) => string, out: Diagnostic[]): ExternalAclInfo {
  const rules: ExternalAclRuleInfo[] = [];
  acl.rules.forEach((rule, i) => {
    const field = (f: string): string => path(`spec.inboundACL.rules[${i}].${f}`);
    const source = checkAclPrefix(rule.source, field('source'), out);
    const destination = checkAclPrefix(rule.destination, field('destination'), out);
    const protocol = rule.protocol === undefined || rule.protocol === 'ip' ? undefined : rule.protocol;
    let destinationPorts: ExternalAclRuleInfo['destinationPorts'];
    if (rule.destinationPorts !== undefined) {
      const from = rule.destinationPorts.from;
      const to = rule.destinationPorts.to ?? from;
      if (protocol !== 'tcp' && protocol !== 'udp') {
        out.push(error(C.EXTERNAL_ACL, field('destinationPorts'), `ports apply to tcp and udp only; the rule's protocol is ${protocol ?? 'ip'}`, 'set protocol: tcp or protocol: udp'));
      } else if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 1 && to <= 65535 && from <= to)) {
        out.push(error(C.EXTERNAL_ACL, field('destinationPorts'), `${from}-${to} is not a port range: from <= to, each 1-65535`));
      } else destinationPorts = { from, to };
    }
    rules.push({
      action: rule.action,
      ...(protocol === undefined ? {} : { protocol }),
      ...(source === undefined ? {} : { source }),
      ...(destination === undefined ? {} : { destination }),
      ...(destinationPorts === undefined ? {} : { destinationPorts }),
    });
  });
  return { rules, defaultAction: acl.defaultAction ?? 'deny' };
}

/** The attachment's own checks; `undefined` with diagnostics when it cannot be used. */
function checkAttachment(a: ExternalAttachment, externals: ReadonlySet<string>, fabric: FabricIndex): { info?: ExternalAttachInfo; diagnostics: Diagnostic[] } {
  const key = keyOf(a);
  const namespace = a.metadata.namespace ?? 'default';
  const path = (f: string): string => `ExternalAttachment ${key} ${f}`;
  const out: Diagnostic[] = [];
  if (!externals.has(`${namespace}/${a.spec.external}`)) out.push(error(C.UNKNOWN_EXTERNAL, path('spec.external'), `no External ${namespace}/${a.spec.external}`));
  const connection = fabric.connections.get(a.spec.connection);
  const link = fabric.externalLinks.get(a.spec.connection);
  if (connection === undefined) out.push(error(C.UNKNOWN_CONNECTION, path('spec.connection'), `no Connection named ${JSON.stringify(a.spec.connection)}`));
  else if (connection.spec.external === undefined) out.push(error(C.ATTACH_CONNECTION_TYPE, path('spec.connection'), `Connection ${a.spec.connection} is not an external connection`));
  const vlan = a.spec.vlan;
  if (vlan !== undefined && !(Number.isInteger(vlan) && vlan >= 1 && vlan <= MAX_VLAN)) {
    out.push(error(C.EXTERNAL_VLAN, path('spec.vlan'), `${vlan} is not a VLAN id: 1-${MAX_VLAN}`));
  }
  let address = link?.address;
  if (a.spec.address !== undefined) {
    const parsed = parseCidr(a.spec.address);
    if (parsed === undefined || !isUsableHost(parsed.prefix, parsed.address)) {
      out.push(error(C.EXTERNAL_ADDRESS, path('spec.address'), `${JSON.stringify(a.spec.address)} is not a host address with its prefix length, such as 192.0.2.1/30`));
    } else address = a.spec.address;
  }
  const peerIp = a.spec.peer?.ip ?? link?.peerIp;
  const peerAsn = a.spec.peer?.asn ?? link?.peerAsn;
  if (a.spec.peer !== undefined && address !== undefined) {
    const own = parseCidr(address);
    const peer = parseIpv4(a.spec.peer.ip);
    if (own !== undefined && (peer === undefined || !prefixContains(own.prefix, peer) || peer === own.address)) {
      out.push(error(C.EXTERNAL_ADDRESS, path('spec.peer.ip'), `${a.spec.peer.ip} is not another host of ${address}, the border's address on this attachment`));
    }
  }
  const acl = a.spec.inboundACL === undefined ? undefined : checkAcl(a.spec.inboundACL, path, out);
  const warnings: Diagnostic[] = [];
  if (acl !== undefined && link !== undefined && fabric.switches.get(link.switch)?.spec.os === 'frr') {
    warnings.push(
      warning(C.EXTERNAL_ACL, path('spec.inboundACL'), `${link.switch} is an FRR node: frr.conf has no packet filters, so this ACL is not applied there`, 'use a SONiC or VyOS border for filtered attachments'),
    );
  }
  if (out.length > 0) return { diagnostics: [...out, ...warnings] };
  if (link === undefined || address === undefined || peerIp === undefined || peerAsn === undefined) return { diagnostics: warnings };
  return {
    info: {
      ...link,
      attachment: key,
      address,
      peerIp,
      peerAsn,
      ...(vlan === undefined ? {} : { vlan }),
      ...(acl === undefined ? {} : { acl }),
      ...(a.spec.peer === undefined ? {} : { ownPeer: true as const }),
    },
    diagnostics: warnings,
  };
}

/**
 * Every ExternalAttachment; then, per connection (one border port), the attachments must share
 * it cleanly: one untagged, or any number on distinct VLANs, with addresses that do not overlap.
 * The first attachment by name keeps the port; the later ones are named in the diagnostics.
 */
export function checkExternalAttachments(
  attachments: readonly ExternalAttachment[],
  externals: ReadonlySet<string>,
  fabric: FabricIndex,
): { valid: Map<string, ExternalAttachInfo>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const valid = new Map<string, ExternalAttachInfo>();
  const onPort = new Map<string, ExternalAttachInfo[]>();
  for (const a of [...attachments].sort((x, y) => compareText(keyOf(x), keyOf(y)))) {
    const checked = checkAttachment(a, externals, fabric);
    diagnostics.push(...checked.diagnostics);
    const info = checked.info;
    if (info === undefined) {
      // still say when it would also clash with the port's owner: fixing one mistake should not reveal the next
      const probe = probeOf(a, fabric);
      const clash = probe === undefined ? undefined : sharingProblem(probe, onPort.get(probe.connection) ?? []);
      if (clash !== undefined && clash.code !== C.EXTERNAL_ADDRESS) diagnostics.push(error(clash.code, `ExternalAttachment ${keyOf(a)} ${clash.field}`, clash.message, clash.hint));
      continue;
    }
    const path = (f: string): string => `ExternalAttachment ${info.attachment} ${f}`;
    const others = onPort.get(info.connection) ?? [];
    const clash = sharingProblem(info, others);
    if (clash !== undefined) {
      diagnostics.push(error(clash.code, path(clash.field), clash.message, clash.hint));
      continue;
    }
    onPort.set(info.connection, [...others, info]);
    valid.set(info.attachment, info);
  }
  return { valid, diagnostics };
}

/** Where an attachment with errors would sit on its port, when its connection and VLAN are usable. */
function probeOf(a: ExternalAttachment, fabric: FabricIndex): ExternalAttachInfo | undefined {
  const link = fabric.externalLinks.get(a.spec.connection);
  const vlan = a.spec.vlan;
  if (link === undefined || (vlan !== undefined && !(Number.isInteger(vlan) && vlan >= 1 && vlan <= MAX_VLAN))) return undefined;
  return { ...link, attachment: keyOf(a), ...(vlan === undefined ? {} : { vlan }) };
}

interface Clash {
  readonly code: DiagnosticCode;
  readonly field: string;
  readonly message: string;
  readonly hint?: string;
}

function sharingProblem(info: ExternalAttachInfo, others: readonly ExternalAttachInfo[]): Clash | undefined {
  const port = `Connection ${info.connection} (${info.switch}/${info.port})`;
  for (const other of others) {
    if (info.vlan === undefined && other.vlan === undefined) {
      return {
        code: C.DUPLICATE_ATTACHMENT,
        field: 'spec.connection',
        message: `Connection ${info.connection} is already attached by ExternalAttachment ${other.attachment}`,
        hint: 'to share the port, give each attachment its own spec.vlan (and spec.address)',
      };
    }
    if ((info.vlan === undefined) !== (other.vlan === undefined)) {
      const [untagged, tagged] = info.vlan === undefined ? ['this attachment', `ExternalAttachment ${other.attachment}`] : [`ExternalAttachment ${other.attachment}`, 'this one'];
      return {
        code: C.EXTERNAL_PORT_SHARED,
        field: 'spec.vlan',
        message: `${port} cannot carry untagged and tagged attachments together: ${untagged} is untagged, ${tagged} uses VLAN ${String(info.vlan ?? other.vlan)}`,
        hint: 'give every attachment on the port a spec.vlan',
      };
    }
    if (info.vlan === other.vlan) {
      return { code: C.EXTERNAL_PORT_SHARED, field: 'spec.vlan', message: `VLAN ${String(info.vlan)} on ${port} is already used by ExternalAttachment ${other.attachment}` };
    }
    const mine = parseCidr(info.address);
    const theirs = parseCidr(other.address);
    if (mine !== undefined && theirs !== undefined && prefixesOverlap(mine.prefix, theirs.prefix)) {
      return {
        code: C.EXTERNAL_ADDRESS,
        field: 'spec.address',
        message: `${info.address} overlaps ${other.address} of ExternalAttachment ${other.attachment} on ${port}; each VLAN needs its own subnet (set spec.address and spec.peer)`,
      };
    }
  }
  return undefined;
}

/** Checks one External on its own and with its valid attachments. */
export function checkExternal(e: External, attachments: readonly ExternalAttachInfo[]): { info?: ExternalInfo; diagnostics: Diagnostic[] } {
  const key = keyOf(e);
  const path = (f: string): string => `External ${key} ${f}`;
  const diagnostics: Diagnostic[] = [];
  const prefixes: string[] = [];
  (e.spec.prefixes ?? (e.spec.static === undefined ? ['0.0.0.0/0'] : [])).forEach((text, i) => {
    const parsed = parseCidr(text);
    if (parsed === undefined || parsed.address !== parsed.prefix.network) {
      diagnostics.push(error(C.BAD_CIDR, path(`spec.prefixes[${i}]`), `${JSON.stringify(text)} is not a network prefix${parsed ? `; did you mean ${formatPrefix(parsed.prefix)}?` : ''}`));
    } else prefixes.push(formatPrefix(parsed.prefix));
  });
  for (const field of ['inboundCommunity', 'outboundCommunity'] as const) {
    const value = e.spec[field];
    if (value === undefined) continue;
    const parts = value.split(':').map((part) => (/^[0-9]{1,5}$/.test(part) ? Number(part) : Number.NaN));
    if (parts.length !== 2 || parts.some((n) => !(n >= 0 && n <= 65535))) {
      diagnostics.push(error(C.COMMUNITY, path(`spec.${field}`), `${JSON.stringify(value)} is not a standard BGP community: ASN:value, each 0-65535, e.g. 65000:100`));
    }
  }
  const sorted = [...attachments].sort((x, y) => compareText(x.connection, y.connection) || (x.vlan ?? 0) - (y.vlan ?? 0));
  // a BGP session needs its peer on the attachment's subnet: one with its own address and the
  // Connection's peer may not have it; such an attachment is left out, the External stays
  const unreachable = e.spec.static === undefined ? sorted.filter((link) => !peerOnLink(link)) : [];
  const links = sorted.filter((link) => !unreachable.includes(link));
  const statics = e.spec.static === undefined ? undefined : checkStatic(e, links, diagnostics);
  const attachmentErrors = unreachable.map((link) =>
    error(C.EXTERNAL_ADDRESS, `ExternalAttachment ${link.attachment} spec.peer`, `the BGP peer ${link.peerIp} (from Connection ${link.connection}) is not on ${link.address}, this attachment's subnet`, 'set spec.peer: {ip, asn} of the router on this VLAN'),
  );
  if (diagnostics.length > 0) return { diagnostics: [...diagnostics, ...attachmentErrors] };
  return {
    info: {
      key,
      external: e,
      prefixes: [...new Set(statics?.prefixes ?? prefixes)].sort(compareText),
      links,
      ...(statics === undefined ? {} : { static: statics }),
    },
    diagnostics: attachmentErrors,
  };
}

function peerOnLink(link: ExternalAttachInfo): boolean {
  const own = parseCidr(link.address);
  const peer = parseIpv4(link.peerIp);
  return own !== undefined && peer !== undefined && prefixContains(own.prefix, peer) && peer !== own.address;
}

/** A static External: no BGP fields, prefixes that do not overlap, a next hop on one of its attachments. */
function checkStatic(e: External, links: readonly ExternalAttachInfo[], out: Diagnostic[]): StaticExternalInfo | undefined {
  const spec = e.spec.static;
  if (spec === undefined) return undefined;
  const key = keyOf(e);
  const path = (f: string): string => `External ${key} ${f}`;
  const before = out.length;
  for (const field of ['prefixes', 'inboundCommunity', 'outboundCommunity'] as const) {
    if (e.spec[field] !== undefined) out.push(error(C.STATIC_EXTERNAL, path(`spec.${field}`), `a static External has no BGP session; ${field} belongs to BGP Externals`, `remove spec.${field}, or spec.static`));
  }
  const prefixes: Ipv4Prefix[] = [];
  spec.prefixes.forEach((text, i) => {
    const prefix = networkPrefix(text);
    if (prefix === undefined) {
      out.push(error(C.STATIC_EXTERNAL, path(`spec.static.prefixes[${i}]`), `${JSON.stringify(text)} is not a network prefix`));
      return;
    }
    const overlapping = prefixes.find((p) => prefixesOverlap(p, prefix));
    if (overlapping !== undefined) out.push(error(C.STATIC_EXTERNAL, path(`spec.static.prefixes[${i}]`), `${text} overlaps ${formatPrefix(overlapping)}`));
    else prefixes.push(prefix);
  });
  const hop = parseIpv4(spec.nextHop);
  const onLink = links.filter((link) => {
    const own = parseCidr(link.address);
    return hop !== undefined && own !== undefined && prefixContains(own.prefix, hop) && hop !== own.address && isUsableHost(own.prefix, hop);
  });
  if (hop === undefined || (links.length > 0 && onLink.length === 0)) {
    const where = links.map((link) => `${link.address} (ExternalAttachment ${link.attachment})`).join(', ');
    out.push(error(C.STATIC_EXTERNAL, path('spec.static.nextHop'), `${spec.nextHop} is not another host on the subnet of any of its attachments: ${where}`));
  }
  for (const link of links) {
    if (link.ownPeer === true) out.push(error(C.STATIC_EXTERNAL, `ExternalAttachment ${link.attachment} spec.peer`, `External ${key} is static: there is no BGP peer to set`));
  }
  if (out.length > before) return undefined;
  return { prefixes: prefixes.map(formatPrefix).sort(compareText), nextHop: spec.nextHop };
}
