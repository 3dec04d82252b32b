// A Stryker test runner for node:test, `weft-node-test`, used by `npm run test:mutation`.
// (Stryker has none; the tap runner knows only whole files, and the command runner nothing.)
//
// Initial run: each test file in its own process, with module hooks that hand test files
// scripts/mutation-test-wrapper.mjs for `node:test`, so Stryker's instrumented code counts
// coverage per test (`<file>#<test name>`). What a file's module-level code covers (imports,
// fixtures) counts for the file as a whole (`<file>#`), never as "static": such a mutant runs
// that file's tests only, not the whole suite.
//
// Mutant run: only the tests that cover the mutant, fastest file first, stopping at the first
// failing test, in the test host (scripts/mutation-host.mjs, ADR 23): a process that stays up and
// loads the test files and the project's modules afresh for each mutant. Kills there are checked
// by running the failing test again with no mutant on (the first of every host, one in ten after,
// all once a check failed): if it fails too, the host's state is to blame, and a new host runs the
// mutant again. Test files the host cannot run, and runs it could not
// finish, go to processes of their own as before: the fastest file alone (--test-name-pattern),
// then the other files together (--test-isolation=none; scripts/mutation-reporter.mjs stops at
// the first failure). A run that spends far more CPU than the tests did at first is stopped as a
// timeout: a measure of endless loops that the machine's load does not distort.
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INSTRUMENTER_CONSTANTS } from '@stryker-mutator/api/core';
import { PluginKind, declareClassPlugin, declareFactoryPlugin } from '@stryker-mutator/api/plugin';
import { DryRunStatus, MutantRunStatus, TestStatus, determineHitLimitReached } from '@stryker-mutator/api/test-runner';
import { TapTestRunner, createTapTestRunnerFactory } from '@stryker-mutator/tap-runner';
import { TestHost, cpuSeconds } from './mutation-host-client.mjs';

const REPORTER = fileURLToPath(new URL('mutation-reporter.mjs', import.meta.url));
const HOOKS = new URL('mutation-test-hooks.mjs', import.meta.url).href;
const REGISTER_HOOKS = `data:text/javascript,${encodeURIComponent(`import { register } from 'node:module'; register(${JSON.stringify(HOOKS)});`)}`;
const createTap = createTapTestRunnerFactory();
/** where the worker that makes the initial run leaves test names and durations for the others */
const SHARED = process.env.WEFT_MUTATION_TIMES;
/** a mutant run may use this much CPU, plus this many times the tests' initial durations */
const CPU_LIMIT_SECONDS = 30;
const CPU_LIMIT_FACTOR = 5;
/** one kill in this many is checked with the mutant off (ADR 23) */
const CHECK_EVERY = 10;
/** WEFT_MUTATION_HOST=off: every mutant in a process of its own (to compare, or to rule the host out) */
const USE_HOST = process.env.WEFT_MUTATION_HOST !== 'off';

/** `<file>#<name>`; the name is empty for what the file covers while it loads. */
const testId = (file, name) => `${file}#${name}`;
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** in the sandbox, so it goes with it */
const COMPILE_CACHE = '.node-compile-cache';

/** Test processes running now: they go when this worker goes (Stryker ended, or stopped it). */
const running = new Set();
/** One test host per worker, started at its first mutant. */
const host = new TestHost({ NODE_COMPILE_CACHE: COMPILE_CACHE, STRYKER_NAMESPACE: INSTRUMENTER_CONSTANTS.NAMESPACE });
const stopAll = () => {
  for (const child of running) child.kill('SIGKILL');
  host.stop();
};
process.on('exit', stopAll);
if (process.send !== undefined) {
  // a worker: when Stryker's process is gone (Ctrl-C, a crash), stop rather than run on alone
  process.on('disconnect', () => {
    stopAll();
    process.exit(1);
  });
}

/**
 * Runs node on `args` with the hook that records Stryker's counters; resolves with what it
 * reported. A process that spends more than `cpuLimit` seconds of CPU is stopped (`timedOut`):
 * an endless loop, whatever the machine's load. Stryker's own timeout is on the wall clock, which
 * on a busy machine would call slow runs endless (and count them as detected).
 */
