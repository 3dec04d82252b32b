import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { applyScript, confirmScript, observeScript, parseBgpSummary, parseScriptOutput, readScript, splitWords, type Command } from './index.js';

const CONTEXT = { vbash: '/bin/vbash', nonce: '0123456789abcdef0123456789abcdef' };

const COMMANDS: Command[] = [
  { verb: 'delete', path: ['policy', 'prefix-list', 'weft-old'], quoted: [false, false, false] },
  { verb: 'set', path: ['interfaces', 'ethernet', 'eth3', 'description', "x; reboot $(id) `id`"], quoted: [false, false, false, false, true] },
];

function bashSyntaxOk(script: string): void {
  const result = spawnSync('bash', ['-n'], { input: script, encoding: 'utf8' });
  assert.equal(result.status, 0, `bash -n refused the script:\n${result.stderr}\n${script}`);
}

test('every script is valid bash, re-execs under sg vyattacfg and sources the script-template', () => {
  const scripts = [readScript(CONTEXT), applyScript(COMMANDS, { kind: 'commit-confirm', minutes: 2 }, CONTEXT), confirmScript(CONTEXT, true), observeScript(CONTEXT)];
  for (const script of scripts) {
    bashSyntaxOk(script);
    const lines = script.split('\n');
    assert.equal(lines[0], '#!/bin/vbash');
    assert.equal(lines[2], `if [ "$(id -g -n)" != 'vyattacfg' ]; then exec sg vyattacfg -c "/bin/vbash $(readlink -f "$0")"; fi`);
    assert.equal(lines[3], 'source /opt/vyatta/etc/functions/script-template');
    assert.ok(script.includes('@@weft:0123456789abcdef0123456789abcdef'));
  }
});

test('the apply script: configure, each command checked, commit-confirm only when none failed, else discard', () => {
  const script = applyScript(COMMANDS, { kind: 'commit-confirm', minutes: 3 }, CONTEXT);
  const lines = script.split('\n');
  const at = (prefix: string): number => lines.findIndex((line) => line.startsWith(prefix));
  assert.ok(at('configure') < at('delete policy prefix-list weft-old'));
  assert.equal(lines[at('delete ')], 'delete policy prefix-list weft-old >"$weft_out" 2>&1; weft_step 1 $? check');
  assert.equal(lines[at('set ')], `set interfaces ethernet eth3 description 'x; reboot $(id) \`id\`' >"$weft_out" 2>&1; weft_step 2 $? check`);
  assert.equal(lines[at('if [ "$weft_failed" = 0 ]')], 'if [ "$weft_failed" = 0 ]; then commit-confirm 3 no-prompt >"$weft_out" 2>&1; weft_step commit $? check; fi');
  assert.ok(at('if [ "$weft_failed" != 0 ]; then discard') > at('if [ "$weft_failed" = 0 ]'));
  assert.ok(at('exit') > at('if [ "$weft_failed" != 0 ]'));
  assert.match(script, /grep -q -E 'Set failed\|Delete failed\|Commit failed\|Another confirm is pending\|commit-confirm canceled'/);
  // the hostile description is one single-quoted word to bash
  const setLine = lines[at('set ')] ?? '';
  assert.deepEqual(
    splitWords(setLine.slice(0, setLine.indexOf(' >"$weft_out"'))).map((word) => word.text),
    ['set', 'interfaces', 'ethernet', 'eth3', 'description', 'x; reboot $(id) `id`'],
  );
  assert.match(applyScript(COMMANDS, { kind: 'commit' }, CONTEXT), /then commit >"\$weft_out" 2>&1; weft_step commit \$\? check; fi/);
});

