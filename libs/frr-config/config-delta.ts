/**
 * The difference between two FRR configurations as text, in frr-reload.py's terms (lines with
 * their contexts). Used to say what a reload changed when the agent knows the configuration it
 * applied before, so that it does not need frr-reload.py's own --test run ahead of the reload;
 * the --test run after the reload still checks the running config.
 */
import type { FrrDelta, FrrLine } from './reload-delta.js';

const SKIP = /^(!|exit|exit-vrf|exit-address-family|exit-vni|end)$/;

interface Node {
  readonly text: string;
  readonly children: Node[];
}

/** The configuration as a tree by indentation: `router bgp 1` > `address-family ...` > `network ...`. */
function tree(config: string): Node[] {
  const roots: Node[] = [];
  const stack: { indent: number; node: Node }[] = [];
  for (const raw of config.split('\n')) {
    const text = raw.trim();
    if (text === '' || SKIP.test(text) || text.startsWith('frr version') || text.startsWith('#')) continue;
    const indent = raw.length - raw.trimStart().length;
    while (stack.length > 0 && (stack.at(-1)?.indent ?? 0) >= indent) stack.pop();
    const node: Node = { text, children: [] };
    const parent = stack.at(-1)?.node;
    if (parent === undefined) roots.push(node);
    else parent.children.push(node);
    stack.push({ indent, node });
  }
  return roots;
}

function index(nodes: readonly Node[]): Map<string, Node> {
  return new Map(nodes.map((n) => [n.text, n]));
}

function negate(command: string): string {
  return command.startsWith('no ') ? command.slice(3) : `no ${command}`;
}

function walk(before: readonly Node[], after: readonly Node[], context: readonly string[], out: { deletes: FrrLine[]; adds: FrrLine[] }): void {
  const old = index(before);
  const next = index(after);
  for (const node of before) {
    // a context that goes goes whole: one `no` line, as frr-reload.py says it
    if (!next.has(node.text)) out.deletes.push({ context, command: negate(node.text) });
  }
  for (const node of after) {
    const was = old.get(node.text);
    if (was === undefined) {
      if (node.children.length === 0) out.adds.push({ context, command: node.text });
      else walk([], node.children, [...context, node.text], out);
    } else {
      walk(was.children, node.children, [...context, node.text], out);
    }
  }
}

export function configDelta(before: string, after: string): FrrDelta {
  const out = { deletes: [] as FrrLine[], adds: [] as FrrLine[] };
  walk(tree(before), tree(after), [], out);
  return out;
}