function runNode(args, env, cpuLimit = Infinity) {
  return new Promise((resolve, reject) => {
    // NODE_COMPILE_CACHE: the instrumented modules are compiled once, not in every test process
    const child = spawn(process.execPath, ['-r', TapTestRunner.hookFile, ...args], {
      env: { ...process.env, NODE_COMPILE_CACHE: COMPILE_CACHE, STRYKER_NAMESPACE: INSTRUMENTER_CONSTANTS.NAMESPACE, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    running.add(child);
    const watch = setInterval(() => {
      if ((cpuSeconds(child.pid) ?? 0) > cpuLimit) {
        timedOut = true;
        child.kill('SIGKILL');
      }
    }, 250);
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(watch);
      running.delete(child);
      // the hook writes Stryker's global (coverage, hit count) here when the process exits
      const output = `stryker-output-${child.pid}.json`;
      let stryker = {};
      if (existsSync(output)) {
        stryker = JSON.parse(readFileSync(output, 'utf8'));
        rmSync(output, { force: true });
      }
      const reported = stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line));
      resolve({ code, reported, stderr, stryker, timedOut });
    });
  });
}

function createNodeTestRunner(injector) {
  const tap = createTap(injector);
  /** test names by file, and each test's duration, from the initial run */
  const namesByFile = new Map();
  const durations = new Map();
  /** test files that use what the test host does not provide: their mutants run in processes of their own */
  const notInHost = new Set();
  /** test files whose tests fail when run without the ones before them: they run whole */
  const wholeFiles = new Set();
  /** kills in the host so far, and whether every kill is to be checked from now on */
  let kills = 0;
  let checkAll = false;

  async function dryRun() {
    const tests = [];
    const perTest = {};
    for (const file of tap.testFiles) {
      const started = Date.now();
      const { code, reported, stderr, stryker } = await runNode(['--import', REGISTER_HOOKS, `--test-reporter=${REPORTER}`, file], {
        STRYKER_DRY_RUN: 'true',
        WEFT_MUTATION_REPORT: 'all',
        WEFT_MUTATION_TEST_FILE: file,
      });
      if (reported.length === 0 && code !== 0) return { status: DryRunStatus.Error, errorMessage: `${file} exited with ${code}: ${stderr}` };
      const coverage = stryker.mutantCoverage ?? { static: {}, perTest: {} };
      const names = [];
      for (const r of reported) {
        const id = testId(file, r.name);
        names.push(r.name);
        durations.set(id, r.ms);
        const status = r.status === 'fail' ? TestStatus.Failed : r.status === 'skip' ? TestStatus.Skipped : TestStatus.Success;
        // where the test starts in its file (0-based, as Stryker counts): an incremental run then
        // re-runs only what the tests whose lines changed covered, not every test of a changed file
        const startPosition = Number.isInteger(r.line) && Number.isInteger(r.column) ? { startPosition: { line: r.line - 1, column: r.column - 1 } } : {};
        tests.push({ id, name: r.name, fileName: file, ...startPosition, status, timeSpentMs: Math.round(r.ms), ...(status === TestStatus.Failed ? { failureMessage: r.message } : {}) });
        perTest[id] = coverage.perTest[id] ?? {};
      }
      // the file loading (imports, fixtures): counted as one more test of the file
      const loading = testId(file, '');
      const loadMs = Math.max(0, Date.now() - started - reported.reduce((sum, r) => sum + r.ms, 0));
      durations.set(loading, loadMs);
      tests.push({ id: loading, name: `${file} (loading)`, fileName: file, status: TestStatus.Success, timeSpentMs: loadMs });
      perTest[loading] = coverage.static ?? {};
      namesByFile.set(file, names);
    }
    // the other workers run mutants with what this one learnt
    if (SHARED !== undefined) writeFileSync(SHARED, JSON.stringify({ namesByFile: Object.fromEntries(namesByFile), durations: Object.fromEntries(durations) }));
    return { status: DryRunStatus.Complete, tests, mutantCoverage: { static: {}, perTest } };
  }

  function learnt() {
    if (durations.size > 0 || SHARED === undefined || !existsSync(SHARED)) return;
    const shared = JSON.parse(readFileSync(SHARED, 'utf8'));
    for (const [file, names] of Object.entries(shared.namesByFile)) namesByFile.set(file, names);
    for (const [id, ms] of Object.entries(shared.durations)) durations.set(id, ms);
  }

  /** the CPU a run of `chosen` (file -> names) may use: generous against the initial durations (wall-clock, so already padded) */
  function cpuLimitOf(chosen) {
    const expected = [...chosen.keys()].reduce((sum, file) => sum + (durations.get(testId(file, '')) ?? 0) + (chosen.get(file) ?? []).reduce((s, name) => s + (durations.get(testId(file, name)) ?? 0), 0), 0);
    return CPU_LIMIT_SECONDS + (CPU_LIMIT_FACTOR * expected) / 1000;
  }

  /**
   * Runs `chosen` (file -> names, in order) in the test host; undefined when the host cannot
   * decide (a test file it cannot run, a file that fails to load, a host that died), and the
   * run goes to a process of its own.
   */
  async function inHost(chosen, options) {
    const cpuLimit = cpuLimitOf(chosen);
    const nrOfTests = [...chosen.values()].reduce((sum, names) => sum + names.length, 0);
    let mustCheck = false;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      // a file whose tests lean on the ones before them runs whole, in its own order
      const files = [...chosen].map(([file, names]) => ({ file, names: wholeFiles.has(file) ? (namesByFile.get(file) ?? names) : names }));
      const answer = await host.run({ mutant: options.activeMutant.id, hitLimit: options.hitLimit, files }, cpuLimit);
      if (answer.status === 'timeout') return { status: MutantRunStatus.Timeout, reason: answer.message };
      const limit = determineHitLimitReached(answer.hitCount, options.hitLimit);
      if (limit !== undefined) return { status: MutantRunStatus.Timeout, reason: limit.reason };
      if (answer.status === 'unsupported') notInHost.add(answer.file);
      if (answer.status === 'pass') return { status: MutantRunStatus.Survived, nrOfTests };
      if (answer.status !== 'fail') return undefined;
      // A kill is checked by running the failing file's tests up to the failing one again with no
      // mutant on, in the same host: the first kill of every host, one in CHECK_EVERY after it,
      // every kill in a file with file-level hooks (they hold servers and databases, which an
      // earlier run can leave in a state the next cannot start from), and all of them once a
      // check failed.
      const { file, name, message, ran } = answer.failed;
      const killed = { status: MutantRunStatus.Killed, killedBy: [testId(file, name)], failureMessage: `${name}: ${message}`, nrOfTests };
      kills += 1;
      if (!checkAll && !mustCheck && answer.hooks !== true && host.runs > 1 && kills % CHECK_EVERY !== 0) return killed;
      const check = await host.run({ mutant: undefined, files: [{ file, names: ran }] }, cpuLimit);
      if (check.status === 'pass') return killed;
      // It fails with no mutant too: either its tests lean on the ones before them (the file
      // then runs whole from now on), or the host's state is to blame (a new host runs it again,
      // and every kill is checked from now on).
      mustCheck = true;
      if (!wholeFiles.has(file)) wholeFiles.add(file);
      else {
        checkAll = true;
        host.stop();
      }
    }
    return undefined;
  }

  /** Runs the chosen tests of `files` (a Map of file -> names, or all names) with the mutant active. */
  async function runChosen(chosen, options) {
    const files = [...chosen.keys()];
    const patterns = [...new Set([...chosen.values()].flat())].map((name) => `--test-name-pattern=^${escape(name)}$`);
    const args =
      files.length === 1 ? [`--test-reporter=${REPORTER}`, ...patterns, ...files] : ['--test', '--test-isolation=none', '--test-concurrency=1', `--test-reporter=${REPORTER}`, ...patterns, ...files];
    const env = {
      [INSTRUMENTER_CONSTANTS.ACTIVE_MUTANT_ENV_VARIABLE]: options.activeMutant.id,
      ...(options.hitLimit === undefined ? {} : { STRYKER_HIT_LIMIT: String(options.hitLimit) }),
    };
    const cpuLimit = cpuLimitOf(chosen);
    const { code, reported, stderr, stryker, timedOut } = await runNode(args, env, cpuLimit);
    if (timedOut) return { status: MutantRunStatus.Timeout, reason: `more than ${Math.round(cpuLimit)} s of CPU` };
    const limit = determineHitLimitReached(stryker.hitCount, options.hitLimit);
    if (limit !== undefined) return { status: MutantRunStatus.Timeout, reason: limit.reason };
    const nrOfTests = [...chosen.values()].reduce((sum, names) => sum + names.length, 0);
    const failed = reported.filter((r) => r.status === 'fail');
    if (failed.length > 0) {
      const killedBy = failed.map((r) => testId(r.file === undefined ? (files[0] ?? '') : relative(process.cwd(), r.file), r.name));
      return { status: MutantRunStatus.Killed, killedBy, failureMessage: `${failed[0].name}: ${failed[0].message}`, nrOfTests };
    }
    if (code !== 0) return { status: MutantRunStatus.Error, errorMessage: `node exited with ${code} without a failed test: ${stderr}` };
    return { status: MutantRunStatus.Survived, nrOfTests };
  }

  return {
    capabilities: () => ({ reloadEnvironment: true }),
    init: () => tap.init(),
    dispose: async () => host.stop(),
    dryRun,
    async mutantRun(options) {
      learnt();
      // the tests to run, by file: a file whose loading covers the mutant runs whole
      const byFile = new Map();
      for (const id of options.testFilter ?? [...durations.keys()]) {
        const hash = id.lastIndexOf('#');
        const file = id.slice(0, hash);
        const name = id.slice(hash + 1);
        const names = name === '' ? (namesByFile.get(file) ?? []) : [name];
        byFile.set(file, [...new Set([...(byFile.get(file) ?? []), ...names])]);
      }
      const cost = (file) => (durations.get(testId(file, '')) ?? 0) + (byFile.get(file) ?? []).reduce((sum, name) => sum + (durations.get(testId(file, name)) ?? 0), 0);
      const files = [...byFile.keys()].filter((file) => (byFile.get(file) ?? []).length > 0).sort((a, b) => cost(a) - cost(b));
      if (files.length === 0) return { status: MutantRunStatus.Survived, nrOfTests: 0 };
      if (USE_HOST && !files.some((file) => notInHost.has(file))) {
        const decided = await inHost(new Map(files.map((file) => [file, byFile.get(file)])), options);
        if (decided !== undefined) return decided;
      }
      const [first, ...rest] = files;
      const alone = await runChosen(new Map([[first, byFile.get(first)]]), options);
      if (alone.status !== MutantRunStatus.Survived || rest.length === 0) return alone;
      return runChosen(new Map(rest.map((file) => [file, byFile.get(file)])), options);
    },
  };
}
createNodeTestRunner.inject = createTap.inject;

/**
 * A reporter, `weft-survivors`: each mutant no test notices, as one line the moment it is known
 * (`file:line:column Mutator: replacement`), appended to WEFT_MUTATION_SURVIVORS, so the work
 * can start before a long run ends.
 */
class SurvivorsReporter {
  constructor() {
    const file = process.env.WEFT_MUTATION_SURVIVORS;
    this.file = file;
    if (file !== undefined) writeFileSync(file, '');
  }

  onMutantTested(result) {
    if (this.file === undefined || (result.status !== 'Survived' && result.status !== 'NoCoverage')) return;
    // the reporters' locations are 1-based already (the report schema's), lines and columns alike
    const { line, column } = result.location.start;
    const what = result.status === 'NoCoverage' ? ' (no test runs it)' : '';
    appendFileSync(this.file, `${relative(process.cwd(), result.fileName)}:${line}:${column} ${result.mutatorName}: ${JSON.stringify(result.replacement ?? '')}${what}\n`);
  }
}

export const strykerPlugins = [
  declareFactoryPlugin(PluginKind.TestRunner, 'weft-node-test', createNodeTestRunner),
  declareClassPlugin(PluginKind.Reporter, 'weft-survivors', SurvivorsReporter),
];
