// A Stryker test runner for node:test, `weft-node-test`. The initial (dry) run is the tap runner's:
// each test file in its own process, which tells which files cover which mutant. A mutant run
// takes the files that cover the mutant fastest first (by their dry-run time): the first runs
// alone, as most mutants fall to one quick unit test; if the mutant survives it, the others run
// together in one process (--test-isolation=none, the libraries loaded once) that stops at the
// first failing test (scripts/mutation-reporter.mjs), so a survivor pays two process starts, not
// one per file. Durations are shared between the worker processes through WEFT_MUTATION_TIMES
// (the dry run happens in one of them).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INSTRUMENTER_CONSTANTS } from '@stryker-mutator/api/core';
import { PluginKind, declareFactoryPlugin } from '@stryker-mutator/api/plugin';
import { MutantRunStatus, determineHitLimitReached } from '@stryker-mutator/api/test-runner';
import { TapTestRunner, createTapTestRunnerFactory } from '@stryker-mutator/tap-runner';

const REPORTER = fileURLToPath(new URL('mutation-reporter.mjs', import.meta.url));
const createTap = createTapTestRunnerFactory();

/** Runs `files` in one node:test process with the mutant active; stops at the first failure. */
function runBatch(files, activeMutant, hitLimit) {
  const env = {
    ...process.env,
    [INSTRUMENTER_CONSTANTS.ACTIVE_MUTANT_ENV_VARIABLE]: activeMutant,
    STRYKER_NAMESPACE: INSTRUMENTER_CONSTANTS.NAMESPACE,
    ...(hitLimit === undefined ? {} : { STRYKER_HIT_LIMIT: String(hitLimit) }),
  };
  const args = ['-r', TapTestRunner.hookFile, '--test', '--test-isolation=none', '--test-concurrency=1', `--test-reporter=${REPORTER}`, ...files];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk.slice(0, 4000)));
    child.on('error', reject);
    child.on('exit', (code) => {
      // the hook writes the hit count here when the process exits
      const output = `stryker-output-${child.pid}.json`;
      let hitCount;
      if (existsSync(output)) {
        hitCount = JSON.parse(readFileSync(output, 'utf8')).hitCount;
        rmSync(output, { force: true });
      }
      const failures = stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line));
      resolve({ code, failures, stderr, hitCount });
    });
  });
}

function createNodeTestRunner(injector) {
  const tap = createTap(injector);
  const file = process.env.WEFT_MUTATION_TIMES;
  let times;
  const durations = () => {
    times ??= file !== undefined && existsSync(file) ? new Map(Object.entries(JSON.parse(readFileSync(file, 'utf8')))) : new Map();
    return times;
  };
  return {
    capabilities: () => ({ reloadEnvironment: true }),
    init: () => tap.init(),
    dispose: async () => tap.dispose?.(),
    async dryRun(options) {
      const result = await tap.dryRun(options);
      if (result.status === 'complete' && file !== undefined) {
        times = new Map(result.tests.map((test) => [test.id, test.timeSpentMs]));
        writeFileSync(file, JSON.stringify(Object.fromEntries(times)));
      }
      return result;
    },
    async mutantRun(options) {
      const known = durations();
      const files = (options.testFilter ?? tap.testFiles).toSorted((a, b) => (known.get(a) ?? Infinity) - (known.get(b) ?? Infinity));
      if (files.length === 0) return { status: MutantRunStatus.Survived, nrOfTests: 0 };
      const [first, ...rest] = files;
      const alone = await tap.mutantRun({ ...options, testFilter: [first] });
      if (alone.status !== MutantRunStatus.Survived || rest.length === 0) return alone;
      const { code, failures, stderr, hitCount } = await runBatch(rest, options.activeMutant.id, options.hitLimit);
      const limit = determineHitLimitReached(hitCount, options.hitLimit);
      if (limit !== undefined) return { status: MutantRunStatus.Timeout, reason: limit.reason };
      if (failures.length > 0) {
        const killers = [...new Set(failures.map((f) => (f.file === undefined ? files[0] : relative(process.cwd(), f.file))))];
        return { status: MutantRunStatus.Killed, killedBy: killers, failureMessage: `${failures[0].name}: ${failures[0].message}`, nrOfTests: files.length };
      }
      if (code !== 0) return { status: MutantRunStatus.Error, errorMessage: `node --test exited with ${code} without a failed test: ${stderr}` };
      return { status: MutantRunStatus.Survived, nrOfTests: files.length };
    },
  };
}
createNodeTestRunner.inject = createTap.inject;

export const strykerPlugins = [declareFactoryPlugin(PluginKind.TestRunner, 'weft-node-test', createNodeTestRunner)];
