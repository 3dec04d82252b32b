/**
 * Prefix lists and route maps for a VyOS border: one pair of prefix lists per external BGP
 * neighbour (what it may send us, what we announce to it), one prefix list per VRF leak, and
 * per VRF with leaks one import route map. FRR takes a single route map for everything a VRF
 * imports from other VRFs, so the leaks of one VRF share it, one rule per source VRF.
 */
import { formatPrefix, parseCidr, type DeviceIntent, type ExternalNeighborIntent, type VrfIntent, type VrfLeak } from '#domain';
import { VyosRenderError } from './errors.js';
import { assertInteger, assertPolicyName } from './identifiers.js';
import { sortedBy, sortedUnique, type VyosScript } from './script.js';

/** Every Weft policy name starts with this, which is how the agent and templates know it. */
export const WEFT_POLICY_PREFIX = 'weft-';

export interface PrefixListSpec {
  readonly name: string;
  readonly description: string;
  /** empty: the list denies everything (an undefined or empty list would let everything in) */
  readonly prefixes: readonly string[];
  /** each prefix also matches its longer prefixes (`le 32`), as for routes accepted from outside */
  readonly orLonger?: boolean;
}

export interface RouteMapSpec {
  readonly name: string;
  readonly description: string;
  /** one permit rule per prefix list, in this order */
  readonly prefixLists: readonly string[];
}

/** Communities on an external session: `match` lets only routes with the list's community in, `add` stamps one on. */
export interface CommunityMapSpec {
  readonly name: string;
  readonly description: string;
  readonly match?: { readonly list: string; readonly community: string };
  readonly add?: string;
}

export interface PolicySet {
  readonly prefixLists: readonly PrefixListSpec[];
  readonly routeMaps: readonly RouteMapSpec[];
  readonly communityMaps?: readonly CommunityMapSpec[];
}

export function neighborImportListName(neighbor: ExternalNeighborIntent): string {
  return assertPolicyName(`${WEFT_POLICY_PREFIX}${neighbor.policyName}-in`);
}

export function neighborExportListName(neighbor: ExternalNeighborIntent): string {
  return assertPolicyName(`${WEFT_POLICY_PREFIX}${neighbor.policyName}-out`);
}

export function neighborImportMapName(neighbor: ExternalNeighborIntent): string | undefined {
  return neighbor.communityIn === undefined ? undefined : assertPolicyName(`${WEFT_POLICY_PREFIX}${neighbor.policyName}-in-map`);
}

export function neighborExportMapName(neighbor: ExternalNeighborIntent): string | undefined {
  return neighbor.communityOut === undefined ? undefined : assertPolicyName(`${WEFT_POLICY_PREFIX}${neighbor.policyName}-out-map`);
}

function communityMaps(vrf: VrfIntent, neighbor: ExternalNeighborIntent): CommunityMapSpec[] {
  const maps: CommunityMapSpec[] = [];
  const importMap = neighborImportMapName(neighbor);
  if (importMap !== undefined && neighbor.communityIn !== undefined) {
    const list = assertPolicyName(`${WEFT_POLICY_PREFIX}${neighbor.policyName}-in`);
    maps.push({ name: importMap, description: `only routes with community ${neighbor.communityIn} from ${neighbor.address} in ${vrf.name}`, match: { list, community: neighbor.communityIn } });
  }
  const exportMap = neighborExportMapName(neighbor);
  if (exportMap !== undefined && neighbor.communityOut !== undefined) {
    maps.push({ name: exportMap, description: `community ${neighbor.communityOut} on routes to ${neighbor.address} in ${vrf.name}`, add: neighbor.communityOut });
  }
  return maps;
}

export function leakListName(leak: VrfLeak): string {
  return assertPolicyName(`${WEFT_POLICY_PREFIX}${leak.policyName}`);
}

export function leakRouteMapName(vrf: VrfIntent): string {
  return assertPolicyName(`${WEFT_POLICY_PREFIX}${vrf.name}-import`);
}

function vrfPolicies(vrf: VrfIntent): PolicySet {
  const prefixLists: PrefixListSpec[] = [];
  const communities: CommunityMapSpec[] = [];
  for (const neighbor of sortedBy(vrf.neighbors, (item) => item.address)) {
    communities.push(...communityMaps(vrf, neighbor));
    prefixLists.push(
      { name: neighborImportListName(neighbor), description: `accepted from ${neighbor.address} in ${vrf.name}`, prefixes: neighbor.prefixesIn, orLonger: true },
      { name: neighborExportListName(neighbor), description: `announced to ${neighbor.address} in ${vrf.name}`, prefixes: neighbor.prefixesOut },
    );
  }
  const leaks = sortedBy(vrf.leaks, (leak) => leak.fromVrf);
  for (const leak of leaks) {
    prefixLists.push({ name: leakListName(leak), description: `leaked from ${leak.fromVrf} into ${vrf.name}`, prefixes: leak.prefixes, orLonger: leak.orLonger === true });
  }
  const routeMaps: RouteMapSpec[] =
    leaks.length === 0 ? [] : [{ name: leakRouteMapName(vrf), description: `routes ${vrf.name} imports from other VRFs`, prefixLists: leaks.map(leakListName) }];
  return { prefixLists, routeMaps, ...(communities.length === 0 ? {} : { communityMaps: communities }) };
}

