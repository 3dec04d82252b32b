// node:test as test files see it during the initial run of `npm run test:mutation`: the same,
// except that each test marks itself as the running test (`<file>#<name>`) in Stryker's global,
// so the instrumented code counts what it covers per test. Module-level code (imports,
// fixtures) runs outside any test; the runner counts it for the file as a whole.
import * as nodeTest from 'node:test';

export * from 'node:test';

const FILE = process.env.WEFT_MUTATION_TEST_FILE ?? '';
const NAMESPACE = process.env.STRYKER_NAMESPACE ?? '__stryker__';

function marked(name, fn) {
  if (typeof fn !== 'function') return fn;
  const id = `${FILE}#${name}`;
  const run = function (...args) {
    const ns = (globalThis[NAMESPACE] ??= {});
    ns.currentTestId = id;
    const done = () => {
      if (ns.currentTestId === id) ns.currentTestId = undefined;
    };
    let result;
    try {
      result = fn.apply(this, args);
    } catch (error) {
      done();
      throw error;
    }
    if (typeof result?.then === 'function') return result.finally(done);
    done();
    return result;
  };
  // node:test reads a callback-style test from the function's length
  Object.defineProperty(run, 'length', { value: fn.length });
  return run;
}

/** test([name][, options][, fn]), as node:test takes it. */
export function test(name, options, fn) {
  if (typeof name === 'function') return nodeTest.test(marked(name.name, name));
  if (typeof options === 'function') return nodeTest.test(name, marked(name, options));
  return nodeTest.test(name, options, marked(name, fn));
}
test.skip = nodeTest.test.skip;
test.todo = nodeTest.test.todo;
test.only = nodeTest.test.only;

export const it = test;
export default test;
