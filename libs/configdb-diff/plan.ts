/**
 * The minimal ordered change from what CONFIG_DB holds to what Weft wants: per key a create, a
 * field-level modify or a delete, grouped by dependency rank (order.ts). Each group is meant to be
 * written in one MULTI/EXEC; deletes run first, most dependent first, then creates, least
 * dependent first. Any prefix of the groups leaves CONFIG_DB in a state the same plan, computed
 * again, finishes from (a stopped apply converges).
 */
import { compareNatural } from '#domain';
import { KEY_SEPARATOR, NULL_FIELD, sameFields, tableOf, visibleFields, withoutFields, type Entries, type Fields } from './entries.js';
import { RANK, isRebindField, keyRank, lateFieldRank, type Rank } from './order.js';
import { tableOwnership, type Ownership } from './ownership.js';

export type RedisWrite =
  | { readonly op: 'hset'; readonly key: string; readonly fields: Fields }
  | { readonly op: 'hdel'; readonly key: string; readonly fields: readonly string[] }
  | { readonly op: 'del'; readonly key: string };

/** Writes that land together (one MULTI/EXEC), in order. */
export interface WriteGroup {
  /** for logs: `remove VXLAN_TUNNEL_MAP`, `write VLAN` */
  readonly label: string;
  readonly writes: readonly RedisWrite[];
}

/** One key that differs, as a person on call reads it. */
export interface KeyChange {
  /** set: the key is missing; modify: fields differ; delete: the key should not be there */
  readonly op: 'set' | 'modify' | 'delete';
  readonly key: string;
  readonly detail: string;
}

export interface ConfigDbPlan {
  /** the keys that differ, in the order the groups touch them */
  readonly changes: readonly KeyChange[];
  readonly groups: readonly WriteGroup[];
}

export interface PlanInput {
  readonly desired: Entries;
  readonly actual: Entries;
  readonly ownership: Ownership;
  /** what this agent wrote before, or was about to write when it stopped (see `recordIntent`) */
  readonly previous?: Entries;
}

type Phase = 'delete' | 'create';

interface Step {
  readonly phase: Phase;
  readonly rank: Rank;
  readonly write: RedisWrite;
}

const MAX_DETAIL_FIELDS = 6;

function describe(parts: readonly string[]): string {
  return parts.length <= MAX_DETAIL_FIELDS ? parts.join(', ') : `${parts.slice(0, MAX_DETAIL_FIELDS).join(', ')} and ${parts.length - MAX_DETAIL_FIELDS} more`;
}

function fieldsText(fields: Fields): string {
  const visible = Object.entries(visibleFields(fields));
  return visible.length === 0 ? 'no fields' : describe(visible.map(([f, v]) => `${f}=${v}`));
}

/** The interface name entries whose `vrf_name` changes: intfmgrd refuses that in place. */
function rebindings(desired: Entries, actual: Entries): Set<string> {
  const keys = new Set<string>();
  for (const [key, fields] of Object.entries(desired)) {
    const current = actual[key];
    if (current === undefined || !isRebindField(key, 'vrf_name')) continue;
    if ((fields.vrf_name ?? '') !== (current.vrf_name ?? '')) keys.add(key);
  }
  return keys;
}

/** `VLAN_INTERFACE|Vlan1000|10.1.0.1/24` -> `VLAN_INTERFACE|Vlan1000` */
function nameKeyOf(key: string): string {
  return key.split(KEY_SEPARATOR).slice(0, 2).join(KEY_SEPARATOR);
}

/** A field-level change of one entry at one point of the plan. */
interface FieldOp {
  readonly phase: Phase;
  readonly rank: Rank;
  readonly set: Record<string, string>;
  readonly remove: string[];
}

function opAt(ops: FieldOp[], phase: Phase, rank: Rank): FieldOp {
  const found = ops.find((op) => op.phase === phase && op.rank === rank);
  if (found !== undefined) return found;
  const op: FieldOp = { phase, rank, set: {}, remove: [] };
  ops.push(op);
  return op;
}

/**
 * The writes of `ops` on one entry, in plan order, never letting the entry vanish on the way:
 * Redis drops an emptied hash, so SONiC's `NULL` placeholder goes in first and comes out once a
 * real field is there.
 */
