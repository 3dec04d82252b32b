/**
 * `set` / `delete` command text into a configuration tree: Weft's `vyos.set` (the desired state)
 * and what `show configuration commands` prints (the running state). Blank lines and `#`
 * comments are skipped; every other line must be a `set` or a `delete` with a path.
 */
import { VyosConfigError } from './errors.js';
import { ConfigTree, type Path } from './tree.js';
import { splitWords, type Word } from './words.js';

export interface Statement {
  readonly verb: 'set' | 'delete';
  readonly path: readonly Word[];
  /** 1-based line number in the text */
  readonly line: number;
}

export interface LineError {
  readonly line: number;
  readonly text: string;
  readonly message: string;
}

export interface ParsedCommands {
  readonly statements: readonly Statement[];
  readonly errors: readonly LineError[];
}

export function parseCommands(text: string): ParsedCommands {
  const statements: Statement[] = [];
  const errors: LineError[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '');
    const fail = (message: string): void => {
      errors.push({ line: index + 1, text: line, message });
    };
    let words: Word[];
    try {
      words = splitWords(line);
    } catch (error) {
      fail(error instanceof VyosConfigError ? error.message : String(error));
      return;
    }
    const [verb, ...path] = words;
    if (verb === undefined) return;
    if (verb.quoted || (verb.text !== 'set' && verb.text !== 'delete')) {
      fail(`expected a set or delete command, found ${JSON.stringify(verb.text)}`);
      return;
    }
    if (path.length === 0) {
      fail(`${verb.text} without a configuration path`);
      return;
    }
    statements.push({ verb: verb.text, path, line: index + 1 });
  });
  return { statements, errors };
}

/**
 * What a configuration should hold: the tree the commands build when applied in order, and the
 * paths a `delete` asked to be absent (a ConfigTemplate may remove something Weft does not own).
 */
export interface DesiredConfig {
  readonly tree: ConfigTree;
  readonly absent: readonly Path[];
}

export interface ParsedDesired {
  readonly desired: DesiredConfig;
  readonly errors: readonly LineError[];
}

export function parseDesired(text: string): ParsedDesired {
  const { statements, errors } = parseCommands(text);
  const tree = new ConfigTree();
  const deleted: Path[] = [];
  for (const statement of statements) {
    if (statement.verb === 'set') {
      tree.add(statement.path);
    } else {
      const path = statement.path.map((word) => word.text);
      tree.remove(path);
      deleted.push(path);
    }
  }
  // a later `set` of the same path (or one below it) wins over the `delete`
  const absent = dedupe(deleted.filter((path) => !tree.has(path)));
  return { desired: { tree, absent }, errors };
}

/**
 * The running configuration as printed by `show configuration commands`. Anything else in the
 * text (a banner, a warning) is a LineError: the caller decides whether that is fatal.
 */
export function parseRunning(text: string): { tree: ConfigTree; errors: readonly LineError[] } {
  const { statements, errors } = parseCommands(text);
  const tree = new ConfigTree();
  const problems = [...errors];
  for (const statement of statements) {
    if (statement.verb === 'set') tree.add(statement.path);
    else problems.push({ line: statement.line, text: statement.path.map((w) => w.text).join(' '), message: 'a delete in the running configuration' });
  }
  return { tree, errors: problems };
}

function dedupe(paths: readonly Path[]): Path[] {
  const seen = new Set<string>();
  const out: Path[] = [];
  for (const path of paths) {
    const key = JSON.stringify(path);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(path);
  }
  return out;
}
