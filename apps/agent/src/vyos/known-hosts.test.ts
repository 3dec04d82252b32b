import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { fingerprint, KnownHosts, keyTypeOf, knownHostsName } from './known-hosts.js';

/** An ed25519 public key as SSH writes it: the blob `string "ssh-ed25519", string key`. */
function ed25519Blob(): Buffer {
  const { publicKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const part = (data: Buffer): Buffer => Buffer.concat([Buffer.from([0, 0, 0, data.length]), data]);
  return Buffer.concat([part(Buffer.from('ssh-ed25519')), part(raw)]);
}

const line = (hosts: string, blob: Buffer): string => `${hosts} ssh-ed25519 ${blob.toString('base64')}`;

function hashed(name: string): string {
  const salt = Buffer.from('0123456789abcdefghij');
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

const router = ed25519Blob();
const other = ed25519Blob();

test('the fingerprint is OpenSSH SHA256 without padding; the key type is read from the blob', () => {
  assert.match(fingerprint(router), /^SHA256:[A-Za-z0-9+/]{43}$/);
  assert.equal(keyTypeOf(router), 'ssh-ed25519');
  assert.equal(keyTypeOf(Buffer.alloc(2)), 'unknown');
  assert.equal(knownHostsName('10.0.0.1', 22), '10.0.0.1');
  assert.equal(knownHostsName('10.0.0.1', 2222), '[10.0.0.1]:2222');
});

test('plain, wildcard, port and hashed host patterns match; negation excludes', () => {
  const text = [
    '# comment',
    '',
    line('border1,10.0.0.1', router),
    line('[10.0.0.2]:2222', router),
    line('10.9.*,!10.9.9.9', router),
    line(hashed('[10.0.0.3]:830'), router),
  ].join('\n');
  const known = KnownHosts.parse(text, 'known_hosts');
  for (const [host, port] of [['border1', 22], ['10.0.0.1', 22], ['10.0.0.2', 2222], ['10.9.1.1', 22], ['10.0.0.3', 830]] as const) {
    assert.deepEqual(known.verify(host, port, router, host), { ok: true }, `${host}:${port}`);
  }
  for (const [host, port] of [['10.0.0.2', 22], ['10.9.9.9', 22], ['10.0.0.3', 22], ['10.0.0.1', 2222]] as const) {
    const verdict = known.verify(host, port, router, `switch x (${host}:${port})`);
    assert.deepEqual([verdict.ok, verdict.ok ? undefined : verdict.reason], [false, 'unknown'], `${host}:${port}`);
  }
});

test('a different key for a known host is a changed key, naming both fingerprints and the line', () => {
  const known = KnownHosts.parse(`${line('[127.0.0.1]:2222', router)}\n`, '/etc/weft/known_hosts');
  const verdict = known.verify('127.0.0.1', 2222, other, 'switch border1 (127.0.0.1:2222)');
  assert.ok(!verdict.ok);
  assert.equal(verdict.reason, 'changed');
  assert.equal(
    verdict.message,
    `the SSH host key of switch border1 (127.0.0.1:2222) has CHANGED: the server offered ssh-ed25519 ${fingerprint(other)}, but the pinned key is ssh-ed25519 ${fingerprint(router)} (/etc/weft/known_hosts:1); refusing to connect (someone may be intercepting the connection; if the router was reinstalled, replace the pinned key)`,
  );
});

test('a revoked key is refused even when another line pins it', () => {
  const known = KnownHosts.parse([`@revoked ${line('*', router)}`, line('border1', router)].join('\n'), 'kh');
  const verdict = known.verify('border1', 22, router, 'border1');
  assert.ok(!verdict.ok);
  assert.equal(verdict.reason, 'revoked');
});

test('a known_hosts file with a broken line is refused rather than half read', () => {
  assert.throws(() => KnownHosts.parse('border1 ssh-ed25519\n', 'kh'), /kh:1: expected "HOSTS KEYTYPE KEY"/);
  assert.throws(() => KnownHosts.parse(`border1 ssh-rsa ${router.toString('base64')}\n`, 'kh'), /kh:1: the key is not a valid ssh-rsa key/);
  assert.throws(() => KnownHosts.parse(`@bogus ${line('border1', router)}\n`, 'kh'), /unknown marker @bogus/);
  assert.deepEqual(KnownHosts.parse(`@cert-authority ${line('*', router)}\n`, 'kh').verify('x', 22, router, 'x').ok, false, 'certificate authorities are not used');
});

test('a pinned key from the Switch spec is valid for that host and port only', () => {
  const pinned = KnownHosts.pinned(`ssh-ed25519 ${router.toString('base64')} root@border1`, '169.254.100.7', 22, 'spec.management.ssh.hostKey');
  assert.deepEqual(pinned.verify('169.254.100.7', 22, router, 'b'), { ok: true });
  assert.equal(pinned.verify('169.254.100.7', 22, other, 'b').ok, false);
  assert.equal(pinned.verify('169.254.100.8', 22, router, 'b').ok, false);
  assert.throws(() => KnownHosts.pinned('not a key', 'h', 22, 'spec'), /expected "KEYTYPE KEY"/);
});
