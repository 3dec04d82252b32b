// `weft inspect vpc/blue` on the sample fabric in the virtual lab, as root, with the real parts
// (weft serve, Redis and FRR per switch, the shim, the real agents): after `weft lab test` has
// sent packets between every pair, the printed answer shows blue's VNIs up on its leaves with
// tunnels to each other, the EVPN sessions Established with prefixes, and each server's MAC
// learnt on its own leaf's port and, behind that leaf's VTEP, on the other leaf of its subnet.
// Each agent serves its metrics on the address `up` gave it, with the same state.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { readState } from '../src/lab-state.js';
import { metricsAddressPath } from '../src/nodes.js';
import { eventually, labPlace, labUnavailable, weft } from './support/lab-process.js';

const unavailable = await labUnavailable();

test('weft inspect vpc/blue shows where and how blue runs in the lab', { skip: unavailable }, async (t: TestContext) => {
  const { dir, prefix } = await labPlace();
  t.after(async () => {
    await weft(['lab', 'down', '--dir', dir]);
  });
  const up = await weft(['lab', 'up', '--dir', dir, '--prefix', prefix, '--timeout', '240', '-f', 'wiring/lab.yaml', '-f', 'examples/lab']);
  assert.equal(up.code, 0, `${up.stdout}\n${up.stderr}`);
  // packets between every pair, so the leaves learn the servers' MACs; the matrix itself is
  // lab.test.ts's to judge (a flaky pair elsewhere in the fabric is not this test's subject)
  const tested = await weft(['lab', 'test', '--dir', dir]);
  assert.match(tested.stdout, /^reachability: \d+ probes/m, tested.stderr);
  const server = (await readState(dir))?.serve?.url ?? '';
  // the agents report on their period (5 s in the lab): the answer settles within a few of them
  // (blue's servers sit on leaf1, leaf2 and leaf4: those must show no problem; leaf3 and the
  // border carry only its VRF, and what they report is printed, not judged here)
  const shown = await eventually('weft inspect vpc/blue to show no problem on leaf1, leaf2, leaf4', 180_000, async () => {
    const run = await weft(['inspect', 'vpc/blue', '--server', server, '--token-file', `${dir}/_tokens/architect`]);
    assert.equal(run.code, 0, run.stderr);
    const problems = run.stdout.slice(run.stdout.indexOf('\nproblems'));
    if (/^ {2}leaf[124]: /m.test(problems) || !/remote behind 10\.0\.0\.2 \(leaf1\)$/m.test(run.stdout)) throw new Error(run.stdout);
    return run.stdout;
  });
  t.diagnostic(shown);
  assert.match(shown, /^VPC default\/blue: Vrf\d+, L3VNI \d+, on \d+ switches$/m);
  for (const leaf of ['leaf1', 'leaf2', 'leaf4']) assert.match(shown, new RegExp(`^${leaf} +Applied +(\\d+)/\\1 +2/2 up +2/2 Established `, 'm'));
  assert.match(shown, /^leaf1 +\d+ +L2 +default\/blue\/web +\d+ +Up +leaf4 \(10\.0\.0\.5\)$/m);
  assert.match(shown, /^leaf4 +\d+ +L2 +default\/blue\/web +\d+ +Up +leaf1 \(10\.0\.0\.2\)$/m);
  assert.match(shown, /^leaf2 +\d+ +L2 +default\/blue\/app +\d+ +Up +-$/m);
  for (const [leaf, spine] of [['leaf1', 'spine1'], ['leaf1', 'spine2'], ['leaf4', 'spine1']]) {
    assert.match(shown, new RegExp(`^${leaf} +Ethernet\\d+ +${spine} +default +l2VpnEvpn +Established +[1-9]\\d* `, 'm'));
  }
  assert.match(shown, /^leaf1 +[0-9a-f:]{17} +\d+ +default\/blue\/web +local on Ethernet0 \(server1 via server1--leaf1\)$/m);
  assert.match(shown, /^leaf4 +[0-9a-f:]{17} +\d+ +default\/blue\/web +local on Ethernet0 \(server6 via server6--leaf4\)$/m);
  assert.match(shown, /^leaf1 +[0-9a-f:]{17} +\d+ +default\/blue\/web +remote behind 10\.0\.0\.5 \(leaf4\)$/m);
  assert.match(shown, /^leaf4 +[0-9a-f:]{17} +\d+ +default\/blue\/web +remote behind 10\.0\.0\.2 \(leaf1\)$/m);
  assert.match(shown, /^leaf2 +[0-9a-f:]{17} +\d+ +default\/blue\/app +local on Ethernet0 \(server3 via server3--leaf2\)$/m);
  // every agent serves its metrics (--metrics-address): leaf1's, scraped, say the same
  const metrics = (await readFile(metricsAddressPath(dir, 'leaf1'), 'utf8')).trim();
  const scraped = await (await fetch(`http://${metrics}/metrics`)).text();
  assert.match(scraped, /^weft_agent_vni_up\{vni="\d+",type="L2",vrf="Vrf\d+",switch="leaf1"\} 1$/m);
  assert.match(scraped, /^weft_agent_bgp_session_established\{vrf="default",peer="Ethernet48",family="l2VpnEvpn",switch="leaf1"\} 1$/m);
  assert.match(scraped, /^weft_agent_evpn_macs\{type="local",switch="leaf1"\} [1-9]\d*$/m);
  assert.match(scraped, /^weft_agent_apply_duration_seconds_count\{switch="leaf1",result="ok"\} [1-9]\d*$/m);
  const json = await weft(['inspect', 'vpc/blue', '--json', '--server', server, '--token-file', `${dir}/_tokens/architect`]);
  const parsed = JSON.parse(json.stdout) as { switches: { switch: string; macs: { server?: string }[] }[] };
  assert.deepEqual(parsed.switches.find((s) => s.switch === 'leaf1')?.macs.flatMap((m) => m.server ?? []), ['server1']);
});
