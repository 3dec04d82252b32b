/**
 * Conformance of compiled output, not of hand-built fixtures: every golden case's expected
 * device files, and a compiled medium fabric from wiring/generate.ts, must pass the real tools
 * (config_db.json -> sonic-validate, frr.conf -> `vtysh -C -f`, vyos.set -> vyos-validate
 * --strict). sonic-validate takes about half a second per file, so of the medium fabric it
 * checks the spines, three leaves and any border; WEFT_CONFORMANCE_ALL=1 checks every device.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { compile, type CompileResult } from '#compiler';
import { compareNatural, groupResources, parseDocuments, type DeviceIntent } from '#domain';
import { parseFileText } from '#loader';
import { requireTool, runTool, type Tool } from '#testing';
import { expectedDir, listCases, readExpected } from '../golden/golden.js';
import { generateFabric, type FabricOptions } from '../../wiring/generate.js';

const TOOL_BY_FILE: Readonly<Record<string, { tool: Tool; args: readonly string[] }>> = {
  'config_db.json': { tool: 'sonic-validate', args: [] },
  'frr.conf': { tool: 'vtysh', args: [] },
  'vyos.set': { tool: 'vyos-validate', args: ['--strict'] },
};

const MEDIUM_FABRIC: FabricOptions = { spines: 2, leaves: 8, servers: 64, vpcs: 40, subnets: 3, attachments: 120, borders: 2 };
/** Leaves of the medium fabric whose config_db.json is validated unless WEFT_CONFORMANCE_ALL=1. */
const MEDIUM_LEAVES_CHECKED = 3;

interface DeviceFile {
  /** `<switch>/<file>`, as in a compile's output */
  readonly path: string;
  /** where it is on disk */
  readonly file: string;
}

/** Runs the tool of each file; returns one failure text per rejected file. */
function failuresOf(tool: Tool, files: readonly DeviceFile[]): string[] {
  const failures: string[] = [];
  for (const { path, file } of files) {
    const spec = Object.values(TOOL_BY_FILE).find((s) => s.tool === tool);
    const result = runTool(tool, file, spec?.args ?? []);
    // vtysh -C prints nothing when the file parses; the two validators print "valid"
    const accepted = result.ok && (tool === 'vtysh' || /\bvalid\b/.test(result.output));
    if (!accepted) failures.push(`${path} (exit ${String(result.status)}):\n${result.output.trim()}`);
  }
  return failures;
}

function toolOf(path: string): Tool | undefined {
  return TOOL_BY_FILE[basename(path)]?.tool;
}

function checkFiles(label: string, tool: Tool, files: readonly DeviceFile[]): void {
  test(`${label}: ${files.length} ${basename(files[0]?.path ?? '')} file(s) pass ${tool}`, (t) => {
    if (!requireTool(t, tool)) return;
    const started = performance.now();
    const failures = failuresOf(tool, files);
    t.diagnostic(`${tool}: ${files.length} file(s) in ${Math.round(performance.now() - started)} ms`);
    assert.deepEqual(failures, [], `${tool} rejected ${failures.length} file(s) of ${label}:\n${failures.join('\n\n')}`);
  });
}

// Golden cases: the expected files as they are on disk.

const cases = listCases();

test('golden cases have device files to check', () => {
  const withDevices = cases.filter((c) => [...readExpected(c).keys()].some((path) => toolOf(path) !== undefined));
  assert.ok(withDevices.length >= 8, `expected at least 8 golden cases with device files, found ${withDevices.length}`);
});

for (const goldenCase of cases) {
  const paths = [...readExpected(goldenCase).keys()];
  for (const tool of ['sonic-validate', 'vtysh', 'vyos-validate'] as const) {
    const files = paths.filter((path) => toolOf(path) === tool).map((path) => ({ path, file: join(expectedDir(goldenCase), path) }));
    if (files.length > 0) checkFiles(`golden ${goldenCase.name}`, tool, files);
  }
}

// A medium generated fabric, compiled here.

