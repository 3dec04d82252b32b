// Golden cases: each case compiles as `weft compile` would and must give exactly the files in its
// expected/ directory, byte for byte. `UPDATE_GOLDEN=1` rewrites them (see README.md); review
// the diff like a change to a switch's configuration, because that is what it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Allocations } from '#allocator';
import {
  compareFiles,
  compileCase,
  listCases,
  lostNumbers,
  previousAllocationsOf,
  readExpected,
  reusedFreedVnis,
  updateRequested,
  writeExpected,
} from './golden.js';

const cases = listCases();

test('there are golden cases to compare', () => {
  assert.ok(cases.length >= 8, `expected at least 8 golden cases, found ${cases.length}`);
});

for (const goldenCase of cases) {
  test(`golden ${goldenCase.name}: ${goldenCase.description}`, async (t) => {
    const { files } = await compileCase(goldenCase);
    if (updateRequested()) {
      writeExpected(goldenCase, files);
      t.diagnostic(`rewrote test/golden/cases/${goldenCase.name}/expected (${files.size} files)`);
      return;
    }
    const problems = compareFiles(readExpected(goldenCase), files);
    assert.deepEqual(
      problems,
      [],
      `golden case ${goldenCase.name} differs from expected/ (UPDATE_GOLDEN=1 rewrites it):\n  ${problems.join('\n  ')}`,
    );

    // The same documents in the opposite order must compile to the same bytes.
    const reversed = await compileCase(goldenCase, { reverseDocuments: true });
    const orderProblems = compareFiles(files, reversed.files);
    assert.deepEqual(orderProblems, [], `golden case ${goldenCase.name} depends on the order of its input documents:\n  ${orderProblems.join('\n  ')}`);
  });
}

// Cases compiled against an earlier allocations.json: the numbers devices already have must stay.
for (const goldenCase of cases) {
  if (goldenCase.previousAllocations === undefined) continue;
  // read inside each test: a file the allocator refuses fails the test instead of the whole file
  const earlier = (): Allocations => {
    const previous = previousAllocationsOf(goldenCase);
    assert.ok(previous !== undefined);
    return previous;
  };

  test(`golden ${goldenCase.name}: every owner still present keeps its earlier numbers`, async () => {
    const previous = earlier();
    const { result, diagnostics } = await compileCase(goldenCase);
    assert.ok(Object.keys(previous.vpcs).length > 0, 'the earlier allocations should hold VPCs to keep');
    assert.deepEqual(lostNumbers(previous, result.allocations, diagnostics), []);
    assert.equal(result.allocations.generation, previous.generation + 1, 'a compile that changed numbers starts a new generation');
  });

  test(`golden ${goldenCase.name}: VNIs of deleted owners are quarantined, not handed out again`, async () => {
    const previous = earlier();
    const { result } = await compileCase(goldenCase);
    const problems = reusedFreedVnis(previous, result.allocations);
    assert.deepEqual(problems, []);
  });
}

test('the comparison names the missing, extra and differing files, and the first differing line', () => {
  const expected = new Map([
    ['leaf1/frr.conf', 'hostname leaf1\nrouter bgp 65101\n'],
    ['allocations.json', '{}\n'],
  ]);
  const actual = new Map([
    ['leaf1/frr.conf', 'hostname leaf1\nrouter bgp 65199\n'],
    ['leaf2/frr.conf', 'hostname leaf2\n'],
  ]);
  assert.deepEqual(compareFiles(expected, actual), [
    'allocations.json: expected but not produced (missing file)',
    'leaf1/frr.conf: differs at line 2: expected "router bgp 65101", actual "router bgp 65199"',
    'leaf2/frr.conf: produced but not expected (extra file)',
  ]);
  assert.deepEqual(compareFiles(expected, expected), []);
});
