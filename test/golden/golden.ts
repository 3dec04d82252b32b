/**
 * Golden cases: a fabric's inputs and the files a network engineer would review for them. A case
 * lives in `test/golden/cases/<case>/` and holds
 *   - `case.json` (optional): `{ "description": "...", "inputs": ["wiring/lab.yaml", ...] }`, paths
 *     relative to the repository root, so the samples are referenced rather than copied;
 *   - `input/` (optional): YAML of its own, read after the manifest's inputs;
 *   - `previous-allocations.json` (optional): an earlier allocations.json, as `weft compile -a`;
 *   - `expected/`: every device file, `allocations.json`, `diagnostics.json` and `status.json`.
 * Cases compile through the same path as `weft compile`: loadPaths -> parseDocuments ->
 * groupResources -> compile.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseAllocations, serializeAllocations, vniOwners, type Allocations } from '#allocator';
import { compile, type CompileResult } from '#compiler';
import { compareText, groupResources, hasErrors, parseDocuments, sortDiagnostics, type Diagnostic, type RawDocument } from '#domain';
import { loadPaths, pointAtFields } from '#loader';
import { REPO_ROOT } from '#testing';

export const CASES_DIR = join(REPO_ROOT, 'test', 'golden', 'cases');

export interface GoldenCase {
  readonly name: string;
  readonly dir: string;
  readonly description: string;
  /** absolute paths of the YAML inputs, manifest inputs first */
  readonly inputs: readonly string[];
  /** absolute path of previous-allocations.json, when the case has one */
  readonly previousAllocations?: string;
}

interface Manifest {
  readonly description?: string;
  readonly inputs?: readonly string[];
}

const MANIFEST_KEYS = new Set(['description', 'inputs']);

