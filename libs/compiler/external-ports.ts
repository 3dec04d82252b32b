/**
 * What one ExternalAttachment puts on its border (ADR 102, 104): the routed port, or the port
 * and a VLAN sub-interface, and the inbound ACL.
 */
import { parseCidr, formatPrefix, type AclIntent, type AclRuleIntent, type PortIntent, type SubInterfaceIntent } from '#domain';
import type { ExternalAttachInfo } from './externals.js';

/** External ports keep the common Ethernet MTU: the outside router's is not ours to raise. */
export const EXTERNAL_MTU = 1500;

export interface AttachmentParts {
  readonly port: PortIntent;
  readonly subInterface?: SubInterfaceIntent;
  readonly acl?: AclIntent;
}

/** `WEFT_IN_<connection>[_<vlan>]`: SONiC ACL table names Weft owns start with WEFT_. */
export function inboundAclName(link: Pick<ExternalAttachInfo, 'connection' | 'vlan'>): string {
  return `WEFT_IN_${link.connection.toUpperCase().replace(/[^A-Z0-9]/g, '_')}${link.vlan === undefined ? '' : `_${link.vlan}`}`;
}

export function attachmentParts(link: ExternalAttachInfo, vrf: string, extKey: string): AttachmentParts {
  const description = `${extKey} ${link.connection}${link.vlan === undefined ? '' : ` VLAN ${link.vlan}`}`;
  const acl = link.acl === undefined ? undefined : inboundAcl(link, extKey);
  if (link.vlan === undefined) {
    return {
      port: { name: link.port, kind: 'external', description, mtu: EXTERNAL_MTU, addresses: [link.address], unnumbered: false, vrf },
      ...(acl === undefined ? {} : { acl }),
    };
  }
  return {
    // the parent carries only tagged frames: no address, no VRF
    port: { name: link.port, kind: 'external', description: `external connection ${link.connection}`, mtu: EXTERNAL_MTU, addresses: [], unnumbered: false },
    subInterface: { port: link.port, vlan: link.vlan, description, addresses: [link.address], vrf },
    ...(acl === undefined ? {} : { acl }),
  };
}

/**
 * The attachment's rules in order, after a built-in first rule that lets the outside router
 * reach the border itself (BGP, ping): a deny-all must not cut the session it is filtering.
 * Then the default action, as a last rule matching everything (on its VLAN).
 */
function inboundAcl(link: ExternalAttachInfo, extKey: string): AclIntent | undefined {
  const acl = link.acl;
  if (acl === undefined) return undefined;
  const vlan = link.vlan === undefined ? {} : { vlan: link.vlan };
  const own = parseCidr(link.address);
  const rules: AclRuleIntent[] = [];
  if (own !== undefined) rules.push({ name: 'PEER', action: 'forward', source: formatPrefix(own.prefix), destination: `${String(link.address.split('/')[0])}/32`, ...vlan });
  acl.rules.forEach((rule, i) => {
    rules.push({
      name: `RULE_${(i + 1) * 10}`,
      action: rule.action === 'permit' ? 'forward' : 'drop',
      ...(rule.source === undefined ? {} : { source: rule.source }),
      ...(rule.destination === undefined ? {} : { destination: rule.destination }),
      ...(rule.protocol === undefined ? {} : { protocol: rule.protocol }),
      ...(rule.destinationPorts === undefined ? {} : { destinationPorts: rule.destinationPorts }),
      ...vlan,
    });
  });
  rules.push({ name: 'DEFAULT', action: acl.defaultAction === 'permit' ? 'forward' : 'drop', ...vlan });
  return {
    name: inboundAclName(link),
    description: `inbound filter of ${link.attachment} (${extKey})`,
    ports: [link.port],
    rules,
    inbound: { port: link.port, ...vlan },
  };
}
