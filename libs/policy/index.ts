/**
 * The fabric policy: which isolation method each VPC gets, the number pools, the underlay and
 * the limits. Every field has a default, so a fabric without a FabricPolicy compiles.
 */
import type { IsolationMethod, NumberRange } from '#api';
import {
  DIAGNOSTIC_CODES as C,
  compareText,
  error,
  parseCidr,
  warning,
  type Diagnostic,
  type FabricPolicy,
  type Ipv4Prefix,
  type Vpc,
} from '#domain';

export interface ResolvedRule {
  readonly name: string;
  readonly index: number;
  readonly tenants?: readonly string[];
  readonly labels?: Readonly<Record<string, string>>;
  readonly method: IsolationMethod;
}

export interface ResolvedPolicy {
  /** the FabricPolicy used, or `(defaults)` */
  readonly name: string;
  readonly isolation: { readonly default: IsolationMethod; readonly rules: readonly ResolvedRule[] };
  readonly pools: {
    readonly vlan: NumberRange;
    readonly vni: NumberRange;
    readonly vrf: NumberRange;
    readonly reservedVlans: readonly NumberRange[];
    readonly reservedVnis: readonly NumberRange[];
  };
  readonly underlay: {
    readonly spineAsn: number;
    readonly leafAsnStart: number;
    readonly borderAsnStart?: number;
    readonly loopbacks: Ipv4Prefix;
    readonly loopbacksText: string;
    /** `unnumbered`, or the prefix /31 links are cut from */
    readonly links: 'unnumbered' | { readonly prefix: Ipv4Prefix; readonly text: string };
    readonly mtu: number;
  };
  readonly routeTargetAsn: number;
  readonly anycastGatewayMac: string;
  /** Weft's DHCP service: VRF n relays to the n-th address of this prefix (`spec.dhcp.servers`) */
  readonly dhcpServers?: Ipv4Prefix;
  readonly limits: { readonly vpcsPerTenant: number; readonly subnetsPerVpc: number };
}

export const DEFAULT_POLICY_NAME = '(defaults)';

export const POLICY_DEFAULTS = {
  isolation: 'evpn-l3vni' as IsolationMethod,
  vlan: { start: 1000, end: 3999 },
  vni: { start: 10000, end: 999999 },
  vrf: { start: 1, end: 4000 },
  spineAsn: 65100,
  leafAsnStart: 65101,
  loopbacks: '10.0.0.0/16',
  links: 'unnumbered',
  mtu: 9100,
  routeTargetAsn: 65000,
  anycastGatewayMac: '02:00:00:00:00:01',
  dhcpServers: '100.127.0.0/16',
  vpcsPerTenant: 500,
  subnetsPerVpc: 64,
} as const;

const VLAN_LIMITS = { start: 2, end: 4094 };
const VNI_LIMITS = { start: 1, end: 16777215 };
/** route distinguishers are `routerId:(10000 + vrf id)`, a 16-bit number */
const VRF_LIMITS = { start: 1, end: 55535 };

export interface PolicyResult {
  readonly policy: ResolvedPolicy;
  readonly diagnostics: readonly Diagnostic[];
}

/** Picks the policy in force (`default`, or the only one) and fills every default. */
export function resolvePolicy(policies: readonly FabricPolicy[]): PolicyResult {
  const diagnostics: Diagnostic[] = [];
  let chosen: FabricPolicy | undefined;
  if (policies.length === 1) chosen = policies[0];
  else if (policies.length > 1) {
    chosen = policies.find((p) => p.metadata.name === 'default');
    if (chosen === undefined) {
      const names = policies.map((p) => p.metadata.name).sort(compareText);
      diagnostics.push(
        error(C.POLICY_MULTIPLE, `FabricPolicy ${names.join(', ')}`, `${policies.length} FabricPolicies and none is named "default"`, 'name the one in force "default"'),
      );
      chosen = undefined;
    }
  }
  const policy = fill(chosen, diagnostics);
  if (chosen !== undefined) {
    for (const other of policies) {
      if (other === chosen) continue;
      diagnostics.push(warning(C.POLICY_MULTIPLE, `FabricPolicy ${other.metadata.name}`, `is not in force: FabricPolicy ${chosen.metadata.name} is`, 'only the FabricPolicy named "default" applies; delete or merge the others'));
    }
  }
  return { policy, diagnostics };
}