function emit(key: string, current: Fields, ops: readonly FieldOp[]): Step[] {
  const ordered = [...ops].sort((a, b) => groupOrder(a.phase, a.rank) - groupOrder(b.phase, b.rank));
  const steps: Step[] = [];
  let state: Record<string, string> = { ...current };
  for (const op of ordered) {
    if (Object.keys(op.set).length === 0 && op.remove.length === 0) continue;
    const writes: RedisWrite[] = [];
    let after: Record<string, string> = { ...withoutFields(state, op.remove), ...op.set };
    const empty = Object.keys(visibleFields(after)).length === 0;
    if (empty && !(NULL_FIELD in after)) {
      writes.push({ op: 'hset', key, fields: { [NULL_FIELD]: NULL_FIELD } });
      after = { ...after, [NULL_FIELD]: NULL_FIELD };
    }
    if (Object.keys(op.set).length > 0) writes.push({ op: 'hset', key, fields: op.set });
    const remove = [...op.remove];
    if (!empty && NULL_FIELD in after) {
      remove.push(NULL_FIELD);
      after = withoutFields(after, [NULL_FIELD]);
    }
    if (remove.length > 0) writes.push({ op: 'hdel', key, fields: remove });
    for (const write of writes) steps.push({ phase: op.phase, rank: op.rank, write });
    state = after;
  }
  return steps;
}

/** The steps that create `key` with `fields`: the late fields (VRF `vni`) at their own rank. */
function createSteps(key: string, fields: Fields): Step[] {
  const ops: FieldOp[] = [{ phase: 'create', rank: keyRank(key), set: {}, remove: [] }];
  for (const [field, value] of Object.entries(visibleFields(fields))) {
    opAt(ops, 'create', lateFieldRank(key, field) ?? keyRank(key)).set[field] = value;
  }
  const base = ops[0];
  // an entry with no fields is still written: the placeholder alone
  if (base !== undefined && Object.keys(base.set).length === 0) base.set[NULL_FIELD] = NULL_FIELD;
  return emit(key, {}, ops);
}

/**
 * Field-level steps on an existing entry. A late field that changes value is removed before the
 * deletes (so the VRF never names a VNI whose map is gone) and set after the creates.
 */
function modifySteps(key: string, current: Fields, set: Fields, remove: readonly string[]): Step[] {
  const ops: FieldOp[] = [];
  for (const [field, value] of Object.entries(set)) {
    const late = lateFieldRank(key, field);
    if (late === undefined) {
      opAt(ops, 'create', keyRank(key)).set[field] = value;
      continue;
    }
    if (field in current) opAt(ops, 'delete', late).remove.push(field);
    opAt(ops, 'create', late).set[field] = value;
  }
  for (const field of remove) {
    const late = lateFieldRank(key, field);
    opAt(ops, late === undefined ? 'create' : 'delete', late ?? keyRank(key)).remove.push(field);
  }
  return emit(key, current, ops);
}

/** The value of a field the entry is known to have. */
function valueOf(fields: Fields, field: string): string {
  // Stryker disable next-line StringLiteral: equivalent, only called for a field of `fields`
  return fields[field] ?? '';
}

function differences(current: Fields, set: Fields, remove: readonly string[]): string {
  return describe([...Object.entries(set).map(([f, v]) => (f in current ? `${f} ${valueOf(current, f)} -> ${v}` : `${f}=${v} missing`)), ...remove.map((f) => `${f}=${valueOf(current, f)} not wanted`)]);
}

interface KeyPlan {
  readonly steps: readonly Step[];
  readonly change?: KeyChange;
}