function compileMedium(): CompileResult {
  const { docs, diagnostics } = parseFileText(generateFabric(MEDIUM_FABRIC), 'medium.yaml');
  assert.deepEqual(diagnostics, [], 'the generated fabric is valid YAML');
  const parsed = parseDocuments(docs);
  assert.deepEqual(parsed.diagnostics, [], 'the generated fabric parses clean');
  return compile(groupResources(parsed.resources));
}

function vlanCount(device: DeviceIntent): number {
  return device.vlans.length;
}

/** Every spine and border, and the leaves with the most VLANs (the busiest configurations). */
function representativeDevices(devices: readonly DeviceIntent[], leaves: number): Set<string> {
  const chosen = new Set(devices.filter((d) => d.role !== 'leaf').map((d) => d.name));
  const busiest = devices
    .filter((d) => d.role === 'leaf')
    .sort((a, b) => vlanCount(b) - vlanCount(a) || compareNatural(a.name, b.name))
    .slice(0, leaves);
  for (const leaf of busiest) chosen.add(leaf.name);
  return chosen;
}

const medium = compileMedium();

test('the medium fabric compiles without diagnostics', () => {
  assert.deepEqual(medium.diagnostics, []);
  assert.equal(medium.devices.size, MEDIUM_FABRIC.spines + MEDIUM_FABRIC.leaves + (MEDIUM_FABRIC.borders ?? 0));
  assert.equal(medium.vpcStatus.size, MEDIUM_FABRIC.vpcs);
});

const mediumDir = mkdtempSync(join(tmpdir(), 'weft-compiled-'));
process.on('exit', () => {
  rmSync(mediumDir, { recursive: true, force: true });
});
const checkAll = process.env.WEFT_CONFORMANCE_ALL === '1';
const checkedForSonic = representativeDevices([...medium.devices.values()], MEDIUM_LEAVES_CHECKED);
const mediumFiles: DeviceFile[] = [...medium.files.keys()].sort(compareNatural).map((path) => {
  const file = join(mediumDir, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, medium.files.get(path) ?? '');
  return { path, file };
});

// vtysh and vyos-validate are quick, so they check every device; sonic-validate the subset.
for (const tool of ['sonic-validate', 'vtysh', 'vyos-validate'] as const) {
  const files = mediumFiles.filter(({ path }) => {
    if (toolOf(path) !== tool) return false;
    return tool !== 'sonic-validate' || checkAll || checkedForSonic.has(path.split('/')[0] ?? '');
  });
  if (files.length > 0) checkFiles(`medium fabric ${Object.values(MEDIUM_FABRIC).join('/')}`, tool, files);
}

test('the medium fabric has VyOS borders whose vyos.set carries externals, leaks and stripped private ASNs', () => {
  const borders = [...medium.devices.values()].filter((device) => device.os === 'vyos');
  assert.equal(borders.length, MEDIUM_FABRIC.borders);
  for (const border of borders) {
    const text = medium.files.get(`${border.name}/vyos.set`) ?? '';
    assert.match(text, /^set vrf name Vrf\d+ protocols bgp neighbor \S+ address-family ipv4-unicast remove-private-as all$/m, border.name);
    assert.match(text, /^set vrf name Vrf\d+ protocols bgp address-family ipv4-unicast import vrf 'Vrf\d+'$/m, border.name);
    assert.match(text, /^set vrf name Vrf\d+ protocols bgp address-family ipv4-unicast route-map vrf import 'weft-Vrf\d+-import'$/m, border.name);
    assert.doesNotMatch(text, /route-map vpn import/, border.name);
  }
});

test('the medium fabric subset covers every spine and three leaves', () => {
  const names = [...checkedForSonic].sort(compareNatural);
  assert.equal(names.filter((n) => medium.devices.get(n)?.role === 'spine').length, MEDIUM_FABRIC.spines);
  assert.equal(names.filter((n) => medium.devices.get(n)?.role === 'leaf').length, MEDIUM_LEAVES_CHECKED);
});
