/**
 * The VPCs-per-tenant limit, kept between compiles: how many VPCs each tenant has and the error
 * of each tenant over the limit. A recompile updates the tenants of the VPCs it names instead of
 * counting every VPC of the fabric again; the diagnostics are those of a full count.
 */
import { DIAGNOSTIC_CODES as C, compareText, error, keyOf, type Diagnostic, type ResourceSet, type Vpc } from '#domain';
import type { ResolvedPolicy } from '#policy';
import { SharedMap } from './shared-map.js';

export interface TenantCounts {
  /** VPC key -> the tenant of each VPC object with that key (one, unless the input repeats a key) */
  readonly tenantsByVpc: SharedMap<string, readonly string[]>;
  readonly counts: SharedMap<string, number>;
  /** tenant -> its error, for tenants over the limit */
  readonly overLimit: SharedMap<string, Diagnostic>;
}

export const NO_TENANTS: TenantCounts = { tenantsByVpc: SharedMap.empty(), counts: SharedMap.empty(), overLimit: SharedMap.empty() };

/**
 * The counts after a change: `vpcKeys` are the keys the change names (put or deleted) and `vpcs`
 * the objects it puts; with no earlier counts, every VPC of `set` is counted.
 */
export function countTenants(set: ResourceSet, policy: ResolvedPolicy, earlier: TenantCounts | undefined, vpcKeys: Iterable<string>, vpcs: readonly Vpc[]): TenantCounts {
  const before = earlier ?? NO_TENANTS;
  const tenantsByVpc = before.tenantsByVpc.draft();
  const counts = before.counts.draft();
  const touched = new Set<string>();
  const change = (tenant: string, by: number): void => {
    const count = (counts.get(tenant) ?? 0) + by;
    if (count === 0) counts.delete(tenant);
    else counts.set(tenant, count);
    touched.add(tenant);
  };
  for (const key of earlier === undefined ? [] : vpcKeys) {
    for (const tenant of tenantsByVpc.get(key) ?? []) change(tenant, -1);
    tenantsByVpc.delete(key);
  }
  for (const vpc of earlier === undefined ? set.vpcs : vpcs) {
    const key = keyOf(vpc);
    tenantsByVpc.set(key, [...(tenantsByVpc.get(key) ?? []), vpc.spec.tenant]);
    change(vpc.spec.tenant, 1);
  }
  const overLimit = before.overLimit.draft();
  for (const tenant of touched) {
    const count = counts.get(tenant) ?? 0;
    if (count <= policy.limits.vpcsPerTenant) {
      overLimit.delete(tenant);
      continue;
    }
    const keys = set.vpcs.filter((v) => v.spec.tenant === tenant).map(keyOf).sort(compareText);
    overLimit.set(
      tenant,
      error(C.LIMIT_VPCS, `VPC ${String(keys[policy.limits.vpcsPerTenant])} spec.tenant`, `tenant ${tenant} has ${count} VPCs; FabricPolicy ${policy.name} allows ${policy.limits.vpcsPerTenant} (spec.limits.vpcsPerTenant)`),
    );
  }
  return { tenantsByVpc: tenantsByVpc.finish(), counts: counts.finish(), overLimit: overLimit.finish() };
}
