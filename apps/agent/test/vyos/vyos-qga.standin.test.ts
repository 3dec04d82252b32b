/**
 * The VyOS driver through the QEMU guest agent (a real qemu-ga), driving the VyOS stand-in: the
 * shared cases, then what only the guest agent has: the script file's lifetime, a guest that
 * cannot run vbash, a missing socket.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineStandinCases, desiredState, rejects } from './cases.js';
import { LAB_BORDER_VYOS, type Bench } from './bench.js';
import type { StandinEntry } from '../../../../test/support/vyos-standin/index.js';

/** The guest directories this bench's scripts ran from (other runs on the machine use the same /tmp). */
const scriptDirectories = (bench: Bench): string[] =>
  existsSync(bench.vbashRuns) ? [...new Set(readFileSync(bench.vbashRuns, 'utf8').split('\n').flatMap((line) => /^(\/tmp\/weft-[0-9a-f]{24})\/script\.sh$/.exec(line)?.[1] ?? []))] : [];
const leftInGuest = (bench: Bench): string[] => scriptDirectories(bench).filter((dir) => existsSync(dir));

defineStandinCases('qga', ({ fresh }) => {
  test('scripts go through guest-file-write into a private directory that is removed afterwards, also after a lost connection', async (t) => {
    const setup = await fresh(t);
    if (setup === undefined) return;
    const { bench, driver } = setup;
    await driver.apply(desiredState(LAB_BORDER_VYOS));
    assert.ok(scriptDirectories(bench).length > 0, 'scripts ran from /tmp/weft-*');
    assert.deepEqual(leftInGuest(bench), [], 'no script directory left in the guest');
    // cut while a script runs: its directory cannot be removed then, and is on the next call
    bench.router.commitAsOperator(["set interfaces ethernet eth3 mtu '1400'"]);
    const cut = (entry: StandinEntry): void => {
      if (entry.argv[0] === 'commit-confirm') {
        bench.router.off('command', cut);
        bench.link.cut();
      }
    };
    bench.router.on('command', cut);
    await rejects(driver.apply(desiredState(LAB_BORDER_VYOS)));
    assert.equal(leftInGuest(bench).length, 1, 'the interrupted script left its directory');
    bench.link.restore();
    await driver.apply(desiredState(LAB_BORDER_VYOS));
    assert.deepEqual(leftInGuest(bench), [], 'removed once the guest agent answered again');
  });

  test('a guest without the configured vbash fails for good, naming it', async (t) => {
    const setup = await fresh(t);
    if (setup === undefined) return;
    const { bench } = setup;
    const driver = bench.driver({ vbash: '/opt/none/vbash' });
    try {
      const error = await rejects(driver.plan(desiredState(LAB_BORDER_VYOS)));
      assert.equal(error.retryable, false);
      assert.match(error.message, /running a script on switch border1 through the guest agent failed: guest-exec: .*\/opt\/none\/vbash/);
    } finally {
      await driver.close();
    }
  });

  test('a missing guest agent socket is retried', async (t) => {
    const setup = await fresh(t);
    if (setup === undefined) return;
    const { bench } = setup;
    const driver = bench.driver({ target: { kind: 'qga', socket: join(bench.dir, 'absent.sock') } });
    try {
      const error = await rejects(driver.plan(desiredState(LAB_BORDER_VYOS)));
      assert.equal(error.retryable, true);
      assert.match(error.message, /cannot connect to the guest agent at .*absent\.sock/);
    } finally {
      await driver.close();
    }
  });
});
