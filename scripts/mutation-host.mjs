// The test host of `npm run test:mutation` (ADR 23): a process that stays up and runs mutant
// after mutant, so a mutant costs its tests, not a node start and the loading of every
// instrumented module. Stryker's instrumented code reads the active mutant from its global on
// every branch, so switching mutants is setting one field.
//
// Started by scripts/mutation-runner.mjs with module hooks (scripts/mutation-test-hooks.mjs) that
// give test files scripts/mutation-host-test.mjs for `node:test` and load the project's modules
// afresh for every run (a new URL each time): module-level code, caches and fixtures start new with
// the mutant on, as in a new process; only node_modules stays loaded. One message (IPC):
//   {mutant, hitLimit, files: [{file, names}]}: imports each test file and runs the named tests in
//   order, stopping at the first that fails; answers {status, failed: {file, name, message, ran},
//   message, hitCount, rss}.
import { appendFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Unsupported } from './mutation-host-test.mjs';

const NAMESPACE = process.env.STRYKER_NAMESPACE ?? '__stryker__';
/** WEFT_MUTATION_HOST_LOG=<file>: one JSON line per run (mutant, status, ms, files), to see where the time goes */
const LOG = process.env.WEFT_MUTATION_HOST_LOG;
const REGISTRY = Symbol.for('weft.mutation.host.tests');
const ns = (globalThis[NAMESPACE] ??= {});

let generation = 0;
/** The error thrown outside any awaited code while a test runs (node:test fails that test too). */
let stray;
const onStray = (error) => {
  stray ??= error;
};
process.on('uncaughtException', onStray);
process.on('unhandledRejection', onStray);

const messageOf = (error) => (error instanceof Error ? error.message : String(error)).slice(0, 2000);

/** Imports a test file afresh (with the modules it loads) and returns the tests and hooks it registered. */
async function load(file) {
  const collected = { tests: [], before: [], after: [], beforeEach: [], afterEach: [] };
  globalThis[REGISTRY] = collected;
  try {
    await import(`${pathToFileURL(resolve(file)).href}?mutation-run=${generation}`);
  } finally {
    delete globalThis[REGISTRY];
  }
  return collected;
}

const CONTEXT_KEYS = new Set(['name', 'fullName', 'signal', 'after', 'skip', 'todo', 'diagnostic', 'mock']);

/** The TestContext a test gets: what the host provides, and Unsupported for anything else. */
function contextFor(name, afters, controller) {
  const base = {
    name,
    fullName: name,
    signal: controller.signal,
    after: (fn) => afters.push(fn),
    skip: () => undefined,
    todo: () => undefined,
    diagnostic: () => undefined,
    get mock() {
      throw new Unsupported('t.mock is not supported by the mutation test host');
    },
  };
  return new Proxy(base, {
    get(target, key) {
      if (typeof key === 'symbol' || CONTEXT_KEYS.has(key)) return Reflect.get(target, key);
      if (key === 'then') return undefined;
      throw new Unsupported(`t.${key} is not supported by the mutation test host`);
    },
  });
}

/** Runs one test with the file's hooks around it; resolves with undefined when it passed (or was skipped), else the error. */
async function runTest({ name, options, fn }, hooks) {
  if (options.skip || options.todo || typeof fn !== 'function') return undefined;
  const afters = [];
  const controller = new AbortController();
  const t = contextFor(name, afters, controller);
  stray = undefined;
  let failure;
  try {
    for (const hook of hooks.beforeEach) await hook(t);
    if (fn.length >= 2) {
      await new Promise((done, fail) => {
        fn(t, (error) => (error ? fail(error) : done()));
      });
    } else {
      await fn(t);
    }
  } catch (error) {
    failure = error;
  }
  // a test's own unawaited work may still throw: give it the turn node:test would
  await new Promise((done) => setImmediate(done));
  failure ??= stray;
  controller.abort();
  for (const hook of [...afters, ...hooks.afterEach.map((each) => () => each(t))]) {
    try {
      await hook();
    } catch (error) {
      failure ??= error;
    }
  }
  stray = undefined;
  return failure;
}

async function run({ mutant, hitLimit, files }) {
  ns.activeMutant = mutant;
  ns.hitLimit = hitLimit;
  ns.hitCount = hitLimit === undefined ? undefined : 0;
  generation += 1;
  try {
      for (const { file, names } of files) {
      let collected;
      try {
        collected = await load(file);
      } catch (error) {
        if (error instanceof Unsupported) return { status: 'unsupported', file, message: error.message };
        return { status: 'error', message: `${file} failed to load: ${messageOf(error)}` };
      }
      const wanted = new Set(names);
      const chosen = collected.tests.filter((entry) => wanted.has(entry.name));
      let failed;
      if (chosen.length > 0) {
        try {
          for (const hook of collected.before) await hook();
        } catch (error) {
          failed = { file, name: chosen[0].name, message: `before(): ${messageOf(error)}` };
        }
      }
      for (const entry of failed === undefined ? chosen : []) {
        const failure = await runTest(entry, collected);
        if (failure instanceof Unsupported) return { status: 'unsupported', file, message: failure.message };
        if (failure !== undefined) {
          // `ran`: the file's tests this run ran, in order, up to the failing one (what a check repeats)
          failed = { file, name: entry.name, message: messageOf(failure), ran: chosen.slice(0, chosen.indexOf(entry) + 1).map((e) => e.name) };
          break;
        }
      }
      if (chosen.length > 0) for (const hook of collected.after) await Promise.resolve().then(hook).catch(() => undefined);
      // a file with file-level hooks holds something outside the process (a server, a database)
      if (failed !== undefined) return { status: 'fail', failed, hooks: collected.before.length + collected.after.length > 0 };
    }
    return { status: 'pass' };
  } finally {
    ns.activeMutant = undefined;
  }
}

process.on('message', async (message) => {
  const started = performance.now();
  let answer;
  try {
    answer = await run(message);
  } catch (error) {
    answer = { status: 'error', message: messageOf(error) };
  }
  const hitCount = ns.hitCount;
  ns.hitCount = undefined;
  ns.hitLimit = undefined;
  if (LOG !== undefined) {
    const files = message.files.map(({ file, names }) => `${file} (${names.length})`);
    appendFileSync(LOG, `${JSON.stringify({ mutant: message.mutant ?? null, status: answer.status, ms: Math.round(performance.now() - started), failed: answer.failed?.name, files })}\n`);
  }
  process.send({ ...answer, hitCount, rss: process.memoryUsage().rss });
});
process.on('disconnect', () => process.exit(0));
process.send({ type: 'ready' });
