// Module hooks for `npm run test:mutation`: a test file's `import { test } from 'node:test'` gets
// another module instead. In the initial run that is scripts/mutation-test-wrapper.mjs, which
// tells Stryker's instrumented code which test is running, so coverage is known per test.
// In the test host (scripts/mutation-host.mjs) it is scripts/mutation-host-test.mjs, which hands
// the tests to the host, and every module of the project a test file imports, directly or not,
// is loaded afresh with the test file (its `?mutation-run=<n>` is passed on): each mutant run
// starts from freshly loaded code and fixtures, as in a new process; only node_modules is shared.
// The host also turns Stryker's coverage counter into a no-op: a mutant run needs only to know
// whether tests fail, and counting every block a test runs made the instrumented tests 20 to 35
// times slower than plain ones (ADR 23). register(hooks, { data: { target, host: true } }) chooses.
let target = new URL('./mutation-test-wrapper.mjs', import.meta.url).href;
let host = false;
const RUN = /\?mutation-run=\d+$/;

export function initialize(data) {
  if (typeof data?.target === 'string') target = data.target;
  host = data?.host === true;
}

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'node:test' && context.parentURL !== target) return { url: target, shortCircuit: true };
  const resolved = await nextResolve(specifier, context);
  const run = host && context.parentURL !== undefined ? RUN.exec(context.parentURL)?.[0] : undefined;
  if (run === undefined || !resolved.url.startsWith('file:') || resolved.url.includes('/node_modules/') || resolved.url.includes('?')) return resolved;
  return { ...resolved, url: `${resolved.url}${run}` };
}

const COUNTER = 'function stryCov_9fa48() {';

export async function load(url, context, nextLoad) {
  const loaded = await nextLoad(url, context);
  if (!host || process.env.WEFT_MUTATION_COUNT_COVERAGE === 'on' || loaded.format !== 'module' || loaded.source === undefined) return loaded;
  const source = typeof loaded.source === 'string' ? loaded.source : Buffer.from(loaded.source).toString('utf8');
  if (!source.includes(COUNTER)) return loaded;
  return { ...loaded, source: source.replace(COUNTER, `${COUNTER} return;`) };
}