function assertUniqueNames(policies: PolicySet): void {
  const seen = new Set<string>();
  for (const { name } of [...policies.prefixLists, ...policies.routeMaps, ...(policies.communityMaps ?? [])]) {
    if (seen.has(name)) throw new VyosRenderError(`two VyOS policies would be named ${name}: policy names must be unique per device`);
    seen.add(name);
  }
}

/** All policies of the device, in a fixed order (by VRF, then neighbour, then leak). */
export function devicePolicies(device: DeviceIntent): PolicySet {
  const sets = sortedBy(device.vrfs, (vrf) => vrf.name).map(vrfPolicies);
  const maps = sets.flatMap((set) => set.communityMaps ?? []);
  const policies = { prefixLists: sets.flatMap((set) => set.prefixLists), routeMaps: sets.flatMap((set) => set.routeMaps), ...(maps.length === 0 ? {} : { communityMaps: maps }) };
  assertUniqueNames(policies);
  return policies;
}

/** VyOS prefix lists take IPv4 network prefixes only (`10.1.0.0/24`, host bits clear). */
function assertIpv4Prefix(prefix: string): string {
  const parsed = parseCidr(prefix);
  if (parsed === undefined || formatPrefix(parsed.prefix) !== prefix) {
    throw new VyosRenderError(`not an IPv4 network prefix for a VyOS prefix list: ${JSON.stringify(prefix)}`);
  }
  return prefix;
}

/** Rules are numbered 10, 20, ... so that a person can insert one by hand while debugging. */
function ruleNumber(index: number): string {
  return String(assertInteger('policy rule number', (index + 1) * 10, 1, 65535));
}

function renderPrefixList(script: VyosScript, list: PrefixListSpec): void {
  const base = ['policy', 'prefix-list', list.name];
  script.describe(base, list.description);
  const prefixes = sortedUnique(list.prefixes.map(assertIpv4Prefix));
  if (prefixes.length === 0) {
    const rule = [...base, 'rule', ruleNumber(0)];
    script.set([...rule, 'action'], 'deny');
    script.set([...rule, 'prefix'], '0.0.0.0/0');
    script.set([...rule, 'le'], 32);
    return;
  }
  prefixes.forEach((prefix, index) => {
    const rule = [...base, 'rule', ruleNumber(index)];
    script.set([...rule, 'action'], 'permit');
    script.set([...rule, 'prefix'], prefix);
    if (list.orLonger === true && !prefix.endsWith('/32')) script.set([...rule, 'le'], 32);
  });
}

function renderRouteMap(script: VyosScript, map: RouteMapSpec): void {
  const base = ['policy', 'route-map', map.name];
  script.describe(base, map.description);
  map.prefixLists.forEach((prefixList, index) => {
    const rule = [...base, 'rule', ruleNumber(index)];
    script.set([...rule, 'action'], 'permit');
    script.set([...rule, 'match', 'ip', 'address', 'prefix-list'], prefixList);
  });
}

/** VyOS checks communities as `<0-65535:0-65535>`. */
function assertCommunity(value: string): string {
  const match = /^([0-9]{1,5}):([0-9]{1,5})$/.exec(value);
  if (match === null || Number(match[1]) > 65535 || Number(match[2]) > 65535) throw new VyosRenderError(`not a standard BGP community: ${JSON.stringify(value)}`);
  return value;
}

function renderCommunityMap(script: VyosScript, map: CommunityMapSpec): void {
  if (map.match !== undefined) {
    const list = ['policy', 'community-list', map.match.list];
    script.describe(list, map.description);
    script.set([...list, 'rule', ruleNumber(0), 'action'], 'permit');
    script.set([...list, 'rule', ruleNumber(0), 'regex'], assertCommunity(map.match.community));
  }
  const rule = ['policy', 'route-map', map.name, 'rule', ruleNumber(0)];
  script.describe(['policy', 'route-map', map.name], map.description);
  script.set([...rule, 'action'], 'permit');
  if (map.match !== undefined) script.set([...rule, 'match', 'community', 'community-list'], map.match.list);
  if (map.add !== undefined) script.set([...rule, 'set', 'community', 'add'], assertCommunity(map.add));
}

export function renderPolicies(script: VyosScript, policies: PolicySet): void {
  for (const list of policies.prefixLists) renderPrefixList(script, list);
  for (const map of policies.routeMaps) renderRouteMap(script, map);
  for (const map of policies.communityMaps ?? []) renderCommunityMap(script, map);
}
