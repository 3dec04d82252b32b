/**
 * The guest agent client against a real qemu-ga (`-m unix-listen`, one client at a time): giving a
 * connection up while the guest agent's answer sits unread in it. That is what a command timing out
 * on a stalled event loop does (timers run before I/O), and a reset connection stops qemu-ga for
 * good ("error reading channel"): every later call on that router would fail.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qemuGaUnavailable, startQemuGuestAgent } from '../../../../test/support/qemu-guest-agent.js';
import { QgaClient, QgaConnectionError } from '../../src/vyos/qga-client.js';

/** Bytes waiting unread in the client end of the one connection to the guest agent listening on `socket` (ss -x). */
function unreadByClient(socket: string): number {
  const rows = execFileSync('ss', ['-xn', 'state', 'established'], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim().split(/\s+/));
  // columns: Netid Recv-Q Send-Q Local-Address Port(inode) Peer-Address Port(inode); the server's end is named by the socket path
  const server = rows.find((row) => row[3] === socket);
  if (server === undefined) return 0;
  const client = rows.find((row) => row[4] === server[6] && row[6] === server[4]);
  return Number(client?.[1] ?? 0);
}

test('giving a connection up with an answer unread leaves the guest agent running: the next call is answered', async (t) => {
  const why = qemuGaUnavailable();
  if (why !== undefined) {
    if (process.env.CI === 'true') throw new Error(`qemu-ga is required in CI: ${why}`);
    t.skip(why);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'wst-qga-client-'));
  const agent = await startQemuGuestAgent(dir, { PATH: '/usr/bin:/bin' });
  const client = new QgaClient(agent.socket);
  try {
    assert.deepEqual(await client.call('guest-ping', undefined, 60_000), {});
    const given = client.call('guest-info', undefined, 60_000);
    // no I/O callback runs while this loop only awaits microtasks: the answer arrives and stays unread
    const until = performance.now() + 60_000;
    while (unreadByClient(agent.socket) === 0) {
      assert.ok(performance.now() < until, 'qemu-ga answered guest-info within a minute');
      await Promise.resolve();
    }
    client.disconnect();
    await assert.rejects(given, QgaConnectionError);
    const info = await client.call<{ version: string }>('guest-info', undefined, 60_000);
    assert.match(info.version, /^\d+\.\d+/);
  } finally {
    client.disconnect();
    await agent.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
