/**
 * The VyOS stand-in itself: that it answers scripts the way VyOS's script-template and vyatta-cfg
 * do (and is not more forgiving), so that the driver's tests against it mean something.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { requireTool, toolUnavailable } from '../tools.js';
import { VyosStandinRouter, writeStandinShell, type StandinShell } from './index.js';

const run = promisify(execFile);
let router: VyosStandinRouter | undefined;
let shell: StandinShell | undefined;
let dir = '';

before(async () => {
  if (toolUnavailable('vyos-validate') !== undefined) return;
  dir = mkdtempSync(join(tmpdir(), 'wv-standin-'));
  router = new VyosStandinRouter({ minuteMs: 60_000 });
  await router.listen();
  shell = writeStandinShell(join(dir, 'shell'), router);
});

after(async () => {
  await router?.close();
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

/** Runs a script-template script through the stand-in's vbash; stdout and stderr together. */
async function script(lines: readonly string[]): Promise<string> {
  const file = join(dir, 'script.sh');
  writeFileSync(file, ['source /opt/vyatta/etc/functions/script-template', ...lines, ''].join('\n'));
  const { stdout, stderr } = await run(join(shell?.bin ?? '', 'vbash'), [file], { env: { PATH: '/usr/bin:/bin' } });
  return stdout + stderr;
}

const BOOT = ["set interfaces ethernet eth0 hw-id '52:54:00:00:00:10'", "set system host-name 'vyos'"];

test('the VyOS stand-in: a rejected set prints VyOS errors and "Set failed", and the script goes on', async (t) => {
  if (!requireTool(t, 'vyos-validate') || router === undefined) return;
  router.load(BOOT);
  const out = await script(['configure', "set interfaces ethernet eth0 mtu '99999'", 'echo "rc=$?"', 'set protocols bgp 65000 neighbor 10.0.0.1', "set system host-name 'border1'", 'commit', 'exit']);
  assert.match(out, /invalid value '99999' for 'interfaces ethernet eth0 mtu'.*\n\s+Set failed\n/);
  assert.match(out, /rc=0/, 'like VyOS, the command wrapper returns 0');
  assert.match(out, /VyOS 1\.3 syntax/);
  assert.deepEqual(router.running(), ["set interfaces ethernet eth0 hw-id '52:54:00:00:00:10'", "set system host-name 'border1'"], 'the valid line was committed');
});

test('the VyOS stand-in: leaves, values and deletes follow vyatta-cfg', async (t) => {
  if (!requireTool(t, 'vyos-validate') || router === undefined) return;
  router.load(BOOT);
  const out = await script([
    'configure',
    "set interfaces ethernet eth0 mtu '1500'",
    "set interfaces ethernet eth0 mtu '9000'",
    "set interfaces ethernet eth0 address '10.0.0.1/31'",
    "set interfaces ethernet eth0 address '10.0.0.3/31'",
    "set protocols bgp neighbor eth0 address-family ipv4-unicast route-map import 'X'",
    "set policy route-map X rule 10 action 'permit'",
    "set protocols bgp system-as '65000'",
    "set protocols bgp neighbor eth0 interface v6only remote-as 'external'",
    'commit',
    'delete protocols bgp neighbor eth0 address-family ipv4-unicast route-map',
    "delete interfaces ethernet eth0 address '10.0.0.1/31'",
    'delete service snmp',
    'commit',
    'exit',
  ]);
  assert.match(out, /Nothing to delete \(the specified node does not exist\)/);
  assert.doesNotMatch(out, /failed/i);
  assert.deepEqual(router.running(), [
    "set interfaces ethernet eth0 address '10.0.0.3/31'",
    "set interfaces ethernet eth0 hw-id '52:54:00:00:00:10'",
    "set interfaces ethernet eth0 mtu '9000'",
    "set policy route-map X rule 10 action 'permit'",
    // the plain parent of a deleted node stays, as in vyatta-cfg
    'set protocols bgp neighbor eth0 address-family ipv4-unicast',
    "set protocols bgp neighbor eth0 interface v6only remote-as 'external'",
    "set protocols bgp system-as '65000'",
    "set system host-name 'vyos'",
  ]);
});