function fill(source: FabricPolicy | undefined, diagnostics: Diagnostic[]): ResolvedPolicy {
  const name = source?.metadata.name ?? DEFAULT_POLICY_NAME;
  const spec = source?.spec ?? {};
  const path = (field: string): string => `FabricPolicy ${name} ${field}`;
  const range = (value: NumberRange | undefined, fallback: NumberRange, limits: NumberRange, field: string, what: string): NumberRange => {
    const r = value ?? fallback;
    if (r.start > r.end) diagnostics.push(error(C.POLICY_RANGE, path(field), `start ${r.start} is after end ${r.end}`));
    if (r.start < limits.start || r.end > limits.end) {
      diagnostics.push(error(C.POLICY_RANGE, path(field), `${what} must lie within ${limits.start}-${limits.end}, got ${r.start}-${r.end}`));
    }
    return r;
  };
  const vlan = range(spec.pools?.vlan, POLICY_DEFAULTS.vlan, VLAN_LIMITS, 'spec.pools.vlan', 'VLAN ids');
  const vni = range(spec.pools?.vni, POLICY_DEFAULTS.vni, VNI_LIMITS, 'spec.pools.vni', 'VNIs');
  const vrf = range(spec.pools?.vrf, POLICY_DEFAULTS.vrf, VRF_LIMITS, 'spec.pools.vrf', 'VRF ids');
  const reservedVlans = (spec.pools?.reserved?.vlan ?? []).map((r, i) => range(r, r, VLAN_LIMITS, `spec.pools.reserved.vlan[${i}]`, 'reserved VLAN ids'));
  const reservedVnis = (spec.pools?.reserved?.vni ?? []).map((r, i) => range(r, r, VNI_LIMITS, `spec.pools.reserved.vni[${i}]`, 'reserved VNIs'));

  const loopbacksText = spec.underlay?.loopbacks ?? POLICY_DEFAULTS.loopbacks;
  const loopbacks = parseCidr(loopbacksText)?.prefix ?? { network: 0x0a000000, length: 16 };
  const linksText = spec.underlay?.links ?? POLICY_DEFAULTS.links;
  let links: ResolvedPolicy['underlay']['links'] = 'unnumbered';
  if (linksText !== 'unnumbered') {
    const parsed = parseCidr(linksText);
    if (parsed === undefined || parsed.prefix.length > 30) {
      diagnostics.push(error(C.POLICY_LINKS, path('spec.underlay.links'), `${JSON.stringify(linksText)} is neither "unnumbered" nor an IPv4 prefix of /30 or shorter`));
    } else {
      links = { prefix: parsed.prefix, text: linksText };
    }
  }
  const routeTargetAsn = spec.routeTargetAsn ?? POLICY_DEFAULTS.routeTargetAsn;
  if (routeTargetAsn > 65535) {
    diagnostics.push(
      error(C.POLICY_RANGE, path('spec.routeTargetAsn'), `${routeTargetAsn} does not fit a route target ASN:VNI (a 2-byte AS number is needed beside a VNI)`),
    );
  }
  const rules = (spec.isolation?.rules ?? []).map((r, index): ResolvedRule => ({
    name: r.name ?? `rule-${index + 1}`,
    index,
    ...(r.match.tenants === undefined ? {} : { tenants: r.match.tenants }),
    ...(r.match.labels === undefined ? {} : { labels: r.match.labels }),
    method: r.method,
  }));
  return {
    name,
    isolation: { default: spec.isolation?.default ?? POLICY_DEFAULTS.isolation, rules },
    pools: { vlan, vni, vrf, reservedVlans, reservedVnis },
    underlay: {
      spineAsn: spec.underlay?.asn?.spine ?? POLICY_DEFAULTS.spineAsn,
      leafAsnStart: spec.underlay?.asn?.leafStart ?? POLICY_DEFAULTS.leafAsnStart,
      ...(spec.underlay?.asn?.borderStart === undefined ? {} : { borderAsnStart: spec.underlay.asn.borderStart }),
      loopbacks,
      loopbacksText,
      links,
      mtu: spec.underlay?.mtu ?? POLICY_DEFAULTS.mtu,
    },
    routeTargetAsn,
    anycastGatewayMac: (spec.anycastGatewayMac ?? POLICY_DEFAULTS.anycastGatewayMac).toLowerCase(),
    ...dhcpServersOf(spec),
    limits: {
      vpcsPerTenant: spec.limits?.vpcsPerTenant ?? POLICY_DEFAULTS.vpcsPerTenant,
      subnetsPerVpc: spec.limits?.subnetsPerVpc ?? POLICY_DEFAULTS.subnetsPerVpc,
    },
  };
}

export interface IsolationDecision {
  readonly method: IsolationMethod;
  /** the rule that decided, or `default` */
  readonly rule: string;
  /** one sentence per rule tried, in order, for `weft explain` */
  readonly trace: readonly string[];
}

/** First matching rule wins; otherwise the policy default. */
export function chooseIsolation(vpc: Vpc, policy: ResolvedPolicy): IsolationDecision {
  const trace: string[] = [];
  for (const rule of policy.isolation.rules) {
    const miss = ruleMiss(rule, vpc);
    if (miss === undefined) {
      trace.push(`rule ${rule.name} (#${rule.index + 1}) matches: ${describeMatch(rule)} -> ${rule.method}`);
      return { method: rule.method, rule: rule.name, trace };
    }
    trace.push(`rule ${rule.name} (#${rule.index + 1}) does not match: ${miss}`);
  }
  trace.push(`no rule matched: policy default ${policy.isolation.default}`);
  return { method: policy.isolation.default, rule: 'default', trace };
}

function ruleMiss(rule: ResolvedRule, vpc: Vpc): string | undefined {
  if (rule.tenants !== undefined && !rule.tenants.includes(vpc.spec.tenant)) {
    return `tenant ${vpc.spec.tenant} is not in [${rule.tenants.join(', ')}]`;
  }
  const labels = vpc.metadata.labels ?? {};
  for (const [key, value] of Object.entries(rule.labels ?? {}).sort(([a], [b]) => compareText(a, b))) {
    if (labels[key] !== value) {
      return labels[key] === undefined ? `label ${key} is not set` : `label ${key}=${labels[key]} is not ${value}`;
    }
  }
  return undefined;
}

function describeMatch(rule: ResolvedRule): string {
  const parts: string[] = [];
  if (rule.tenants !== undefined) parts.push(`tenant in [${rule.tenants.join(', ')}]`);
  for (const [k, v] of Object.entries(rule.labels ?? {}).sort(([a], [b]) => compareText(a, b))) parts.push(`label ${k}=${v}`);
  return parts.length === 0 ? 'matches every VPC' : parts.join(' and ');
}

/** The DHCP service prefix; one that does not parse is left out (the schema refuses it first). */
function dhcpServersOf(spec: FabricPolicy['spec']): { dhcpServers?: Ipv4Prefix } {
  const parsed = parseCidr(spec.dhcp?.servers ?? POLICY_DEFAULTS.dhcpServers);
  return parsed === undefined ? {} : { dhcpServers: parsed.prefix };
}
