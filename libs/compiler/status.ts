/**
 * VPC statuses: the isolation chosen, the numbers, the switches, and whether the VPC was accepted.
 * A full compile writes every VPC's; a recompile starts from the earlier statuses and writes
 * again only those it may have changed: VPCs the change touched or affected, and VPCs with
 * errors now or not accepted before. Every other VPC was accepted, is untouched and has no
 * error, so its earlier status still holds (the rule the full compile applies too).
 */
import type { VpcAllocation } from '#allocator';
import type { VpcStatus } from '#api';
import { compareNatural, keyOf, type Diagnostic, type Vpc } from '#domain';
import { subnetOwner, vrfName } from './devices.js';
import type { IntentIndex } from './intents.js';
import type { VpcPlacement } from './placement.js';
import { SharedMap } from './shared-map.js';

export interface StatusInputs {
  readonly intents: IntentIndex;
  readonly placements: ReadonlyMap<string, VpcPlacement>;
  readonly vpcs: ReadonlyMap<string, VpcAllocation>;
  readonly switchVlans: ReadonlyMap<string, ReadonlyMap<string, number>>;
  readonly diagnostics: readonly Diagnostic[];
}

export interface Statuses {
  readonly statuses: SharedMap<string, VpcStatus>;
  /** VPCs not accepted */
  readonly rejected: ReadonlySet<string>;
}

/** What a recompile knows of the earlier statuses and of the change. */
export interface StatusChange {
  readonly before: Statuses;
  /** VPCs the change touched or affected: their earlier status is not reused */
  readonly affected: ReadonlySet<string>;
  /** VPC objects the change puts, by key (the last one of a key wins) */
  readonly upserted: ReadonlyMap<string, Vpc>;
  /** keys of VPCs the change deletes */
  readonly deleted: ReadonlySet<string>;
}

function isAccepted(status: VpcStatus): boolean {
  // Stryker disable next-line OptionalChaining: equivalent, every status statusOf writes has conditions
  return status.conditions?.some((c) => c.type === 'Accepted' && c.status === 'True') === true;
}

function errorsByVpc(diagnostics: readonly Diagnostic[]): Map<string, Diagnostic[]> {
  const out = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    if (d.severity !== 'error' || !d.path.startsWith('VPC ')) continue;
    // a path that starts with 'VPC ' splits in two at least
    const key = String(d.path.split(' ')[1]);
    out.set(key, [...(out.get(key) ?? []), d]);
  }
  return out;
}

/** Every VPC's status, for a full compile. */
export function vpcStatuses(vpcObjects: readonly Vpc[], inputs: StatusInputs): Statuses {
  const errors = errorsByVpc(inputs.diagnostics);
  const statuses = SharedMap.empty<string, VpcStatus>().draft();
  const rejected = new Set<string>();
  for (const vpc of vpcObjects) {
    const key = keyOf(vpc);
    const status = statusOf(key, errors.get(key) ?? [], inputs);
    statuses.set(key, status);
    if (isAccepted(status)) rejected.delete(key);
    else rejected.add(key);
  }
  return { statuses: statuses.finish(), rejected };
}

/** The earlier statuses with those the change may have moved written again. */
export function updateStatuses(change: StatusChange, inputs: StatusInputs): Statuses {
  const errors = errorsByVpc(inputs.diagnostics);
  const { before } = change;
  const statuses = before.statuses.draft();
  const rejected = new Set(before.rejected);
  const recheck = new Set([...change.affected, ...change.upserted.keys(), ...change.deleted, ...errors.keys(), ...before.rejected]);
  for (const key of recheck) {
    const upserted = change.upserted.get(key);
    const exists = upserted !== undefined || (!change.deleted.has(key) && before.statuses.has(key));
    if (!exists) {
      statuses.delete(key);
      rejected.delete(key);
      continue;
    }
    const problems = errors.get(key) ?? [];
    const earlier = before.statuses.get(key);
    // an untouched VPC object is the one its checked form was made from, when it has one
    const sameObject = upserted === undefined ? inputs.intents.vpcs.has(key) : inputs.intents.vpcs.get(key)?.vpc === upserted;
    const reusable = earlier !== undefined && isAccepted(earlier) && !change.affected.has(key) && problems.length === 0 && sameObject;
    const status = reusable ? earlier : statusOf(key, problems, inputs);
    statuses.set(key, status);
    if (isAccepted(status)) rejected.delete(key);
    else rejected.add(key);
  }
  return { statuses: statuses.finish(), rejected };
}

function statusOf(key: string, problems: readonly Diagnostic[], inputs: StatusInputs): VpcStatus {
  const info = inputs.intents.vpcs.get(key);
  const alloc = inputs.vpcs.get(key);
  const placement = inputs.placements.get(key);
  const accepted = problems.length === 0 && info !== undefined && alloc !== undefined;
  const conditions = [
    accepted
      ? { type: 'Accepted', status: 'True' as const, reason: 'Compiled', message: `isolation ${info.decision.method} chosen by ${info.decision.rule === 'default' ? 'the policy default' : `rule ${info.decision.rule}`}` }
      : { type: 'Accepted', status: 'False' as const, reason: 'Invalid', message: problems.map((d) => `${d.path}: ${d.message}`).join('; ') || 'the VPC has errors' },
    { type: 'Ready', status: 'Unknown' as const, reason: accepted ? 'AwaitingAgents' : 'NotAccepted' },
  ];
  if (!accepted) return { conditions };
  // Stryker disable next-line ArrayDeclaration: equivalent, every VPC of the intents is placed (a recompile places again each VPC it changes)
  const placed = placement?.switches.keys() ?? [];
  const switches = [...placed].sort(compareNatural);
  const subnets: NonNullable<VpcStatus['subnets']> = {};
  for (const s of info.subnets) {
    const owner = subnetOwner(key, s.name);
    const perSwitch: Record<string, number> = {};
    for (const sw of switches) {
      const v = inputs.switchVlans.get(sw)?.get(owner);
      if (v !== undefined) perSwitch[sw] = v;
    }
    const values = [...new Set(Object.values(perSwitch))];
    const vni = alloc.subnets[s.name]?.vni;
    subnets[s.name] = {
      ...(values.length === 1 ? { vlan: values[0] } : {}),
      ...(values.length > 1 ? { vlans: perSwitch } : {}),
      ...(vni === undefined ? {} : { vni }),
      // a host BGP subnet has no gateway: its servers route over their BGP session
      ...(s.hostBgp === undefined ? { gateway: s.gateway } : {}),
    };
  }
  return {
    isolation: info.decision.method,
    rule: info.decision.rule,
    vrf: vrfName(alloc.vrf),
    ...(alloc.vni === undefined ? {} : { vni: alloc.vni }),
    subnets,
    switches,
    conditions,
  };
}

/**
 * The VPCs whose status is not the very same object in two statuses maps (new and gone ones
 * included), in the order `after` lists them, then those only `before` has. Statuses a recompile
 * made from earlier ones share every part it did not touch: only the parts that differ are read.
 */
export function changedVpcStatuses(before: ReadonlyMap<string, VpcStatus>, after: ReadonlyMap<string, VpcStatus>): string[] {
  if (before instanceof SharedMap && after instanceof SharedMap) return (after as SharedMap<string, VpcStatus>).changedSince(before as SharedMap<string, VpcStatus>);
  // a status is an object: a key before lacks reads undefined there, never the same status
  const changed = [...after].filter(([key, status]) => before.get(key) !== status).map(([key]) => key);
  return [...changed, ...[...before.keys()].filter((key) => !after.has(key))];
}
