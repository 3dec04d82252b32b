// The plain-VLAN method in the lab, as root: wiring/trunk-lab.yaml with examples/trunk puts the
// legacy tenant's VLANs on the trunk between leaf3 and leaf4, which the lab emulates with one
// veth pair per VLAN. `lab test` must find every probe as the intents say (across the trunk,
// between the VLAN VPC's subnets, and never into the EVPN tenant), and `down` leave nothing.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readState } from '../src/lab-state.js';
import { runOk } from '../src/system.js';
import { listNamespaces } from '../src/topology.js';
import { labPlace, labUnavailable, weft } from './support/lab-process.js';

const unavailable = await labUnavailable();

test('the trunk lab: VLANs cross the trunk on a veth pair each, and `lab test` is all green', { skip: unavailable }, async (t: TestContext) => {
  const { dir, prefix } = await labPlace();
  t.after(() => weft(['lab', 'down', '--dir', dir]));
  const up = await weft(['lab', 'up', '--dir', dir, '--prefix', prefix, '--timeout', '240', '-f', 'wiring/trunk-lab.yaml', '-f', 'examples/trunk']);
  assert.equal(up.code, 0, `${up.stdout}\n${up.stderr}`);
  const plan = (await readState(dir))?.plan;
  const leaf3 = plan?.switches.find((s) => s.name === 'leaf3')?.netns ?? '';
  const leaf4 = plan?.switches.find((s) => s.name === 'leaf4')?.netns ?? '';
  // the switch's own namespace and its VRF namespaces (a VLAN with a gateway lives in its VRF's)
  const vlansOn = async (netns: string): Promise<string[]> => {
    const names: string[] = [];
    for (const ns of (await listNamespaces()).filter((n) => n === netns || n.startsWith(`${netns}@`))) {
      for (const line of (await runOk(['ip', '-n', ns, '-o', 'link', 'show'])).split('\n')) {
        const name = /^\d+: (Ethernet60\.\d+)@/.exec(line)?.[1];
        if (name !== undefined) names.push(name);
      }
    }
    return names.sort();
  };
  const [three, four] = [await vlansOn(leaf3), await vlansOn(leaf4)];
  assert.ok(three.length > 0, 'leaf3 has a veth pair per VLAN on its trunk port');
  assert.deepEqual(three, four, 'both ends of the trunk carry the same VLANs');

  const tested = await weft(['lab', 'test', '--dir', dir]);
  assert.equal(tested.code, 0, tested.stdout);
  assert.match(tested.stdout, /^reachability: (\d+) probes, \1 as the intents say, 0 not$/m);

  const down = await weft(['lab', 'down', '--dir', dir]);
  assert.equal(down.code, 0, down.stderr);
  assert.deepEqual((await listNamespaces()).filter((n) => n.startsWith(prefix)), []);
});
