// Runs every compiled test file (dist/**/*.test.js) with node:test and ends with the summary line.
// Arguments filter test files by substring: `npm run test:unit -- render-sonic`.
//
// Two phases: every file but the lab tests, two at a time; then the lab tests one at a time. A lab
// runs a whole fabric (seven FRRs, Redis, agents, the service) on the machine's two cores, and FRR
// 8.4's zebra with netns VRFs is at its weakest under load (docs/adr/0096): beside another test
// file the lab test failed in CI where alone it passed.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

/** Test files that run after the others, one at a time: the labs. */
const ALONE = ['dist/apps/lab/test/lab.test.js', 'dist/apps/lab/test/trunk-lab.test.js', 'dist/apps/lab/test/inspect-lab.test.js'];

function walk(dir, out) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (entry.endsWith('.test.js')) out.push(path);
  }
  return out;
}

const filters = process.argv.slice(2);
const files = walk('dist', [])
  .map((f) => relative('.', f))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}

const summaries = mkdtempSync(join(tmpdir(), 'weft-test-summary-'));

/** One node:test run; its summary line goes to a file, read back for the total. */
function phase(name, phaseFiles, concurrency) {
  if (phaseFiles.length === 0) return { status: 0, counts: [0, 0, 0] };
  const summary = join(summaries, `${name}.txt`);
  const result = spawnSync(
    process.execPath,
    [
      '--test',
      `--test-concurrency=${concurrency}`,
      '--test-reporter=spec',
      '--test-reporter-destination=stderr',
      '--test-reporter=./scripts/summary-reporter.mjs',
      `--test-reporter-destination=${summary}`,
      ...phaseFiles,
    ],
    { stdio: 'inherit' },
  );
  let line = '';
  try {
    line = readFileSync(summary, 'utf8');
  } catch {
    // no summary: the run itself failed to start; its status says so
  }
  const counts = /(\d+) passed, (\d+) failed, (\d+) skipped/.exec(line)?.slice(1).map(Number) ?? [0, 1, 0];
  return { status: result.status ?? 1, counts };
}

const alone = files.filter((f) => ALONE.includes(f));
const together = files.filter((f) => !ALONE.includes(f));
const runs = [phase('together', together, 2), phase('alone', alone, 1)];
rmSync(summaries, { recursive: true, force: true });
const [passed, failed, skipped] = [0, 1, 2].map((i) => runs.reduce((sum, r) => sum + r.counts[i], 0));
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(runs.some((r) => r.status !== 0) ? 1 : 0);
