// The vbash scripts line by line, as the router runs them: the prologue (re-exec under
// vyattacfg, the script-template, the step function with its failure markers), each script's
// body and the epilogue; and the limits of what a script takes, at their edges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyScript, confirmScript, observeScript, readScript } from './index.js';

const CONTEXT = { vbash: '/bin/vbash', nonce: '0123456789abcdef' };

const prologue = (title: string): string =>
  `#!/bin/vbash
# Weft: ${title}
if [ "$(id -g -n)" != 'vyattacfg' ]; then exec sg vyattacfg -c "/bin/vbash $(readlink -f "$0")"; fi
source /opt/vyatta/etc/functions/script-template
weft_out=$(mktemp) || builtin exit 97
weft_failed=0
weft_step() {
  cat -- "$weft_out"
  if [ "$3" = check ] && { [ "$2" != 0 ] || grep -q -E 'Set failed|Delete failed|Commit failed|Another confirm is pending|commit-confirm canceled' -- "$weft_out"; }; then weft_failed=1; fi
  printf '\\n%s %s rc=%s\\n' '@@weft:0123456789abcdef' "$1" "$2"
}
`;

test('the read script reads the configuration and the commit-confirm timer, then removes its file and exits with the failures', () => {
  assert.equal(readScript(CONTEXT), prologue('read the running configuration') + `run show configuration commands >"$weft_out" 2>&1; weft_step config $?
systemctl is-active commit-confirm.timer >"$weft_out" 2>&1; weft_step commit-confirm-timer $?
rm -f -- "$weft_out"
builtin exit "$weft_failed"
`);
});

test('the apply script configures, runs each command checked, commits only without failures, else discards', () => {
  const script = applyScript([{ verb: 'set', path: ['system', 'host-name', 'border1'], quoted: [false, false, true] }], { kind: 'commit-confirm', minutes: 60 }, CONTEXT);
  assert.equal(script, prologue('1 configuration command(s), then commit-confirm 60 no-prompt') + `configure
set system host-name 'border1' >"$weft_out" 2>&1; weft_step 1 $? check
if [ "$weft_failed" = 0 ]; then commit-confirm 60 no-prompt >"$weft_out" 2>&1; weft_step commit $? check; fi
if [ "$weft_failed" != 0 ]; then discard >"$weft_out" 2>&1; weft_step discard $?; fi
exit
rm -f -- "$weft_out"
builtin exit "$weft_failed"
`);
});

test('the confirm script confirms, then saves only after a good confirm; the observe script asks FRR for every VRF', () => {
  assert.equal(confirmScript(CONTEXT, true), prologue('confirm and save') + `configure
confirm >"$weft_out" 2>&1; weft_step confirm $? check
if [ "$weft_failed" = 0 ]; then save >"$weft_out" 2>&1; weft_step save $? check; fi
exit
rm -f -- "$weft_out"
builtin exit "$weft_failed"
`);
  assert.equal(observeScript(CONTEXT), prologue('BGP summary') + `vtysh -c 'show ip bgp vrf all summary json' >"$weft_out" 2>&1; weft_step bgp $?
rm -f -- "$weft_out"
builtin exit "$weft_failed"
`);
});

test('limits at their edges: 1 to 60 whole minutes, a nonce of 16 to 64 hex digits, a plain vbash path, one command at least', () => {
  const one = [{ verb: 'set' as const, path: ['system', 'host-name', 'border1'], quoted: [false, false, true] }];
  assert.match(applyScript(one, { kind: 'commit-confirm', minutes: 1 }, CONTEXT), /then commit-confirm 1 no-prompt >/);
  for (const minutes of [61, 1.5, 0]) {
    assert.throws(() => applyScript(one, { kind: 'commit-confirm', minutes }, CONTEXT), { name: 'VyosConfigError', message: `commit-confirm takes 1 to 60 minutes, got ${minutes}` });
  }
  assert.ok(readScript({ ...CONTEXT, nonce: 'f'.repeat(64) }).includes(`'@@weft:${'f'.repeat(64)}'`));
  for (const nonce of ['f'.repeat(15), 'f'.repeat(65), `${'f'.repeat(16)}\n`]) {
    assert.throws(() => observeScript({ ...CONTEXT, nonce }), { message: `a script nonce must be 16 to 64 hex digits, got ${JSON.stringify(nonce)}` });
  }
  assert.throws(() => confirmScript({ ...CONTEXT, vbash: '/bin/vbash x' }, false), { message: 'the vbash path must be a plain path, got "/bin/vbash x"' });
  assert.throws(() => confirmScript({ ...CONTEXT, vbash: '' }, false), { message: 'the vbash path must be a plain path, got ""' });
  assert.throws(() => applyScript([], { kind: 'commit' }, CONTEXT), { message: 'an apply script needs at least one command' });
});
