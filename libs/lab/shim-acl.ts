/**
 * SONiC L3 ingress ACLs as nftables rules. In the bridge family's prerouting hook a rule sees
 * every frame entering from a bound port, bridged or about to be routed, as a switch ASIC's
 * ingress ACL does. Rules run highest PRIORITY first; the first match decides (accept or drop),
 * and a packet no rule matches passes, as in SONiC.
 */
import { compareText, parseCidr } from '#domain';
import type { RedisHash } from './shim-config-db.js';

export interface AclTable {
  readonly name: string;
  /** bound ports (PortChannels already resolved to their members) */
  readonly ports: readonly string[];
  readonly rules: readonly { readonly name: string; readonly fields: RedisHash }[];
}

/** The nftables table the lab keeps its ACLs in, in each namespace that needs one. */
export const NFT_TABLE = 'weft_acl';

/** Match fields the emulation understands; a rule with any other is skipped (and reported). */
const KNOWN_FIELDS = new Set(['PRIORITY', 'PACKET_ACTION', 'SRC_IP', 'DST_IP', 'IP_PROTOCOL', 'IP_TYPE']);

function prefix(text: string): string | undefined {
  const parsed = parseCidr(text);
  return parsed === undefined ? undefined : text;
}

/** `ip saddr ... ip daddr ...` for one rule, or a reason it cannot be emulated. */
function ruleMatch(table: string, rule: { name: string; fields: RedisHash }): { match: string; action: 'accept' | 'drop'; priority: number } | { problem: string } {
  const where = `ACL_RULE|${table}|${rule.name}`;
  const unknown = Object.keys(rule.fields).filter((f) => !KNOWN_FIELDS.has(f));
  if (unknown.length > 0) return { problem: `${where}: ${unknown.join(', ')} not emulated; the rule is left out` };
  const action = rule.fields.PACKET_ACTION?.toUpperCase();
  if (action !== 'FORWARD' && action !== 'DROP') return { problem: `${where}: PACKET_ACTION ${rule.fields.PACKET_ACTION ?? '(none)'} not emulated; the rule is left out` };
  const priority = Number(rule.fields.PRIORITY);
  if (!Number.isInteger(priority) || priority < 0) return { problem: `${where}: PRIORITY must be a whole number; the rule is left out` };
  const ipType = rule.fields.IP_TYPE?.toUpperCase();
  if (ipType !== undefined && !['IP', 'IPV4', 'IPV4ANY', 'ANY'].includes(ipType)) return { problem: `${where}: IP_TYPE ${ipType} not emulated; the rule is left out` };
  const parts = ['meta protocol ip'];
  for (const [field, keyword] of [
    ['SRC_IP', 'saddr'],
    ['DST_IP', 'daddr'],
  ] as const) {
    const text = rule.fields[field];
    if (text === undefined) continue;
    const value = prefix(text);
    if (value === undefined) return { problem: `${where}: ${field} ${text} is not an IPv4 prefix; the rule is left out` };
    parts.push(`ip ${keyword} ${value}`);
  }
  const protocol = rule.fields.IP_PROTOCOL;
  if (protocol !== undefined) {
    if (!/^[0-9]{1,3}$/.test(protocol) || Number(protocol) > 255) return { problem: `${where}: IP_PROTOCOL ${protocol} is not 0..255; the rule is left out` };
    parts.push(`ip protocol ${protocol}`);
  }
  return { match: parts.join(' '), action: action === 'FORWARD' ? 'accept' : 'drop', priority };
}

function quoted(name: string): string {
  return `"${name.replace(/[^A-Za-z0-9_.:|-]/g, '_')}"`;
}

/**
 * One nftables ruleset (a whole `table bridge weft_acl`) for the ACL tables bound to ports in one
 * namespace; applying it replaces the previous one atomically.
 */
export function aclRuleset(tables: readonly AclTable[]): { ruleset: string; problems: string[] } {
  const problems: string[] = [];
  const lines: string[] = [];
  for (const table of [...tables].sort((a, b) => compareText(a.name, b.name))) {
    const iifs = `iifname { ${table.ports.map(quoted).join(', ')} }`;
    const rules = table.rules
      .map((rule) => ({ rule, result: ruleMatch(table.name, rule) }))
      .flatMap(({ rule, result }) => {
        if ('problem' in result) {
          problems.push(result.problem);
          return [];
        }
        return [{ ...result, name: rule.name }];
      })
      .sort((a, b) => b.priority - a.priority || compareText(a.name, b.name));
    for (const r of rules) lines.push(`    ${iifs} ${r.match} ${r.action} comment ${quoted(`${table.name}|${r.name}`)}`);
  }
  const ruleset = [
    `table bridge ${NFT_TABLE} {`,
    '  chain ingress {',
    '    type filter hook prerouting priority -200; policy accept;',
    ...lines,
    '  }',
    '}',
    '',
  ].join('\n');
  return { ruleset, problems };
}
