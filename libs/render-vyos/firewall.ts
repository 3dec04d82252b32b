/**
 * Inbound filters of external attachments (ADR 104) as VyOS firewall rule sets: one named set
 * `weft-in-...` per attachment, first match wins, and a rule in the forward filter that jumps to
 * it for packets arriving on the attachment's interface. VyOS 1.4+ binds filters there, not on
 * the interface. Weft's jump rules are numbered from FIRST_RULE; the operator's stay below.
 */
import type { AclIntent, AclRuleIntent, DeviceIntent } from '#domain';
import { VyosRenderError } from './errors.js';
import { assertAddressWord, assertEthernetName, assertInteger, assertPolicyName } from './identifiers.js';
import { sortedBy, type VyosScript } from './script.js';

/** Weft's jump rules in `firewall ipv4 forward filter`: 10000-10999. */
export const FIRST_FORWARD_RULE = 10000;
const LAST_FORWARD_RULE = 10999;
const RULE_STEP = 10;

/** `WEFT_IN_EXT1_100` -> `weft-in-ext1-100`. */
export function firewallName(acl: AclIntent): string {
  const rest = acl.name.replace(/^WEFT_/, '').toLowerCase().replace(/_/g, '-');
  return assertPolicyName(`weft-${rest}`);
}

function interfaceOf(inbound: NonNullable<AclIntent['inbound']>): string {
  const port = assertEthernetName(inbound.port);
  return inbound.vlan === undefined ? port : `${port}.${assertInteger('VLAN id', inbound.vlan, 1, 4094)}`;
}

function renderRule(script: VyosScript, base: readonly string[], rule: AclRuleIntent): void {
  script.set([...base, 'action'], rule.action === 'forward' ? 'accept' : 'drop');
  script.set([...base, 'description'], rule.name);
  if (rule.source !== undefined) script.set([...base, 'source', 'address'], assertAddressWord(rule.source));
  if (rule.destination !== undefined) script.set([...base, 'destination', 'address'], assertAddressWord(rule.destination));
  if (rule.protocol !== undefined) script.set([...base, 'protocol'], rule.protocol);
  const ports = rule.destinationPorts;
  if (ports !== undefined) {
    const from = assertInteger('port', ports.from, 1, 65535);
    const to = assertInteger('port', ports.to, from, 65535);
    script.set([...base, 'destination', 'port'], from === to ? String(from) : `${from}-${to}`);
  }
}

export function renderInboundFilters(script: VyosScript, device: DeviceIntent): void {
  const filters = sortedBy((device.acls ?? []).filter((acl) => acl.inbound !== undefined), (acl) => acl.name);
  if (filters.length === 0) return;
  if (filters.length * RULE_STEP > LAST_FORWARD_RULE - FIRST_FORWARD_RULE + 1) throw new VyosRenderError(`${device.name} has ${filters.length} inbound filters; Weft numbers at most 100`);
  script.section('inbound filters of external attachments');
  filters.forEach((acl, index) => {
    const inbound = acl.inbound;
    if (inbound === undefined) return;
    const name = firewallName(acl);
    const set = ['firewall', 'ipv4', 'name', name];
    // a packet no rule matches passes, as in SONiC; the attachment's default is its last rule
    script.set([...set, 'default-action'], 'accept');
    script.describe(set, acl.description);
    acl.rules.forEach((rule, i) => { renderRule(script, [...set, 'rule', String((i + 1) * RULE_STEP)], rule); });
    const jump = ['firewall', 'ipv4', 'forward', 'filter', 'rule', String(FIRST_FORWARD_RULE + index * RULE_STEP)];
    script.set([...jump, 'action'], 'jump');
    script.set([...jump, 'jump-target'], name);
    script.set([...jump, 'inbound-interface', 'name'], interfaceOf(inbound));
  });
}
