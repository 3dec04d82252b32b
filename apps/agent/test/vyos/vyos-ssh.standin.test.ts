/**
 * The VyOS driver over SSH (ssh2 to a real OpenSSH server), driving the VyOS stand-in: the shared
 * cases, then what only SSH has: pinned host keys, key authentication, an unreachable router.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPair } from '../../../../test/support/openssh-server.js';
import { defineStandinCases, desiredState, rejects } from './cases.js';
import { LAB_BORDER_VYOS } from './bench.js';

/** What `ssh-keygen -lf` prints for a public key: the fingerprint users compare. */
function sshKeygenFingerprint(publicKeyFile: string): string {
  const result = spawnSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', publicKeyFile], { encoding: 'utf8' });
  const fingerprint = /SHA256:\S+/.exec(result.stdout)?.[0];
  assert.ok(fingerprint !== undefined, result.stdout + result.stderr);
  return fingerprint;
}

defineStandinCases('ssh', ({ fresh }) => {
  test('a changed host key is refused, naming the host, the key offered and its fingerprint', async (t) => {
    const setup = await fresh(t);
    if (setup === undefined) return;
    const { bench } = setup;
    const ssh = bench.ssh!;
    const impostor = generateKeyPair(join(bench.dir, 'impostor'), 'impostor');
    const knownHostsFile = join(bench.dir, 'known_hosts.changed');
    writeFileSync(knownHostsFile, `# pinned when the router was installed\n[127.0.0.1]:${ssh.proxyPort} ${impostor.publicKey}\n`);
    const driver = bench.driver({ target: { kind: 'ssh', host: '127.0.0.1', port: ssh.proxyPort, user: ssh.user, privateKeyFile: ssh.clientKey.privateKeyFile, knownHostsFile } });
    try {
      const error = await rejects(driver.apply(desiredState(LAB_BORDER_VYOS)));
      assert.equal(error.retryable, false);
      const offered = sshKeygenFingerprint(`${ssh.hostKey.privateKeyFile}.pub`);
      const pinned = sshKeygenFingerprint(`${impostor.privateKeyFile}.pub`);
      assert.equal(
        error.message,
        `the SSH host key of switch border1 (127.0.0.1:${ssh.proxyPort}) has CHANGED: the server offered ssh-ed25519 ${offered}, but the pinned key is ssh-ed25519 ${pinned} (${knownHostsFile}:2); refusing to connect (someone may be intercepting the connection; if the router was reinstalled, replace the pinned key)`,
      );
      assert.deepEqual(bench.router.log(), [], 'nothing reached the router');
    } finally {
      await driver.close();
    }
  });

  test('an unknown host key is refused with the command to pin it', async (t) => {
    const setup = await fresh(t);
    if (setup === undefined) return;
    const { bench } = setup;
    const ssh = bench.ssh!;
    const knownHostsFile = join(bench.dir, 'known_hosts.other');
    writeFileSync(knownHostsFile, `[127.0.0.1]:1 ${ssh.hostKey.publicKey}\n`);
    const driver = bench.driver({ target: { kind: 'ssh', host: '127.0.0.1', port: ssh.proxyPort, user: ssh.user, privateKeyFile: ssh.clientKey.privateKeyFile, knownHostsFile } });
    try {
      const error = await rejects(driver.plan(desiredState(LAB_BORDER_VYOS)));
      assert.equal(error.retryable, false);
      assert.match(error.message, new RegExp(`is not known: the server offered ssh-ed25519 ${sshKeygenFingerprint(`${ssh.hostKey.privateKeyFile}.pub`).replace(/[+/]/g, '\\$&')}, and ${knownHostsFile} has no key for \\[127\\.0\\.0\\.1\\]:${ssh.proxyPort}`));
      assert.match(error.message, new RegExp(`ssh-keyscan -p ${ssh.proxyPort} 127\\.0\\.0\\.1 >> `));
      assert.deepEqual(bench.router.log(), []);
    } finally {
      await driver.close();
    }
  });

  test('hashed known_hosts entries (ssh-keygen -H) and a key pinned in the Switch spec are accepted', async (t) => {
    const setup = await fresh(t);
    if (setup === undefined) return;
    const { bench } = setup;
    const ssh = bench.ssh!;
    const hashed = join(bench.dir, 'known_hosts.hashed');
    writeFileSync(hashed, `[127.0.0.1]:${ssh.proxyPort} ${ssh.hostKey.publicKey}\n`);
    assert.equal(spawnSync('ssh-keygen', ['-H', '-f', hashed], { encoding: 'utf8' }).status, 0);
    const base = { kind: 'ssh', host: '127.0.0.1', port: ssh.proxyPort, user: ssh.user, privateKeyFile: ssh.clientKey.privateKeyFile } as const;
    for (const target of [{ ...base, knownHostsFile: hashed }, { ...base, hostKey: ssh.hostKey.publicKey }]) {
      const driver = bench.driver({ target });
      try {
        const plan = await driver.plan(desiredState(LAB_BORDER_VYOS));
        assert.ok(plan.changes.length > 0);
      } finally {
        await driver.close();
      }
    }
  });

  test('a key the router does not authorise is refused for good; an unreachable router is retried', async (t) => {
    const setup = await fresh(t);
    if (setup === undefined) return;
    const { bench } = setup;
    const ssh = bench.ssh!;
    const stranger = generateKeyPair(join(bench.dir, 'stranger'), 'stranger');
    const refused = bench.driver({ target: { kind: 'ssh', host: '127.0.0.1', port: ssh.proxyPort, user: ssh.user, privateKeyFile: stranger.privateKeyFile, knownHostsFile: ssh.knownHostsFile } });
    try {
      const error = await rejects(refused.plan(desiredState(LAB_BORDER_VYOS)));
      assert.equal(error.retryable, false);
      assert.match(error.message, new RegExp(`switch border1 refused the SSH key ${stranger.privateKeyFile} for ${ssh.user}@127\\.0\\.0\\.1:${ssh.proxyPort}`));
    } finally {
      await refused.close();
    }
    bench.link.cut();
    const unreachable = bench.driver();
    try {
      const error = await rejects(unreachable.plan(desiredState(LAB_BORDER_VYOS)));
      assert.equal(error.retryable, true);
      assert.match(error.message, /cannot reach switch border1 over SSH/);
    } finally {
      bench.link.restore();
      await unreachable.close();
    }
  });
});