test('the VyOS stand-in: commit runs vyos-validate --commit; a refused commit applies nothing', async (t) => {
  if (!requireTool(t, 'vyos-validate') || router === undefined) return;
  router.load(BOOT);
  const before = router.running();
  const out = await script(['configure', "set protocols bgp system-as '65000'", "set protocols bgp neighbor 10.0.0.1 remote-as '65001'", "set protocols bgp neighbor 10.0.0.1 address-family ipv4-unicast route-map import 'MISSING'", 'commit', 'exit']);
  assert.match(out, /Specified route-map "MISSING" does not exist!/);
  assert.match(out, /Commit failed/);
  assert.deepEqual(router.running(), before);
  assert.match(await script(['configure', 'commit', 'exit']), /No configuration changes to commit/);
});

test('the VyOS stand-in: exit drops uncommitted changes; discard and save answer as VyOS does', async (t) => {
  if (!requireTool(t, 'vyos-validate') || router === undefined) return;
  router.load(BOOT);
  await script(['configure', "set system time-zone 'UTC'", 'exit']);
  assert.deepEqual(router.running(), BOOT);
  const out = await script(['configure', "set system time-zone 'UTC'", 'discard', "set system host-name 'b1'", 'commit', 'save', 'exit']);
  assert.match(out, /Changes have been discarded/);
  assert.match(out, /Saving configuration to '\/config\/config\.boot'\.\.\.\nDone/);
  assert.deepEqual(router.savedConfig(), ["set interfaces ethernet eth0 hw-id '52:54:00:00:00:10'", "set system host-name 'b1'"]);
});

test('the VyOS stand-in: commit-confirm needs no-prompt in a script, rolls back unless confirmed', async (t) => {
  if (!requireTool(t, 'vyos-validate') || router === undefined) return;
  router.load(BOOT);
  assert.match(await script(['configure', "set system host-name 'b1'", 'commit-confirm 1', 'exit']), /commit-confirm canceled/);
  assert.deepEqual(router.running(), BOOT);
  const out = await script(['configure', "set system host-name 'b1'", 'commit-confirm 1 no-prompt', 'systemctl is-active commit-confirm.timer', 'confirm', 'confirm', 'exit']);
  assert.match(out, /Initialized commit-confirm; 1 minutes to confirm before reboot\nactive\nReboot timer stopped\nNo confirm pending/);
  assert.equal(router.confirmPending(), false);
  await script(['configure', "set system host-name 'b2'", 'commit-confirm 1 no-prompt', 'exit']);
  assert.match(await script(['configure', "set system host-name 'b3'", 'commit-confirm 1 no-prompt', 'exit']), /Another confirm is pending/);
  await script(['configure', 'confirm', 'exit']);
  router.load(BOOT);
  router.minuteMs = 50;
  const rolledBack = once(router, 'rollback');
  await script(['configure', "set system host-name 'b4'", 'commit-confirm 1 no-prompt', 'exit']);
  await rolledBack;
  router.minuteMs = 60_000;
  assert.deepEqual(router.running(), BOOT, 'back to the saved configuration, as after a reboot');
  assert.match(await script(['systemctl is-active commit-confirm.timer || true']), /inactive/);
});

test('the VyOS stand-in refuses a script with the wrong token, and records sessions by shell', async (t) => {
  if (!requireTool(t, 'vyos-validate') || router === undefined || shell === undefined) return;
  router.load(BOOT);
  await script(['run show configuration commands']);
  const sessions = router.sessionsLog();
  assert.equal(sessions.length, 1);
  assert.deepEqual(sessions[0]?.commands, ['run show configuration commands']);
  const forged = join(dir, 'forged.sh');
  writeFileSync(forged, `exec 3<>/dev/tcp/127.0.0.1/${router.port}; printf '%s\\0' wrong shell 1 1 configure >&3; cat <&3\n`);
  const { stdout } = await run('bash', [forged]);
  assert.match(stdout, /bad token/);
  assert.equal(router.log().length, 1);
});
