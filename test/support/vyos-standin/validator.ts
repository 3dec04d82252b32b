/**
 * The VyOS stand-in's checks, by ../shared/tools/vyos-validate (which rebuilds VyOS's own CLI
 * schema from the vyos-1x interface definitions):
 *
 * - each `set` / `delete` is checked by the tool's own line checker (`checkWords`, what the CLI
 *   runs per command), loaded once into this process: the tool builds its schema in about half a
 *   second, too slow to start once per line;
 * - each commit runs the `vyos-validate --commit` command on the candidate configuration, VyOS's
 *   commit-time `verify()` rules.
 *
 * The schema also says how VyOS prints a path (leaf values quoted) and which leaves take one
 * value (a second `set` replaces it) or many.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { runInThisContext } from 'node:vm';
import { SHARED_DIR } from '../tools.js';

const run = promisify(execFile);

export const VYOS_VALIDATE = join(SHARED_DIR, 'tools', 'vyos-validate');

interface SchemaNode {
  readonly kind: 'node' | 'tagNode' | 'leafNode';
  readonly children: Map<string, SchemaNode>;
  readonly props: { readonly multi?: boolean; readonly valueless?: boolean } | null;
}

interface Schema {
  readonly root: SchemaNode;
}

interface ToolInternals {
  buildSchema(defs: string): Schema;
  checkWords(schema: Schema, op: 'set' | 'delete', words: readonly string[], state: null, loc: string): { errors: string[]; warnings: string[] };
}

const MAIN_CALL = /\nprocess\.exitCode = main\(process\.argv\.slice\(2\)\);\s*$/;

function loadTool(file: string): ToolInternals {
  const source = readFileSync(file, 'utf8').replace(/^#!.*\n/, '\n');
  if (!MAIN_CALL.test(source)) throw new Error(`${file} no longer ends with its main() call; the VyOS stand-in cannot load its line checker`);
  const body = `${source.replace(MAIN_CALL, '\n')}\nreturn { buildSchema, checkWords };`;
  const factory = runInThisContext(`(function (require, __filename, __dirname, module, exports) {${body}\n})`, { filename: file }) as (...args: unknown[]) => ToolInternals;
  const tool = factory(createRequire(file), file, dirname(file), { exports: {} }, {});
  if (typeof tool.buildSchema !== 'function' || typeof tool.checkWords !== 'function') throw new Error(`${file} no longer defines buildSchema and checkWords`);
  return tool;
}

/** How one word of a path reads in VyOS's schema. */
export type WordRole = 'node' | 'tag' | 'tag-value' | 'leaf' | 'value';

export interface PathShape {
  readonly roles: readonly WordRole[];
  /** the path names a leaf that takes one value (a new value replaces the old) */
  readonly singleValueLeaf: boolean;
}

export interface CommitFinding {
  readonly line: string;
  readonly message: string;
}

export class VyosValidator {
  private readonly tool: ToolInternals;
  private readonly schema: Schema;

  constructor(readonly file: string = VYOS_VALIDATE) {
    this.tool = loadTool(file);
    this.schema = this.tool.buildSchema(join(dirname(file), '..', 'vyos-defs', 'interface-definitions'));
  }

  /** Errors VyOS's CLI would print for this `set` or `delete`; empty when it is accepted. */
  checkLine(op: 'set' | 'delete', words: readonly string[]): string[] {
    return this.tool.checkWords(this.schema, op, words, null, 'stand-in').errors;
  }

  /** The role of each word; valid paths only (check them first). */
  shape(words: readonly string[]): PathShape {
    const roles: WordRole[] = [];
    let node = this.schema.root;
    let singleValueLeaf = false;
    for (let index = 0; index < words.length; index += 1) {
      const child = node.children.get(words[index] ?? '');
      if (child === undefined) throw new Error(`not in the VyOS schema: ${words.slice(0, index + 1).join(' ')}`);
      if (child.kind === 'leafNode') {
        roles.push('leaf');
        if (index + 1 < words.length) roles.push('value');
        singleValueLeaf = child.props?.multi !== true && child.props?.valueless !== true;
        return { roles, singleValueLeaf };
      }
      if (child.kind === 'tagNode') {
        roles.push('tag');
        if (index + 1 < words.length) roles.push('tag-value');
        index += 1;
      } else {
        roles.push('node');
      }
      node = child;
    }
    return { roles, singleValueLeaf };
  }

  /** `vyos-validate --commit` on the candidate, as set lines: the commit-time errors. */
  async commitCheck(lines: readonly string[]): Promise<CommitFinding[]> {
    const dir = mkdtempSync(join(tmpdir(), 'wv-standin-commit-'));
    try {
      const file = join(dir, 'candidate.set');
      writeFileSync(file, `${lines.join('\n')}\n`);
      let stdout: string;
      try {
        stdout = (await run(process.execPath, [this.file, '--commit', '--json', '--format', 'set', file], { maxBuffer: 64 * 1024 * 1024 })).stdout;
      } catch (error) {
        // exit 1: invalid, with the report on stdout
        const failed = error as { code?: number; stdout?: string; stderr?: string };
        if (failed.code !== 1 || failed.stdout === undefined) throw new Error(`vyos-validate --commit failed to run: ${failed.stderr ?? String(error)}`);
        stdout = failed.stdout;
      }
      const report = JSON.parse(stdout) as { files: { results: { line: string; errors: string[] }[] }[] };
      return report.files.flatMap((file) => file.results.flatMap((result) => result.errors.map((message) => ({ line: result.line, message }))));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
