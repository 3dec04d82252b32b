/**
 * A VyOS configuration as a tree of words. `set interfaces ethernet eth0 mtu '9100'` is the path
 * interfaces → ethernet → eth0 → mtu → 9100: node names, tag values and leaf values are all words,
 * which is exactly what `set` and `delete` take (a multi-value leaf simply has several value
 * children). No schema is needed to compare two configurations; whether a word was quoted is kept
 * only to write commands the way VyOS prints them.
 */
import { renderWord, type Word } from './words.js';

export type Path = readonly string[];

export interface ConfigNode {
  readonly children: ReadonlyMap<string, ConfigNode>;
  /** the word was quoted where it was read: VyOS quotes leaf values */
  readonly quoted: boolean;
}

interface MutableNode {
  readonly children: Map<string, MutableNode>;
  quoted: boolean;
}

/** One `set` or `delete` with its path; `quoted[i]` says whether word i is written in quotes. */
export interface Command {
  readonly verb: 'set' | 'delete';
  readonly path: Path;
  readonly quoted: readonly boolean[];
}

export function renderPath(path: Path, quoted?: readonly boolean[]): string {
  return path.map((word, index) => renderWord(word, quoted?.[index] === true)).join(' ');
}

/** The command as one vbash line. */
export function renderCommand(command: Command): string {
  return `${command.verb} ${renderPath(command.path, command.quoted)}`;
}

export class ConfigTree {
  private readonly root: MutableNode = { children: new Map(), quoted: false };

  static fromPaths(paths: readonly (readonly Word[])[]): ConfigTree {
    const tree = new ConfigTree();
    for (const path of paths) tree.add(path);
    return tree;
  }

  /** Creates the path (a `set`); a word quoted anywhere stays quoted. */
  add(path: readonly Word[]): void {
    let node = this.root;
    for (const word of path) {
      let child = node.children.get(word.text);
      if (child === undefined) {
        child = { children: new Map(), quoted: word.quoted };
        node.children.set(word.text, child);
      } else if (word.quoted) {
        child.quoted = true;
      }
      node = child;
    }
  }

  /**
   * Removes the node at `path` with everything under it (a `delete`), then the ancestors left
   * empty, which existed only for it. False when there was nothing to remove.
   */
  remove(path: Path): boolean {
    const chain: MutableNode[] = [this.root];
    for (const word of path.slice(0, -1)) {
      const next = chain[chain.length - 1]?.children.get(word);
      if (next === undefined) return false;
      chain.push(next);
    }
    // Stryker disable next-line StringLiteral: equivalent, only an empty path has no last word, and no top-level word is empty
    const last = path[path.length - 1] ?? '';
    const parent = chain[chain.length - 1];
    if (parent?.children.delete(last) !== true) return false;
    for (let depth = chain.length - 1; depth > 0; depth -= 1) {
      const node = chain[depth];
      if (node === undefined || node.children.size > 0) break;
      // Stryker disable next-line StringLiteral: equivalent, the chain is one shorter than the path
      chain[depth - 1]?.children.delete(path[depth - 1] ?? '');
    }
    return true;
  }

  get(path: Path): ConfigNode | undefined {
    let node: MutableNode | undefined = this.root;
    for (const word of path) {
      node = node.children.get(word);
      if (node === undefined) return undefined;
    }
    return node;
  }

  has(path: Path): boolean {
    return this.get(path) !== undefined;
  }

  get top(): ConfigNode {
    return this.root;
  }

  get empty(): boolean {
    return this.root.children.size === 0;
  }

  /** Every path that ends at a node without children: one `set` line each, in tree order. */
  terminals(): Command[] {
    const out: Command[] = [];
    collectTerminals(this.root, [], [], out);
    return out;
  }

  /** The configuration as `set` lines (what `show configuration commands` prints). */
  toCommands(): string[] {
    return this.terminals().map(renderCommand);
  }

  clone(): ConfigTree {
    const copy = new ConfigTree();
    for (const command of this.terminals()) copy.add(command.path.map((text, index) => ({ text, quoted: command.quoted[index] === true })));
    return copy;
  }
}

function collectTerminals(node: ConfigNode, path: string[], quoted: boolean[], out: Command[]): void {
  for (const [word, child] of node.children) {
    path.push(word);
    quoted.push(child.quoted);
    if (child.children.size === 0) out.push({ verb: 'set', path: [...path], quoted: [...quoted] });
    else collectTerminals(child, path, quoted, out);
    path.pop();
    quoted.pop();
  }
}

/** The quoting of a node's path, read from the tree (for a `delete` of a node the tree holds). */
export function quotingOf(tree: ConfigTree, path: Path): boolean[] {
  const quoted: boolean[] = [];
  let node: ConfigNode | undefined = tree.top;
  for (const word of path) {
    node = node?.children.get(word);
    quoted.push(node?.quoted === true);
  }
  return quoted;
}
