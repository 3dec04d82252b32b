// Module hooks for the initial test run of `npm run test:mutation`: a test file's
// `import { test } from 'node:test'` gets scripts/mutation-test-wrapper.mjs instead, which tells
// Stryker's instrumented code which test is running, so coverage is known per test.
const WRAPPER = new URL('./mutation-test-wrapper.mjs', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'node:test' && context.parentURL !== WRAPPER) return { url: WRAPPER, shortCircuit: true };
  return nextResolve(specifier, context);
}
