// node:test as test files see it inside the test host of `npm run test:mutation`
// (scripts/mutation-host.mjs): `test()` does not run anything, it hands the test to the host,
// which runs the tests a mutant needs, with that mutant switched on, in a process that stays up.
// Only what the mutated code's test files use is here (test, it, file-level before/after/
// beforeEach/afterEach, t.after, t.skip, t.todo, t.diagnostic, t.name, t.signal, options
// skip/todo/timeout); anything else throws Unsupported, and the runner gives that test file's
// mutants processes of their own, as before (scripts/mutation-runner.mjs).
export { mock } from 'node:test';

/** A test uses something the host does not provide: the mutant is run in a fresh process. */
export class Unsupported extends Error {}

const REGISTRY = Symbol.for('weft.mutation.host.tests');

/** Where the host collects the tests of the file it is importing. */
function registry() {
  const tests = globalThis[REGISTRY];
  if (tests === undefined) throw new Unsupported('test() called outside a test file the host imported');
  return tests;
}

/** test([name][, options][, fn]), as node:test takes it. */
export function test(name, options, fn) {
  if (typeof name === 'function') return test(name.name, {}, name);
  if (typeof options === 'function') return test(name, {}, options);
  registry().tests.push({ name: String(name), options: options ?? {}, fn });
  return Promise.resolve();
}
test.skip = (name, options, fn) => (typeof options === 'function' ? test(name, { skip: true }, options) : test(name, { ...options, skip: true }, fn));
test.todo = (name, options, fn) => (typeof options === 'function' ? test(name, { todo: true }, options) : test(name, { ...options, todo: true }, fn));
test.only = test;

export function describe() {
  throw new Unsupported('describe() is not supported by the mutation test host');
}
export const suite = describe;
/** File-level hooks: before and after the file's chosen tests, and around each of them. */
export const before = (fn) => void registry().before.push(fn);
export const after = (fn) => void registry().after.push(fn);
export const beforeEach = (fn) => void registry().beforeEach.push(fn);
export const afterEach = (fn) => void registry().afterEach.push(fn);

export const it = test;
export default test;
