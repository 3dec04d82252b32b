// What `weft lab up` says before it builds anything: not root, programs missing (with the Debian
// packages to install), and `--sonic-vs` where SONiC-VS cannot run. The non-root case runs the
// real CLI as user nobody.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { missingPrerequisites } from '../src/prereqs.js';
import { sonicVsNotice } from '../src/sonic-vs.js';
import { run } from '../src/system.js';
import { ROOT, WEFT } from './support/lab-process.js';

test('not root: the sentence says so and how to run it', async () => {
  const problems = await missingPrerequisites(false, () => Promise.resolve(true));
  assert.deepEqual(problems, ['weft lab needs root: it creates network namespaces, veth pairs and mounts (run it with sudo)']);
});

test('frr and redis-server missing: each program is named, with the packages to install', async () => {
  const absent = new Set(['redis-server', 'redis-cli', '/usr/lib/frr/zebra', 'vtysh', '/usr/lib/frr/frr-reload.py']);
  const problems = await missingPrerequisites(true, (path) => Promise.resolve(!absent.has(path)));
  assert.equal(problems.length, 1);
  assert.match(problems[0] ?? '', /^missing: redis-server \(each switch's CONFIG_DB\); redis-cli .*; FRR \(zebra, bgpd, staticd\); vtysh; frr-reload\.py .*\. Install them with: apt-get install redis-server redis-tools frr frr-pythontools$/);
});

test('`weft lab up` as a user that is not root: exit 1, the reason on stderr, nothing built', { skip: process.getuid?.() !== 0 ? 'needs root to switch to user nobody' : false }, async () => {
  const child = spawn('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, WEFT, 'lab', 'up', '--dir', '/nonexistent/wl-lab', '-f', 'wiring/lab.yaml'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  assert.equal(code, 1, stderr);
  assert.match(stderr, /^weft lab up: weft lab needs root/m);
});

test('--sonic-vs says plainly why SONiC-VS is not used, and never calls the emulation SONiC-VS', async () => {
  const notice = await sonicVsNotice();
  assert.match(notice, /^--sonic-vs: /);
  assert.match(notice, /the switches run in the namespace emulation.*which is not SONiC-VS$/);
  const docker = await run(['docker', 'version']).catch(() => undefined);
  if (docker === undefined) assert.match(notice, /there is no Docker engine on this machine, so no SONiC-VS/);
});
