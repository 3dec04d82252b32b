// When `weft serve` dies while a lab starts, `lab up` fails with the end of serve's log in its
// message: `lab down` removes the lab's directory, logs included, so the message is all a person
// (or CI) keeps.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { logTail } from '../src/processes.js';

test("a lab process's log ends up in an error as its last lines; a process without a log adds nothing", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'weft-log-tail-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, '_logs'));
  await writeFile(join(dir, '_logs', 'serve.log'), `${Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n')}\n`);
  assert.equal(await logTail(dir, 'serve', 3), 'line 28\nline 29\nline 30');
  assert.equal((await logTail(dir, 'serve')).split('\n').length, 20);
  assert.equal(await logTail(dir, 'agent-leaf1'), '');
  await writeFile(join(dir, '_logs', 'shim.log'), '');
  assert.equal(await logTail(dir, 'shim'), '');
});
