/**
 * The policy view: the isolation rules in the order they are tried, and which VPCs each one
 * chose (a VPC's status names its rule, or `default`).
 */
import { compareText } from './order.js';
import type { FabricPolicy, Vpc } from './types.js';

export interface RuleView {
  readonly position: number;
  readonly name: string;
  readonly match: string;
  readonly method: string;
  readonly vpcs: readonly string[];
}

export function describeRuleMatch(match: { readonly tenants?: readonly string[] | null; readonly labels?: Readonly<Record<string, string>> | null }): string {
  const parts: string[] = [];
  if (match.tenants !== undefined && match.tenants !== null && match.tenants.length > 0) parts.push(`tenant in [${match.tenants.join(', ')}]`);
  for (const [key, value] of Object.entries(match.labels ?? {}).sort(([a], [b]) => compareText(a, b))) parts.push(`label ${key}=${value}`);
  return parts.length === 0 ? 'every VPC' : parts.join(' and ');
}

function vpcName(vpc: Vpc): string {
  return `${vpc.metadata.namespace ?? 'default'}/${vpc.metadata.name}`;
}

/** The rules of a policy, then its default, each with the VPCs it chose. */
export function policyRules(policy: FabricPolicy, vpcs: readonly Vpc[]): RuleView[] {
  const isolation = policy.spec?.isolation;
  const rules = (isolation?.rules ?? []).map((rule, index): RuleView => {
    const name = rule.name ?? `rule-${index + 1}`;
    return {
      position: index + 1,
      name,
      match: describeRuleMatch(rule.match),
      method: rule.method,
      vpcs: vpcs.filter((v) => v.status?.rule === name).map(vpcName).sort(),
    };
  });
  const fallback: RuleView = {
    position: rules.length + 1,
    name: 'default',
    match: 'no rule matched',
    method: isolation?.default ?? 'evpn-l3vni',
    vpcs: vpcs.filter((v) => v.status?.rule === 'default').map(vpcName).sort(),
  };
  return [...rules, fallback];
}