test('scripts refuse what would break them: no commands, a bad nonce, a vbash path with spaces, minutes out of range', () => {
  assert.throws(() => applyScript([], { kind: 'commit' }, CONTEXT), /at least one command/);
  assert.throws(() => readScript({ ...CONTEXT, nonce: 'NOT-HEX' }), /nonce/);
  assert.throws(() => readScript({ ...CONTEXT, nonce: 'abc' }), /nonce/);
  assert.throws(() => readScript({ ...CONTEXT, vbash: '/bin/vbash; reboot' }), /plain path/);
  assert.throws(() => applyScript(COMMANDS, { kind: 'commit-confirm', minutes: 0 }, CONTEXT), /1 to 60 minutes/);
  assert.throws(() => applyScript([{ verb: 'set', path: ['system', 'host-name', "a'b"], quoted: [false, false, true] }], { kind: 'commit' }, CONTEXT), /quotes/);
});

test('parseScriptOutput splits the output at the markers and flags failed steps', () => {
  const marker = (id: string, rc: number): string => `@@weft:${CONTEXT.nonce} ${id} rc=${rc}`;
  const stdout = [
    '',
    marker('1', 0),
    '',
    '  Configuration path: [interfaces ethernet eth3 mtu 99999] is not valid',
    '  Set failed',
    '',
    '',
    marker('2', 0),
    'Initialized commit-confirm; 2 minutes to confirm before reboot',
    '',
    marker('commit', 0),
    // a forged marker with another nonce is just output
    '@@weft:ffffffffffffffff 3 rc=0',
    '',
    marker('discard', 0),
    'tail',
  ].join('\n');
  const { steps, rest } = parseScriptOutput(stdout, CONTEXT.nonce);
  assert.deepEqual(
    steps.map((step) => [step.id, step.failed]),
    [
      ['1', false],
      ['2', true],
      ['commit', false],
      ['discard', false],
    ],
  );
  assert.equal(steps[1]?.output, '\n  Configuration path: [interfaces ethernet eth3 mtu 99999] is not valid\n  Set failed\n');
  assert.equal(steps[2]?.output, 'Initialized commit-confirm; 2 minutes to confirm before reboot');
  assert.equal(steps[3]?.output, '@@weft:ffffffffffffffff 3 rc=0');
  assert.equal(rest, 'tail');
  assert.equal(parseScriptOutput('x\n' + marker('save', 1), CONTEXT.nonce).steps[0]?.failed, true, 'a non-zero status fails the step');
});

test('parseBgpSummary reads FRR summaries per VRF, with and without address-family level', () => {
  const ipSummary = {
    default: {
      routerId: '10.0.0.21',
      as: 65200,
      vrfName: 'default',
      peers: {
        eth1: { hostname: 'spine2', remoteAs: 65100, state: 'Established', pfxRcd: 12, peerUptime: '01:02:03', idType: 'interface' },
        '10.254.1.0': { remoteAs: 65100, state: 'Active', peerUptime: 'never', idType: 'ipv4' },
      },
    },
    Vrf9: { routerId: '10.0.0.21', as: 65200, vrfName: 'Vrf9', peers: { '192.0.2.1': { remoteAs: 64496, state: 'Idle' } } },
    Vrf1: {},
  };
  assert.deepEqual(parseBgpSummary(ipSummary), [
    { peer: '10.254.1.0', vrf: 'default', state: 'Active', remoteAs: 65100, uptime: 'never' },
    { peer: 'eth1', vrf: 'default', state: 'Established', remoteAs: 65100, prefixesReceived: 12, uptime: '01:02:03' },
    { peer: '192.0.2.1', vrf: 'Vrf9', state: 'Idle', remoteAs: 64496 },
  ]);
  const bgpSummary = {
    default: {
      ipv4Unicast: { peers: { eth1: { remoteAs: 65100, state: 'Established', pfxRcd: 3 } } },
      l2VpnEvpn: { peers: { eth1: { remoteAs: 65100, state: 'Established', pfxRcd: 40 } } },
    },
  };
  assert.deepEqual(parseBgpSummary(bgpSummary), [{ peer: 'eth1', vrf: 'default', state: 'Established', remoteAs: 65100, prefixesReceived: 3 }]);
  assert.throws(() => parseBgpSummary([]), /keyed by VRF/);
  assert.deepEqual(parseBgpSummary({ default: { peers: { x: { state: 'Connect', remoteAs: 0 } } } }), [{ peer: 'x', vrf: 'default', state: 'Connect' }]);
});
