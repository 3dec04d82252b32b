/**
 * The smallest change that makes a router hold what Weft wants, touching only what Weft owns:
 *
 * - `delete` each owned node that the desired state lacks, at the highest such node (one
 *   `delete vrf name Vrf9`, not one per line under it), never above an owned node;
 * - `set` each desired line the router lacks (a leaf value that differs is a `delete` of the old
 *   value and a `set` of the new: without VyOS's schema a multi-value leaf and a single-value one
 *   look alike, and deleting the old value is right for both);
 * - `delete` what a desired `delete` line names outside the owned subtrees (ConfigTemplates).
 *
 * Deletes come first, then sets, each in tree order. Lines the desired state has outside the
 * owned subtrees are ensured (set when missing) but never removed.
 */
import type { DesiredConfig } from './parse.js';
import { ownershipOfPaths, type Ownership } from './ownership.js';
import { ConfigTree, quotingOf, renderPath, type Command, type ConfigNode, type Path } from './tree.js';

export interface ChangePlan {
  readonly deletes: readonly Command[];
  readonly sets: readonly Command[];
}

export function planCommands(plan: ChangePlan): Command[] {
  return [...plan.deletes, ...plan.sets];
}

export function planIsEmpty(plan: ChangePlan): boolean {
  return plan.deletes.length === 0 && plan.sets.length === 0;
}

/** Whether `path` is `ancestor` or below it (a longer ancestor has a word `path` lacks). */
function isUnder(path: Path, ancestor: Path): boolean {
  return ancestor.every((word, index) => path[index] === word);
}

function collectDeletes(node: ConfigNode, path: string[], desired: ConfigTree, ownership: Ownership, out: Path[]): void {
  for (const [word, child] of node.children) {
    path.push(word);
    if (ownership.owns(path) && !desired.has(path)) out.push([...path]);
    else collectDeletes(child, path, desired, ownership, out);
    path.pop();
  }
}

export function planChange(running: ConfigTree, desired: DesiredConfig, ownership: Ownership): ChangePlan {
  const deletePaths: Path[] = [];
  collectDeletes(running.top, [], desired.tree, ownership, deletePaths);
  for (const path of desired.absent) {
    if (ownership.owns(path) || !running.has(path)) continue;
    if (deletePaths.some((other) => isUnder(path, other))) continue;
    deletePaths.push(path);
  }
  const deletes = deletePaths.map((path): Command => ({ verb: 'delete', path, quoted: quotingOf(running, path) }));
  const sets = desired.tree
    .terminals()
    .filter((command) => !running.has(command.path))
    .map((command): Command => ({ ...command, verb: 'set' }));
  return { deletes, sets };
}

/** Only the parts of `tree` that `ownership` owns. */
export function ownedPart(tree: ConfigTree, ownership: Ownership): ConfigTree {
  const part = new ConfigTree();
  for (const command of tree.terminals()) {
    if (ownership.owns(command.path)) part.add(command.path.map((text, index) => ({ text, quoted: command.quoted[index] === true })));
  }
  return part;
}

/**
 * What a change touched, as the nodes to restore: the path of each delete, and for each set the
 * highest node that did not exist before (undoing `set vrf name Vrf9 table '1009'` means
 * deleting the whole new VRF, not leaving an empty one behind).
 */
export function touchedPaths(plan: ChangePlan, before: ConfigTree): Path[] {
  const paths: Path[] = plan.deletes.map((command) => command.path);
  for (const command of plan.sets) {
    const depth = command.path.findIndex((_, index) => !before.has(command.path.slice(0, index + 1)));
    paths.push(depth < 0 ? command.path : command.path.slice(0, depth + 1));
  }
  const unique = [...new Map(paths.map((path) => [JSON.stringify(path), path])).values()];
  return unique.filter((path) => !unique.some((other) => other.length < path.length && isUnder(path, other)));
}

/** The change that puts back, in `current`, what `plan` changed relative to `before`. */
export function restorePlan(before: ConfigTree, current: ConfigTree, plan: ChangePlan): ChangePlan {
  const ownership = ownershipOfPaths(touchedPaths(plan, before));
  return planChange(current, { tree: ownedPart(before, ownership), absent: [] }, ownership);
}

/** One change as a person reads it; a leaf value replaced by another is one `modify`. */
export interface ChangeSummary {
  readonly op: 'set' | 'delete' | 'modify';
  /** the VyOS path, as `set` would take it */
  readonly key: string;
  readonly detail?: string;
}

function leafValueOf(command: Command): { leaf: string; value: string } | undefined {
  const last = command.path.length - 1;
  if (last < 1 || command.quoted[last] !== true) return undefined;
  return { leaf: renderPath(command.path.slice(0, last), command.quoted), value: renderPath(command.path.slice(last), command.quoted.slice(last)) };
}

export function summarizePlan(plan: ChangePlan): ChangeSummary[] {
  const count = (commands: readonly Command[]): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const command of commands) {
      const leaf = leafValueOf(command)?.leaf;
      if (leaf !== undefined) counts.set(leaf, (counts.get(leaf) ?? 0) + 1);
    }
    return counts;
  };
  const deleted = count(plan.deletes);
  const added = count(plan.sets);
  const replaced = new Map<string, string>();
  for (const command of plan.sets) {
    const value = leafValueOf(command);
    if (value !== undefined && deleted.get(value.leaf) === 1 && added.get(value.leaf) === 1) replaced.set(value.leaf, value.value);
  }
  const out: ChangeSummary[] = [];
  for (const command of plan.deletes) {
    const value = leafValueOf(command);
    const next = value === undefined ? undefined : replaced.get(value.leaf);
    if (value !== undefined && next !== undefined) out.push({ op: 'modify', key: value.leaf, detail: `${value.value} -> ${next}` });
    else out.push({ op: 'delete', key: renderPath(command.path, command.quoted) });
  }
  for (const command of plan.sets) {
    const value = leafValueOf(command);
    if (value !== undefined && replaced.has(value.leaf)) continue;
    out.push({ op: 'set', key: renderPath(command.path, command.quoted) });
  }
  return out;
}
