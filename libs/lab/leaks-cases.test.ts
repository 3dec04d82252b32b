// Which routes of `show ip route vrf all json` the lab takes for leaked (and installs on a leak
// link), case by case: the entry FRR selected, then a BGP one; active next hops all in one other
// VRF; never kernel entries, the default VRF, or a next hop in the route's own VRF.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { leakedRoutes, planLeaks, splitJsonValues } from './index.js';

type Entry = Record<string, unknown>;
const show = (prefix: string, entries: Entry[]): string => JSON.stringify({ [prefix]: entries.map((e) => ({ prefix, vrfName: 'Vrf1', ...e })) });
const hop = (vrf: string, active = true) => ({ vrf, active });

const cases: { name: string; text: string; via: string[] }[] = [
  { name: 'a selected BGP route via another VRF', text: show('10.2.0.0/16', [{ protocol: 'bgp', selected: true, nexthops: [hop('Vrf2')] }]), via: ['Vrf2'] },
  {
    name: 'the selected entry wins over a BGP one listed before it',
    text: show('10.2.0.0/16', [
      { protocol: 'bgp', nexthops: [hop('Vrf2')] },
      { protocol: 'static', selected: true, nexthops: [hop('Vrf3')] },
    ]),
    via: ['Vrf3'],
  },
  {
    name: 'with none selected, the BGP entry, not the first',
    text: show('10.2.0.0/16', [
      { protocol: 'static', selected: false, nexthops: [hop('Vrf3')] },
      { protocol: 'bgp', selected: false, nexthops: [hop('Vrf2')] },
    ]),
    via: ['Vrf2'],
  },
  { name: 'with none selected and no BGP entry: none', text: show('10.2.0.0/16', [{ protocol: 'static', nexthops: [hop('Vrf3')] }]), via: [] },
  { name: 'only kernel entries (the lab\'s own, read back): none', text: show('10.2.0.0/16', [{ protocol: 'kernel', selected: true, nexthops: [hop('Vrf2')] }]), via: [] },
  { name: 'a route of the default VRF: none', text: show('10.2.0.0/16', [{ vrfName: 'default', protocol: 'bgp', selected: true, nexthops: [hop('Vrf2')] }]), via: [] },
  { name: 'inactive next hops do not count', text: show('10.2.0.0/16', [{ protocol: 'bgp', selected: true, nexthops: [hop('Vrf2'), hop('Vrf3', false)] }]), via: ['Vrf2'] },
  { name: 'next hops in two VRFs: none', text: show('10.2.0.0/16', [{ protocol: 'bgp', selected: true, nexthops: [hop('Vrf2'), hop('Vrf3')] }]), via: [] },
  { name: 'a next hop in the route\'s own VRF: none', text: show('10.2.0.0/16', [{ protocol: 'bgp', selected: true, nexthops: [hop('Vrf1')] }]), via: [] },
  { name: 'a next hop in the default VRF: none', text: show('10.2.0.0/16', [{ protocol: 'bgp', selected: true, nexthops: [hop('default')] }]), via: [] },
  { name: 'a prefix whose value is no list is skipped', text: JSON.stringify({ '10.2.0.0/16': { protocol: 'bgp' } }), via: [] },
  { name: 'a top-level list is no VRF\'s routes', text: JSON.stringify([[{ prefix: '10.2.0.0/16', vrfName: 'Vrf1', protocol: 'bgp', selected: true, nexthops: [hop('Vrf2')] }]]), via: [] },
];

for (const c of cases) {
  test(`leaked routes: ${c.name}`, () => {
    assert.deepEqual(
      leakedRoutes(c.text),
      c.via.map((via) => ({ vrf: 'Vrf1', prefix: '10.2.0.0/16', via })),
    );
  });
}

test('JSON values: an empty string key or value inside is read whole', () => {
  assert.deepEqual(splitJsonValues('{"":1} {"a":""}'), [{ '': 1 }, { a: '' }]);
});

const leak = (vrf: string, prefix: string, via: string) => ({ vrf, prefix, via });
const route = (vrf: string, prefix: string, device: string) => ({ vrf, prefix, device });

test('leak links are added pair by pair in VRF order, whatever order the routes come in', () => {
  assert.deepEqual(
    planLeaks([leak('Vrf4', '10.3.0.0/16', 'Vrf3'), leak('Vrf2', '10.1.0.0/16', 'Vrf1')], new Map(), [
      route('Vrf4', '10.3.0.0/16', 'lk-Vrf3'),
      route('Vrf2', '10.1.0.0/16', 'lk-Vrf1'),
    ]).map((o) => (o.op === 'leak-link-add' ? `${o.op} ${o.a} ${o.b}` : o.op)),
    ['leak-link-add Vrf1 Vrf2', 'leak-link-add Vrf3 Vrf4'],
  );
});

test('a leaked route is set unless the same VRF, prefix and device hold it; routes that differ in any of them go', () => {
  const links = new Map([
    ['Vrf1', ['lk-Vrf2', 'lk-Vrf3']],
    ['Vrf2', ['lk-Vrf1']],
    ['Vrf3', ['lk-Vrf1']],
  ]);
  const wanted = [leak('Vrf1', '10.2.0.0/16', 'Vrf2'), leak('Vrf3', '10.9.0.0/16', 'Vrf1')];
  assert.deepEqual(
    planLeaks(wanted, links, [
      route('Vrf1', '10.2.0.0/16', 'lk-Vrf3'),
      route('Vrf2', '10.2.0.0/16', 'lk-Vrf2'),
      route('Vrf1', '10.7.0.0/16', 'lk-Vrf2'),
      route('Vrf3', '10.9.0.0/16', 'lk-Vrf1'),
    ]),
    [
      { op: 'leak-route-set', vrf: 'Vrf1', prefix: '10.2.0.0/16', device: 'lk-Vrf2' },
      { op: 'leak-route-del', vrf: 'Vrf1', prefix: '10.2.0.0/16', device: 'lk-Vrf3' },
      { op: 'leak-route-del', vrf: 'Vrf2', prefix: '10.2.0.0/16', device: 'lk-Vrf2' },
      { op: 'leak-route-del', vrf: 'Vrf1', prefix: '10.7.0.0/16', device: 'lk-Vrf2' },
    ],
  );
});

test('leaked routes: an entry without its prefix or its VRF name is none', () => {
  const text = JSON.stringify({
    '10.2.0.0/16': [{ vrfName: 'Vrf1', protocol: 'bgp', selected: true, nexthops: [hop('Vrf2')] }],
    '10.3.0.0/16': [{ prefix: '10.3.0.0/16', protocol: 'bgp', selected: true, nexthops: [hop('Vrf2')] }],
  });
  assert.deepEqual(leakedRoutes(text), []);
});