function readManifest(file: string): Manifest {
  const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${file}: expected a JSON object`);
  const unknown = Object.keys(value).filter((key) => !MANIFEST_KEYS.has(key));
  if (unknown.length > 0) throw new Error(`${file}: unknown field(s) ${unknown.join(', ')} (allowed: description, inputs)`);
  const { description, inputs } = value as Record<string, unknown>;
  if (description !== undefined && typeof description !== 'string') throw new Error(`${file}: description must be a string`);
  if (inputs !== undefined && !(Array.isArray(inputs) && inputs.every((i) => typeof i === 'string'))) {
    throw new Error(`${file}: inputs must be a list of paths relative to the repository root`);
  }
  return { ...(description === undefined ? {} : { description }), ...(inputs === undefined ? {} : { inputs }) };
}

export function readCase(name: string): GoldenCase {
  const dir = join(CASES_DIR, name);
  const manifestFile = join(dir, 'case.json');
  const manifest = existsSync(manifestFile) ? readManifest(manifestFile) : {};
  const inputs = (manifest.inputs ?? []).map((path) => join(REPO_ROOT, path));
  const ownInputs = join(dir, 'input');
  if (existsSync(ownInputs)) inputs.push(ownInputs);
  if (inputs.length === 0) throw new Error(`golden case ${name}: no inputs (neither case.json inputs nor an input/ directory)`);
  const previous = join(dir, 'previous-allocations.json');
  return {
    name,
    dir,
    description: manifest.description ?? '',
    inputs,
    ...(existsSync(previous) ? { previousAllocations: previous } : {}),
  };
}

/** Every case, in name order. */
export function listCases(): GoldenCase[] {
  return readdirSync(CASES_DIR)
    .filter((entry) => statSync(join(CASES_DIR, entry)).isDirectory())
    .sort(compareText)
    .map(readCase);
}

function readPrevious(file: string): Allocations {
  const parsed = parseAllocations(JSON.parse(readFileSync(file, 'utf8')), relative(REPO_ROOT, file));
  if (parsed.allocations === undefined || parsed.diagnostics.length > 0) {
    throw new Error(`${file}: not a clean allocations.json: ${parsed.diagnostics.map((d) => `${d.code} ${d.path} ${d.message}`).join('; ')}`);
  }
  return parsed.allocations;
}

export interface CaseCompilation {
  readonly result: CompileResult;
  /** loader, parser and compiler diagnostics, sorted as the CLI prints them */
  readonly diagnostics: readonly Diagnostic[];
  /** relative path inside expected/ -> content */
  readonly files: ReadonlyMap<string, string>;
}

export interface CompileCaseOptions {
  /** feeds the documents to the parser in reverse order (output must not depend on it) */
  readonly reverseDocuments?: boolean;
}

/** Compiles a case the way `weft compile -f ... [-a previous]` does, from the repository root. */
export async function compileCase(goldenCase: GoldenCase, options: CompileCaseOptions = {}): Promise<CaseCompilation> {
  const loaded = await loadPaths(goldenCase.inputs, REPO_ROOT);
  const documents: RawDocument[] = options.reverseDocuments === true ? [...loaded.docs].reverse() : loaded.docs;
  const parsed = parseDocuments(documents);
  const previous = goldenCase.previousAllocations === undefined ? undefined : readPrevious(goldenCase.previousAllocations);
  const result = compile(groupResources(parsed.resources), previous === undefined ? {} : { previous });
  const located = await pointAtFields([...loaded.diagnostics, ...parsed.diagnostics, ...result.diagnostics], (file) => Promise.resolve(loaded.text(file)));
  const diagnostics = sortDiagnostics(located);
  return { result, diagnostics, files: outputFiles(result, diagnostics) };
}

/**
 * What a case's expected/ holds. Like `weft compile`, an invalid input writes no device files
 * and no allocations.json; diagnostics.json and status.json are always there.
 */
function outputFiles(result: CompileResult, diagnostics: readonly Diagnostic[]): Map<string, string> {
  const files = new Map<string, string>();
  files.set('diagnostics.json', `${JSON.stringify(diagnostics, null, 2)}\n`);
  files.set('status.json', serializeStatus(result));
  if (!hasErrors(diagnostics)) {
    for (const [path, content] of result.files) files.set(path, content);
    files.set('allocations.json', serializeAllocations(result.allocations));
  }
  return files;
}

/** VPC statuses keyed `<namespace>/<vpc>`, in sorted key order. */
function serializeStatus(result: CompileResult): string {
  const sorted: Record<string, unknown> = {};
  for (const key of [...result.vpcStatus.keys()].sort(compareText)) sorted[key] = result.vpcStatus.get(key);
  return `${JSON.stringify(sorted, null, 2)}\n`;
}

function walkFiles(dir: string, base = dir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort(compareText)
    .flatMap((entry) => {
      const path = join(dir, entry);
      return statSync(path).isDirectory() ? walkFiles(path, base) : [relative(base, path).split('\\').join('/')];
    });
}

export function expectedDir(goldenCase: GoldenCase): string {
  return join(goldenCase.dir, 'expected');
}

/** Relative path -> content of every file under the case's expected/. */
export function readExpected(goldenCase: GoldenCase): Map<string, string> {
  const dir = expectedDir(goldenCase);
  return new Map(walkFiles(dir).map((path) => [path, readFileSync(join(dir, path), 'utf8')]));
}

/** Replaces the case's expected/ with exactly these files. */
export function writeExpected(goldenCase: GoldenCase, files: ReadonlyMap<string, string>): void {
  const dir = expectedDir(goldenCase);
  rmSync(dir, { recursive: true, force: true });
  for (const [path, content] of files) {
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}

/** The first line where two texts differ, as `line N: expected ... / actual ...`. */
export function firstDifference(expected: string, actual: string): string {
  const expectedLines = expected.split('\n');
  const actualLines = actual.split('\n');
  const length = Math.max(expectedLines.length, actualLines.length);
  for (let i = 0; i < length; i++) {
    const e = expectedLines[i];
    const a = actualLines[i];
    if (e !== a) {
      const show = (line: string | undefined): string => (line === undefined ? '(end of file)' : JSON.stringify(line));
      return `line ${i + 1}: expected ${show(e)}, actual ${show(a)}`;
    }
  }
  return 'the texts are equal';
}

/** Every difference between expected and actual files, one sentence each; empty when they match. */
export function compareFiles(expected: ReadonlyMap<string, string>, actual: ReadonlyMap<string, string>): string[] {
  const problems: string[] = [];
  const paths = [...new Set([...expected.keys(), ...actual.keys()])].sort(compareText);
  for (const path of paths) {
    const e = expected.get(path);
    const a = actual.get(path);
    if (e === undefined) problems.push(`${path}: produced but not expected (extra file)`);
    else if (a === undefined) problems.push(`${path}: expected but not produced (missing file)`);
    else if (e !== a) problems.push(`${path}: differs at ${firstDifference(e, a)}`);
  }
  return problems;
}

export function updateRequested(): boolean {
  return process.env.UPDATE_GOLDEN === '1';
}

/** Reads the case's previous-allocations.json, or undefined when it has none. */
export function previousAllocationsOf(goldenCase: GoldenCase): Allocations | undefined {
  return goldenCase.previousAllocations === undefined ? undefined : readPrevious(goldenCase.previousAllocations);
}

/**
 * Numbers of the earlier allocations that an owner still present lost, one sentence each. An
 * owner the compile warned about (WF502: the number is no longer in its pool) may change.
 */
export function lostNumbers(previous: Allocations, current: Allocations, diagnostics: readonly Diagnostic[]): string[] {
  const warned = diagnostics.filter((d) => d.code === 'WF502').map((d) => d.message);
  const excused = (owner: string, value: number): boolean => warned.some((m) => m.startsWith(`${owner} had ${value},`));
  const lost: string[] = [];
  for (const [name, before] of Object.entries(previous.switches)) {
    const after = current.switches[name];
    if (after === undefined) continue;
    if (before.asn !== after.asn) lost.push(`switch ${name}: ASN ${before.asn} became ${after.asn}`);
    if (before.loopback !== after.loopback) lost.push(`switch ${name}: loopback ${before.loopback} became ${after.loopback}`);
    for (const [owner, number] of Object.entries(before.portChannels)) {
      const now = after.portChannels[owner];
      if (now !== undefined && now !== number) lost.push(`switch ${name}: PortChannel of ${owner} ${number} became ${now}`);
    }
    for (const [owner, vlan] of Object.entries(before.vlans)) {
      const now = after.vlans[owner];
      if (now !== undefined && now !== vlan && !excused(owner, vlan)) lost.push(`switch ${name}: VLAN of ${owner} ${vlan} became ${now}`);
    }
  }
  for (const [key, before] of Object.entries(previous.vpcs)) {
    const after = current.vpcs[key];
    if (after === undefined) continue;
    if (before.vrf !== after.vrf) lost.push(`VPC ${key}: VRF id ${before.vrf} became ${after.vrf}`);
    if (before.vni !== after.vni) lost.push(`VPC ${key}: L3VNI ${String(before.vni)} became ${String(after.vni)}`);
    for (const [subnet, numbers] of Object.entries(before.subnets)) {
      const now = after.subnets[subnet];
      if (now !== undefined && numbers.vni !== now.vni) lost.push(`VPC ${key} subnet ${subnet}: VNI ${String(numbers.vni)} became ${String(now.vni)}`);
    }
  }
  for (const [key, before] of Object.entries(previous.externals)) {
    const after = current.externals[key];
    if (after === undefined) continue;
    if (before.vrf !== after.vrf) lost.push(`External ${key}: VRF id ${before.vrf} became ${after.vrf}`);
    if (before.vni !== after.vni) lost.push(`External ${key}: VNI ${before.vni} became ${after.vni}`);
  }
  return lost;
}

/**
 * VNIs whose earlier owner is gone but that were not put in quarantine, or were handed to
 * another owner in the same compile: a switch that still has the old owner's VNI would join
 * the two.
 */
export function reusedFreedVnis(previous: Allocations, current: Allocations): string[] {
  const ownerNow = new Map(vniOwners(current).map((o) => [o.value, o.owner]));
  const stillThere = new Set(vniOwners(current).map((o) => o.owner));
  const quarantined = new Set(current.quarantine.map((q) => q.value));
  const problems: string[] = [];
  for (const { owner, value } of vniOwners(previous)) {
    if (stillThere.has(owner)) continue;
    const now = ownerNow.get(value);
    if (now !== undefined) problems.push(`VNI ${value} of the deleted ${owner} was given to ${now} in the same compile`);
    else if (!quarantined.has(value)) problems.push(`VNI ${value} of the deleted ${owner} is not in quarantine`);
  }
  return problems;
}
