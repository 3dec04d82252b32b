/**
 * The VyOS stand-in's configuration store, kept apart from the agent's own config tree
 * (libs/vyos-config) so that the stand-in does not share its bugs. It holds every node that
 * exists, as vyatta-cfg's store does (a directory per node), and follows vyatta-cfg's rules
 * (src/cstore/cstore.cpp, setCfgPath / deleteCfgPath):
 *
 * - `set` creates the path; a new value of a single-value leaf replaces the old one, a multi-value
 *   leaf collects values;
 * - `delete` removes the node and everything under it, and only that: a plain parent stays, even
 *   empty; deleting the last value of a leaf removes the leaf, the last tag value its tag node;
 *   deleting what does not exist prints "Nothing to delete" and is not a failure;
 * - `show configuration commands` prints one line per node without children, leaf values quoted.
 */
import { compareNatural } from '#domain';
import type { VyosValidator } from './validator.js';

type Words = readonly string[];

const keyOf = (words: Words): string => JSON.stringify(words);

function startsWith(path: Words, prefix: Words): boolean {
  return prefix.length <= path.length && prefix.every((word, index) => path[index] === word);
}

function comparePaths(left: Words, right: Words): number {
  const count = Math.min(left.length, right.length);
  for (let index = 0; index < count; index += 1) {
    const order = compareNatural(left[index] ?? '', right[index] ?? '');
    if (order !== 0) return order;
  }
  return left.length - right.length;
}

export class StandinConfig {
  /** every node that exists, by key */
  private readonly nodes = new Map<string, Words>();

  constructor(private readonly validator: VyosValidator) {}

  has(path: Words): boolean {
    return this.nodes.has(keyOf(path));
  }

  private children(path: Words): Words[] {
    return [...this.nodes.values()].filter((node) => node.length === path.length + 1 && startsWith(node, path));
  }

  private removeUnder(path: Words): void {
    for (const [key, node] of this.nodes) if (startsWith(node, path)) this.nodes.delete(key);
  }

  /** A checked `set`. */
  set(words: Words): void {
    const shape = this.validator.shape(words);
    if (shape.singleValueLeaf && shape.roles[shape.roles.length - 1] === 'value') {
      for (const old of this.children(words.slice(0, -1))) if (old[old.length - 1] !== words[words.length - 1]) this.removeUnder(old);
    }
    for (let length = 1; length <= words.length; length += 1) {
      const prefix = words.slice(0, length);
      this.nodes.set(keyOf(prefix), prefix);
    }
  }

  /** A checked `delete`; false when there was nothing to delete. */
  delete(words: Words): boolean {
    if (!this.has(words)) return false;
    this.removeUnder(words);
    const role = this.validator.shape(words).roles[words.length - 1];
    const parent = words.slice(0, -1);
    if ((role === 'value' || role === 'tag-value') && this.children(parent).length === 0) this.removeUnder(parent);
    return true;
  }

  clone(): StandinConfig {
    const copy = new StandinConfig(this.validator);
    for (const [key, node] of this.nodes) copy.nodes.set(key, node);
    return copy;
  }

  equals(other: StandinConfig): boolean {
    if (other.nodes.size !== this.nodes.size) return false;
    for (const key of this.nodes.keys()) if (!other.nodes.has(key)) return false;
    return true;
  }

  /** The nodes without children (one `set` line each), in VyOS's order. */
  list(): Words[] {
    const parents = new Set<string>();
    for (const node of this.nodes.values()) if (node.length > 1) parents.add(keyOf(node.slice(0, -1)));
    return [...this.nodes.entries()]
      .filter(([key]) => !parents.has(key))
      .map(([, node]) => node)
      .sort(comparePaths);
  }

  /** The configuration as `show configuration commands` prints it. */
  commands(): string[] {
    return this.list().map((words) => {
      const { roles } = this.validator.shape(words);
      return `set ${words.map((word, index) => (roles[index] === 'value' ? `'${word}'` : word)).join(' ')}`;
    });
  }

  /** The names under a path, such as the VRFs under `vrf name`. */
  childrenOf(path: Words): string[] {
    return this.children(path)
      .map((node) => node[node.length - 1] ?? '')
      .sort(compareNatural);
  }

  /** The value of a single-value leaf, if set. */
  valueOf(leaf: Words): string | undefined {
    return this.childrenOf(leaf)[0];
  }
}
