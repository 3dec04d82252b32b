import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeviceError } from '../core/device-driver.js';
import { checkVyosOptions, createVyosDriver, parseVyosFlags, vyosDriverOptionsFrom } from './index.js';
import { parseHostPort } from './flags.js';

const LAB_MANAGEMENT = { ssh: { host: '169.254.100.7', port: 22, user: 'vyos', secretRef: 'border1-ssh' } };

test('the Switch spec.management.ssh is the default; --ssh-key is required', () => {
  assert.deepEqual(vyosDriverOptionsFrom('border1', { sshKey: '/keys/border1' }, LAB_MANAGEMENT, '/home/weft'), {
    options: { switch: 'border1', target: { kind: 'ssh', host: '169.254.100.7', port: 22, user: 'vyos', privateKeyFile: '/keys/border1', knownHostsFile: '/home/weft/.ssh/known_hosts' } },
  });
  assert.deepEqual(vyosDriverOptionsFrom('border1', {}, LAB_MANAGEMENT, '/h'), {
    problems: ['--ssh-key FILE is required to log in to switch border1 over SSH (spec.management.ssh.secretRef border1-ssh is a Kubernetes Secret)'],
  });
});

test('flags override the spec; a pinned hostKey in the spec replaces known_hosts unless --known-hosts is given', () => {
  const management = { ssh: { host: '10.0.0.1', port: 2222, hostKey: 'ssh-ed25519 AAAA' } };
  assert.deepEqual(
    vyosDriverOptionsFrom('border1', { ssh: '192.0.2.9:830', sshUser: 'weft', sshKey: 'k', confirmMinutes: '5', vbash: '/bin/vbash' }, management, '/h'),
    { options: { switch: 'border1', confirmMinutes: 5, vbash: '/bin/vbash', target: { kind: 'ssh', host: '192.0.2.9', port: 830, user: 'weft', privateKeyFile: 'k', hostKey: 'ssh-ed25519 AAAA' } } },
  );
  assert.deepEqual(vyosDriverOptionsFrom('border1', { sshKey: 'k', knownHosts: '/kh' }, management, '/h'), {
    options: { switch: 'border1', target: { kind: 'ssh', host: '10.0.0.1', port: 2222, user: 'vyos', privateKeyFile: 'k', knownHostsFile: '/kh' } },
  });
  // --ssh with the spec's host keeps the spec's port
  assert.deepEqual(vyosDriverOptionsFrom('b', { ssh: '10.0.0.1', sshKey: 'k' }, management, '/h'), {
    options: { switch: 'b', target: { kind: 'ssh', host: '10.0.0.1', port: 2222, user: 'vyos', privateKeyFile: 'k', hostKey: 'ssh-ed25519 AAAA' } },
  });
});

test('--qga needs no SSH and refuses SSH flags; a switch without management needs a flag', () => {
  assert.deepEqual(vyosDriverOptionsFrom('border1', { qga: '/run/qga.sock' }, undefined, '/h'), { options: { switch: 'border1', target: { kind: 'qga', socket: '/run/qga.sock' } } });
  assert.deepEqual(vyosDriverOptionsFrom('border1', { qga: '/s', sshKey: 'k', knownHosts: 'kh' }, undefined, '/h'), {
    problems: ['--qga and --ssh-key cannot be combined: the guest agent needs no SSH', '--qga and --known-hosts cannot be combined: the guest agent needs no SSH'],
  });
  assert.deepEqual(vyosDriverOptionsFrom('border1', { sshKey: 'k' }, undefined, '/h'), { problems: ['switch border1 has no spec.management.ssh: give --ssh HOST[:PORT] or --qga SOCKET'] });
  assert.deepEqual(vyosDriverOptionsFrom('b', { qga: '/s', confirmMinutes: '0' }, undefined, '/h'), { problems: ['--confirm-minutes must be 1 to 60, got "0"'] });
});

test('--ssh takes HOST, HOST:PORT, [IPv6]:PORT and a bare IPv6 address', () => {
  assert.deepEqual(parseHostPort('border1'), { host: 'border1' });
  assert.deepEqual(parseHostPort('10.0.0.1:2222'), { host: '10.0.0.1', port: 2222 });
  assert.deepEqual(parseHostPort('[2001:db8::1]:22'), { host: '2001:db8::1', port: 22 });
  assert.deepEqual(parseHostPort('2001:db8::1'), { host: '2001:db8::1' });
  assert.equal(parseHostPort('h:99999'), '--ssh: the port must be 1 to 65535, got 99999');
  assert.equal(parseHostPort('[::1'), '--ssh: expected HOST or HOST:PORT, got "[::1"');
});

test('parseVyosFlags keeps the string values commander parsed', () => {
  assert.deepEqual(parseVyosFlags({ ssh: 'h', sshKey: 'k', switch: 'border1', confirmMinutes: '3', verbose: true }), { ssh: 'h', sshKey: 'k', confirmMinutes: '3' });
});

test('createVyosDriver refuses bad options, naming each; SSH without pinned keys is one of them', () => {
  const problems = checkVyosOptions({ switch: 'bad name', confirmMinutes: 0, vbash: '/bin/vbash; reboot', target: { kind: 'ssh', host: 'h', privateKeyFile: 'k', port: 0 } });
  assert.deepEqual(problems, [
    'switch must be a switch name, got "bad name"',
    'confirmMinutes must be a whole number from 1 to 60, got 0',
    'vbash must be a plain path, got "/bin/vbash; reboot"',
    'target.port must be a whole number from 1 to 65535, got 0',
    'target needs knownHostsFile or hostKey: SSH host keys are always pinned',
  ]);
  assert.throws(
    () => createVyosDriver({ switch: 'border1', target: { kind: 'qga', socket: '' } }),
    (error: unknown) => error instanceof DeviceError && !error.retryable && error.details.includes('target.socket is empty'),
  );
});
