// The test host of `npm run test:mutation` (scripts/mutation-host.mjs, ADR 23) decides whether a
// mutant is killed; a host that shared state between runs, ran the wrong tests or missed a
// failure would print a score that is not true. These tests give it small test files and a
// library whose "mutant" is switched on the way Stryker's instrumented code switches one.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

interface HostAnswer {
  readonly status: 'pass' | 'fail' | 'unsupported' | 'error' | 'timeout' | 'crash';
  readonly failed?: { readonly file: string; readonly name: string; readonly message: string; readonly ran: readonly string[] };
  readonly file?: string;
  readonly message?: string;
  readonly hooks?: boolean;
}
interface Host {
  run(message: { mutant: string | undefined; hitLimit?: number; files: { file: string; names: string[] }[] }, cpuLimit: number): Promise<HostAnswer>;
  stop(): void;
}
type HostClass = new (env: Record<string, string>) => Host;

const dir = mkdtempSync(join(tmpdir(), 'weft-mutation-host-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

const write = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

// a library as Stryker instruments it: mutant "1" turns + into -, a coverage counter counts the
// calls (in the header Stryker gives every file), and the module keeps state
write(
  'lib.mjs',
  `function stryCov_9fa48() {
  globalThis.counted = (globalThis.counted ?? 0) + 1;
}
export const seen = [];
export function add(a, b) {
  stryCov_9fa48('1');
  return globalThis.__stryker__?.activeMutant === '1' ? a - b : a + b;
}
`,
);
const sums = write(
  'sums.test.mjs',
  `import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { add, seen } from './lib.mjs';
test('adds', () => assert.equal(add(2, 3), 5));
test('the library is loaded afresh for each run', () => {
  seen.push(1);
  assert.equal(seen.length, 1);
});
test('adds again', () => assert.equal(add(1, 2), 3));
test('not run after a failure', () => writeFileSync(${JSON.stringify(join(dir, 'ran'))}, ''));
test('counts no coverage', () => {
  add(1, 1);
  assert.equal(globalThis.counted, undefined);
});
test('loops', () => { for (;;); });
`,
);
const hooked = write(
  'hooked.test.mjs',
  `import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { add } from './lib.mjs';
let server;
before(() => {
  if (add(1, 1) !== 2) throw new Error('the server did not start');
  server = 'up';
});
after(() => {
  server = undefined;
});
test('uses the server', () => assert.equal(server, 'up'));
`,
);
const suites = write('suites.test.mjs', `import { describe } from 'node:test';\ndescribe('a suite', () => undefined);\n`);

async function startHost(): Promise<Host> {
  const url = new URL('../../scripts/mutation-host-client.mjs', import.meta.url).href;
  const { TestHost } = (await import(url)) as { TestHost: HostClass };
  const host = new TestHost({});
  after(() => {
    host.stop();
  });
  return host;
}

test('a mutant that breaks a test is reported with the test that failed; with no mutant the test passes', async () => {
  const host = await startHost();
  const killed = await host.run({ mutant: '1', files: [{ file: sums, names: ['adds', 'not run after a failure'] }] }, 30);
  assert.equal(killed.status, 'fail');
  const { failed } = killed;
  assert.ok(failed !== undefined);
  assert.equal(failed.name, 'adds');
  assert.equal(failed.file, sums);
  assert.deepEqual(failed.ran, ['adds']);
  assert.match(failed.message, /-1 !== 5/);
  assert.equal(existsSync(join(dir, 'ran')), false, 'a test after the first failure ran');
  const clean = await host.run({ mutant: undefined, files: [{ file: sums, names: ['adds'] }] }, 30);
  assert.equal(clean.status, 'pass');
});

test("tests run in their file's order whatever order they are named in, and a failure says which ran before it (a check runs those again)", async () => {
  const host = await startHost();
  const answer = await host.run({ mutant: '1', files: [{ file: sums, names: ['adds again', 'the library is loaded afresh for each run'] }] }, 30);
  assert.equal(answer.status, 'fail');
  assert.deepEqual(answer.failed?.ran, ['the library is loaded afresh for each run', 'adds again']);
});

test("a mutant run does not count coverage: Stryker's counter is left out, as it made the tests many times slower", async () => {
  const host = await startHost();
  const answer = await host.run({ mutant: '2', files: [{ file: sums, names: ['counts no coverage'] }] }, 30);
  assert.equal(answer.status, 'pass', JSON.stringify(answer));
});

test('a mutant no test notices survives, and only the named tests run', async () => {
  const host = await startHost();
  const answer = await host.run({ mutant: '2', files: [{ file: sums, names: ['adds'] }] }, 30);
  assert.equal(answer.status, 'pass');
});

test('each run loads the test file and the modules it imports afresh, as a new process would', async () => {
  const host = await startHost();
  for (let run = 0; run < 3; run += 1) {
    const answer = await host.run({ mutant: undefined, files: [{ file: sums, names: ['the library is loaded afresh for each run'] }] }, 30);
    assert.equal(answer.status, 'pass', `run ${run + 1}: ${JSON.stringify(answer)}`);
  }
});

test('a test file that uses what the host does not provide is named, so its mutants run in a process of their own', async () => {
  const host = await startHost();
  const answer = await host.run({ mutant: '1', files: [{ file: suites, names: ['a suite'] }] }, 30);
  assert.equal(answer.status, 'unsupported');
  assert.equal(answer.file, suites);
  assert.match(answer.message ?? '', /describe\(\) is not supported/);
});

test('an endless loop is stopped by the CPU it spends, and the next run gets a new host', async () => {
  const host = await startHost();
  const looped = await host.run({ mutant: '1', files: [{ file: sums, names: ['loops'] }] }, 1);
  assert.equal(looped.status, 'timeout');
  const next = await host.run({ mutant: '1', files: [{ file: sums, names: ['adds'] }] }, 30);
  assert.equal(next.status, 'fail');
});

test('a file-level before() that fails fails the first chosen test, and the answer says the file holds hooks (every such kill is checked)', async () => {
  const host = await startHost();
  const answer = await host.run({ mutant: '1', files: [{ file: hooked, names: ['uses the server'] }] }, 30);
  assert.equal(answer.status, 'fail');
  const { failed } = answer;
  assert.ok(failed !== undefined);
  assert.equal(failed.name, 'uses the server');
  assert.match(failed.message, /^before\(\): the server did not start/);
  assert.equal(answer.hooks, true);
  const clean = await host.run({ mutant: undefined, files: [{ file: hooked, names: ['uses the server'] }] }, 30);
  assert.equal(clean.status, 'pass');
});