function planKey(key: string, input: PlanInput, rebound: ReadonlySet<string>): KeyPlan {
  const desired = input.desired[key];
  const actual = input.actual[key];
  const previous = input.previous?.[key];
  const ownership = tableOwnership(input.ownership, tableOf(key), key);

  if (rebound.has(key) || rebound.has(nameKeyOf(key))) {
    // re-created: removed (addresses first) and written again, even where its own fields are unchanged
    const steps = [...(actual === undefined ? [] : [{ phase: 'delete' as const, rank: keyRank(key), write: { op: 'del' as const, key } }]), ...(desired === undefined ? [] : createSteps(key, desired))];
    if (rebound.has(key)) {
      return { steps, change: { op: 'modify', key, detail: `vrf_name ${actual?.vrf_name ?? '(none)'} -> ${desired?.vrf_name ?? '(none)'}: re-created with its addresses` } };
    }
    if (desired === undefined) return { steps, change: { op: 'delete', key, detail: fieldsText(actual ?? {}) } };
    if (actual === undefined) return { steps, change: { op: 'set', key, detail: fieldsText(desired) } };
    return sameFields(visibleFields(desired), visibleFields(actual)) ? { steps } : { steps, change: { op: 'modify', key, detail: 're-created with its interface' } };
  }

  if (desired === undefined) {
    if (actual === undefined) return { steps: [] };
    if (ownership.kind === 'owned' || (ownership.kind === 'recorded' && previous !== undefined)) {
      return { steps: [{ phase: 'delete', rank: keyRank(key), write: { op: 'del', key } }], change: { op: 'delete', key, detail: fieldsText(actual) } };
    }
    if (ownership.kind === 'merged' && previous !== undefined) {
      const remove = Object.keys(visibleFields(previous)).filter((f) => f in actual && !ownership.platformFields.has(f));
      if (remove.length === 0) return { steps: [] };
      return { steps: modifySteps(key, actual, {}, remove), change: { op: 'modify', key, detail: differences(actual, {}, remove) } };
    }
    // a key Weft neither wants, recorded nor owns whole is never planned (planConfigDb's keys): a guard
    // Stryker disable next-line ObjectLiteral,ArrayDeclaration: equivalent, unreachable through planConfigDb
    return { steps: [] };
  }

  if (actual === undefined) return { steps: createSteps(key, desired), change: { op: 'set', key, detail: fieldsText(desired) } };

  const wanted = visibleFields(desired);
  const set: Record<string, string> = {};
  let remove: string[];
  if (ownership.kind === 'merged') {
    for (const [field, value] of Object.entries(wanted)) if (!ownership.platformFields.has(field) && actual[field] !== value) set[field] = value;
    remove = Object.keys(visibleFields(previous)).filter((f) => !(f in wanted) && f in actual && !ownership.platformFields.has(f));
  } else {
    for (const [field, value] of Object.entries(wanted)) if (actual[field] !== value) set[field] = value;
    remove = Object.keys(visibleFields(actual)).filter((f) => !(f in wanted));
  }
  if (Object.keys(set).length === 0 && remove.length === 0) return { steps: [] };
  return { steps: modifySteps(key, actual, set, remove), change: { op: 'modify', key, detail: differences(actual, set, remove) } };
}

function groupOrder(phase: Phase, rank: Rank): number {
  return phase === 'delete' ? RANK.other - rank : RANK.other + 1 + rank;
}

export function planConfigDb(input: PlanInput): ConfigDbPlan {
  const keys = new Set<string>([...Object.keys(input.desired), ...Object.keys(input.previous ?? {})]);
  for (const key of Object.keys(input.actual)) if (tableOwnership(input.ownership, tableOf(key)).kind === 'owned') keys.add(key);
  const rebound = rebindings(input.desired, input.actual);
  for (const key of Object.keys(input.actual)) if (rebound.has(nameKeyOf(key))) keys.add(key);

  const byGroup = new Map<number, { phase: Phase; steps: Step[] }>();
  const changes = new Map<string, KeyChange>();
  for (const key of [...keys].sort(compareNatural)) {
    const { steps, change } = planKey(key, input, rebound);
    if (change !== undefined) changes.set(key, change);
    for (const step of steps) {
      const order = groupOrder(step.phase, step.rank);
      const group = byGroup.get(order) ?? { phase: step.phase, steps: [] };
      group.steps.push(step);
      byGroup.set(order, group);
    }
  }

  const groups: WriteGroup[] = [];
  const touched: string[] = [];
  for (const order of [...byGroup.keys()].sort((a, b) => a - b)) {
    const group = byGroup.get(order);
    if (group === undefined) continue;
    const writes = group.steps.map((s) => s.write);
    const tables = [...new Set(writes.map((w) => tableOf(w.key)))].sort(compareNatural);
    groups.push({ label: `${group.phase === 'delete' ? 'remove' : 'write'} ${tables.join(', ')}`, writes });
    for (const w of writes) if (!touched.includes(w.key)) touched.push(w.key);
  }
  const ordered = touched.flatMap((key) => {
    const change = changes.get(key);
    return change === undefined ? [] : [change];
  });
  return { changes: ordered, groups };
}

/** What to record before applying: everything written before plus everything about to be written. */
export function recordIntent(previous: Entries | undefined, desired: Entries): Entries {
  const intent: Record<string, Fields> = { ...previous };
  for (const [key, fields] of Object.entries(desired)) intent[key] = { ...intent[key], ...fields };
  return intent;
}

/** The entries after `writes`, as Redis would hold them (an emptied hash is gone). */
export function applyWrites(entries: Entries, writes: readonly RedisWrite[]): Entries {
  const next = new Map<string, Fields>(Object.entries(entries));
  for (const w of writes) {
    if (w.op === 'del') {
      next.delete(w.key);
    } else if (w.op === 'hset') {
      next.set(w.key, { ...next.get(w.key), ...w.fields });
    } else {
      const fields = withoutFields(next.get(w.key) ?? {}, w.fields);
      if (Object.keys(fields).length === 0) next.delete(w.key);
      else next.set(w.key, fields);
    }
  }
  return Object.fromEntries(next);
}
