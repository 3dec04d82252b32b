// frrConfText with the switch's earlier DeviceIntent splices its VRFs and L2VNIs into the earlier
// sorted stanzas; every text must be byte for byte the full render of the same device.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DeviceIntent, L2VniIntent, VrfIntent } from '#domain';
import { LEAF_EVPN, walkSeeds } from '#testing';
import { frrConfText, renderFrrConf, spliceFrrConf } from './index.js';

function random(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n: number): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    // the high bits: the low bits of this generator repeat with a short period
    return Math.floor((state / 2 ** 32) * n);
  };
}

/** LEAF_EVPN without its leaks (a leak that comes or goes is never spliced; tested below). */
const LEAF: DeviceIntent = { ...LEAF_EVPN, vrfs: LEAF_EVPN.vrfs.map((vrf) => ({ ...vrf, leaks: [] })) };

function vrf(n: number, pick: (n: number) => number): VrfIntent {
  return {
    name: `Vrf${n}`,
    tableId: 1000 + n,
    description: `default/v${n}`,
    owner: { vpc: `default/v${n}` },
    // without an L3VNI (or peers or leaks) a VRF gets no BGP instance
    ...(pick(4) > 0 ? { l3vni: 50000 + n, transitVlan: 3000 + n } : {}),
    rd: `10.0.0.11:${10000 + n}`,
    routeTargets: { import: [`65000:${50000 + n}`], export: [`65000:${50000 + n}`] },
    leaks: [],
    neighbors: [],
  };
}

function l2vni(vni: number): L2VniIntent {
  return { vni, vlan: vni % 4000, rd: `10.0.0.11:${vni % 4000}`, routeTargets: { import: [`65000:${vni}`], export: [`65000:${vni}`] } };
}

function changed(device: DeviceIntent, pick: (n: number) => number): DeviceIntent {
  const vrfs = [...device.vrfs];
  const l2vnis = [...device.bgp.l2vnis];
  const newVrf = (): VrfIntent => {
    const names = new Set(vrfs.map((v) => v.name));
    let n = pick(60);
    while (names.has(`Vrf${n}`)) n++;
    return vrf(n, pick);
  };
  const newL2vni = (): L2VniIntent => {
    const vnis = new Set(l2vnis.map((l) => l.vni));
    let vni = 10000 + pick(400);
    while (vnis.has(vni)) vni++;
    return l2vni(vni);
  };
  const action = pick(10);
  if (action <= 1) vrfs.push(newVrf());
  else if (action === 2 && vrfs.length > 0) {
    const twin = vrfs.findIndex((v) => v.description === 'twin');
    vrfs.splice(twin >= 0 ? twin : pick(vrfs.length), 1);
  } else if (action === 3 && vrfs.length > 0) {
    // the same VRF made again with another route target
    const at = pick(vrfs.length);
    const old = vrfs[at] as VrfIntent;
    vrfs[at] = { ...old, routeTargets: { import: [...old.routeTargets.import, '65000:1'], export: old.routeTargets.export } };
  } else if (action <= 5) l2vnis.push(newL2vni());
  else if (action === 6 && l2vnis.length > 0) l2vnis.splice(pick(l2vnis.length), 1);
  else if (action === 7) {
    // a VPC added and another gone in one change
    vrfs.push(newVrf());
    if (l2vnis.length > 0) l2vnis.splice(pick(l2vnis.length), 1);
    l2vnis.push(newL2vni(), newL2vni());
  } else if (action === 8 && vrfs.length > 0 && pick(3) === 0) {
    // a repeated VRF name: the full render orders the twins by input, so it is never spliced
    vrfs.push({ ...(vrfs[pick(vrfs.length)] as VrfIntent), description: 'twin' });
  } else return { ...device, vrfs, bgp: { ...device.bgp, maximumPaths: device.bgp.maximumPaths === 64 ? 32 : 64, l2vnis } };
  // a new BGP intent each time, as the compiler makes one for every rebuilt switch
  return { ...device, vrfs, bgp: { ...device.bgp, networks: [...device.bgp.networks], l2vnis } };
}

for (const seed of walkSeeds([3, 77, 20261206])) {
  test(`a seeded walk of 200 device changes (seed ${seed}): every spliced frr.conf is the full render`, () => {
    const pick = random(seed);
    let device = LEAF;
    assert.equal(frrConfText(device), renderFrrConf(device));
    let spliced = 0;
    for (let step = 0; step < 200; step++) {
      const next = changed(device, pick);
      const text = spliceFrrConf(next, device);
      if (text !== undefined) spliced++;
      // a repeated VRF name or VNI (the walk makes some) is refused and renders in full
      assert.equal(text ?? frrConfText(next, device), renderFrrConf(next), `step ${step + 1}`);
      device = next;
    }
    assert.ok(spliced > 80, `most changes are spliced (${spliced} of 200); not those of maximum-paths, nor those after a repeated VRF name`);
  });
}

/**
 * A change of a leaf whose VRFs leak (Vrf1 and Vrf2 peered): besides the changes above, a VRF
 * that leaks from another comes or goes, or a leak's source goes with the VRFs leaking from it.
 */
function changedWithLeaks(device: DeviceIntent, pick: (n: number) => number): DeviceIntent {
  return withSources(changeWithLeaks(device, pick));
}

/** Without the VRFs that leak from a VRF the device no longer has (the full render refuses them): they go too. */
function withSources(device: DeviceIntent): DeviceIntent {
  let vrfs = device.vrfs;
  for (;;) {
    const names = new Set(vrfs.map((v) => v.name));
    const kept = vrfs.filter((v) => v.leaks.every((leak) => names.has(leak.fromVrf)));
    if (kept.length === vrfs.length) return vrfs === device.vrfs ? device : { ...device, vrfs };
    vrfs = kept;
  }
}

function changeWithLeaks(device: DeviceIntent, pick: (n: number) => number): DeviceIntent {
  const action = pick(12);
  const vrfs = [...device.vrfs];
  const withVrfs = (list: VrfIntent[]): DeviceIntent => ({ ...device, vrfs: list, bgp: { ...device.bgp, networks: [...device.bgp.networks] } });
  if (action <= 1 && vrfs.length > 0) {
    const names = new Set(vrfs.map((v) => v.name));
    let n = 100 + pick(60);
    while (names.has(`Vrf${n}`)) n++;
    const from = (vrfs[pick(vrfs.length)] as VrfIntent).name;
    return withVrfs([...vrfs, { ...vrf(n, pick), leaks: [{ fromVrf: from, prefixes: [`10.${n}.0.0/24`], policyName: `leak-${n}` }] }]);
  }
  if (action === 2) {
    const leaking = vrfs.filter((v) => v.leaks.length > 0);
    const gone = leaking[pick(Math.max(1, leaking.length))];
    if (gone !== undefined) return withVrfs(vrfs.filter((v) => v !== gone));
  }
  if (action >= 4 && action <= 6) {
    // the VRFs that leak made anew, equal, as a recompile makes those of peered VPCs; then a change as above
    const remade = { ...device, vrfs: vrfs.map((v) => (v.leaks.length > 0 ? { ...v, leaks: v.leaks.map((leak) => ({ ...leak })) } : v)) };
    return changed(remade, pick);
  }
  if (action === 7) {
    // a VRF that leaks made anew leaking another prefix: a leak that comes and one that goes
    const at = vrfs.findIndex((v) => v.leaks.length > 0);
    const old = vrfs[at];
    if (old !== undefined) {
      vrfs[at] = { ...old, leaks: old.leaks.map((leak) => ({ ...leak, prefixes: [...leak.prefixes, `10.250.${pick(250)}.0/24`] })) };
      return withVrfs(vrfs);
    }
  }
  if (action === 3) {
    // a source goes, and every VRF leaking from it (the full render refuses a leak from nowhere)
    const sources = vrfs.filter((v) => vrfs.some((x) => x.leaks.some((leak) => leak.fromVrf === v.name)));
    const gone = sources[pick(Math.max(1, sources.length))];
    if (gone !== undefined) return withVrfs(vrfs.filter((v) => v !== gone && !v.leaks.some((leak) => leak.fromVrf === gone.name)));
  }
  return changed(device, pick);
}

for (const seed of walkSeeds([5, 1009, 20261206])) {
  test(`a seeded walk of 200 changes of a leaf whose VRFs leak (seed ${seed}): every spliced frr.conf is the full render`, () => {
    const pick = random(seed);
    let device = LEAF_EVPN;
    assert.equal(frrConfText(device), renderFrrConf(device));
    let spliced = 0;
    let splicedWithLeaks = 0;
    for (let step = 0; step < 200; step++) {
      const next = changedWithLeaks(device, pick);
      const text = spliceFrrConf(next, device);
      if (text !== undefined) {
        spliced++;
        if (next.vrfs.some((v) => v.leaks.length > 0)) splicedWithLeaks++;
      }
      assert.equal(text ?? frrConfText(next, device), renderFrrConf(next), `step ${step + 1}`);
      device = next;
    }
    assert.ok(splicedWithLeaks > 25, `changes beside leaks that stay are spliced (${splicedWithLeaks} of ${spliced} spliced)`);
  });
}

test('a leak that comes or goes, templates or another AS number render in full', () => {
  assert.equal(frrConfText(LEAF_EVPN), renderFrrConf(LEAF_EVPN));
  const fewer = { ...LEAF_EVPN, bgp: { ...LEAF_EVPN.bgp, l2vnis: LEAF_EVPN.bgp.l2vnis.slice(1) } };
  assert.equal(spliceFrrConf(fewer, LEAF_EVPN), renderFrrConf(fewer), 'LEAF_EVPN\'s leaks stay: its L2VNIs are spliced');
  const vrf2 = LEAF_EVPN.vrfs.find((v) => v.name === 'Vrf2');
  assert.ok(vrf2 !== undefined);
  // Vrf2 leaks from Vrf1 and is Vrf1's source: without it Vrf1's leak has no source
  const unpeered = { ...LEAF_EVPN, vrfs: LEAF_EVPN.vrfs.filter((v) => v !== vrf2).map((v) => ({ ...v, leaks: [] })) };
  assert.equal(spliceFrrConf(unpeered, LEAF_EVPN), undefined, 'a leaking VRF goes');
  assert.equal(frrConfText(unpeered, LEAF_EVPN), renderFrrConf(unpeered));
  const sourceGone = { ...LEAF_EVPN, vrfs: LEAF_EVPN.vrfs.filter((v) => v !== vrf2) };
  assert.equal(spliceFrrConf(sourceGone, LEAF_EVPN), undefined, 'a leak\'s source goes');
  assert.throws(() => frrConfText(sourceGone, LEAF_EVPN), /leaks from Vrf2/, 'the full render\'s error');
  // a source without leaks of its own goes, the VRF leaking from it stays: the full render refuses it
  const source = { ...vrf(20, () => 0), leaks: [] };
  const leaker = { ...vrf(21, () => 1), leaks: [{ fromVrf: 'Vrf20', prefixes: ['10.20.0.0/24'], policyName: 'p20' }] };
  const peered = { ...LEAF, vrfs: [...LEAF.vrfs, source, leaker] };
  assert.equal(frrConfText(peered), renderFrrConf(peered));
  const orphaned = { ...peered, vrfs: peered.vrfs.filter((v) => v !== source) };
  assert.equal(spliceFrrConf(orphaned, peered), undefined, 'a source without leaks goes');
  assert.throws(() => frrConfText(orphaned, peered), /leaks from Vrf20/);
  // a VRF without leaks added beside them gets a BGP instance only if it has an L3VNI
  const plain = { ...vrf(7, () => 0), leaks: [] };
  const added = { ...LEAF_EVPN, vrfs: [...LEAF_EVPN.vrfs, plain] };
  assert.equal(spliceFrrConf(added, LEAF_EVPN), renderFrrConf(added));
  // the peered VRFs made anew, equal (as a recompile does), beside a new VRF: spliced
  const remade = { ...added, vrfs: added.vrfs.map((v) => (v.leaks.length > 0 ? { ...v, leaks: [...v.leaks] } : v)).concat({ ...vrf(8, () => 1), leaks: [] }) };
  assert.equal(spliceFrrConf(remade, added), renderFrrConf(remade), 'leaking VRFs made anew with the same leaks');
  // made anew leaking other prefixes: in full
  const releaked = { ...remade, vrfs: remade.vrfs.map((v) => (v.name === 'Vrf1' ? { ...v, leaks: v.leaks.map((leak) => ({ ...leak, prefixes: ['10.2.9.0/24'] })) } : v)) };
  assert.equal(spliceFrrConf(releaked, remade), undefined, 'a leak changed');
  assert.equal(frrConfText(releaked, remade), renderFrrConf(releaked));
  assert.ok(!renderFrrConf(added).includes('vrf Vrf7\n'), 'no BGP instance for a VRF without an L3VNI, peers or leaks');
  assert.equal(frrConfText(LEAF), renderFrrConf(LEAF));
  const leaking = { ...LEAF, vrfs: [...LEAF.vrfs, { ...vrf(9, () => 1), leaks: [{ fromVrf: 'Vrf1', prefixes: ['10.1.0.0/24'], policyName: 'p' }] }] };
  assert.equal(spliceFrrConf(leaking, LEAF), undefined, 'a new leak');
  assert.equal(frrConfText(leaking, LEAF), renderFrrConf(leaking));
  const templated = { ...LEAF, templates: [{ template: 'log', target: 'frr' as const, text: 'log syslog debugging\n' }] };
  assert.equal(spliceFrrConf(templated, LEAF), undefined, 'templates');
  assert.equal(frrConfText(templated, LEAF), renderFrrConf(templated));
  const renumbered = { ...LEAF, asn: 65199, bgp: { ...LEAF.bgp, asn: 65199 } };
  assert.equal(spliceFrrConf(renumbered, LEAF), undefined, 'the AS number is in every VRF\'s BGP block');
  assert.equal(frrConfText(renumbered, LEAF), renderFrrConf(renumbered));
});

test('ConfigTemplates for CONFIG_DB alone do not stop a splice of frr.conf', () => {
  const ntp = [{ template: 'ntp', target: 'configdb' as const, text: '{"NTP_SERVER": {"10.0.0.1": {}}}' }];
  const templated = { ...LEAF, templates: ntp };
  assert.equal(frrConfText(templated), renderFrrConf(templated));
  const fewer = { ...templated, bgp: { ...templated.bgp, l2vnis: templated.bgp.l2vnis.slice(1) } };
  const text = spliceFrrConf(fewer, templated);
  assert.ok(text !== undefined, 'spliced');
  assert.equal(text, renderFrrConf(fewer));
  // an frr template added beside it: in full
  const withFrr = { ...fewer, templates: [...ntp, { template: 'log', target: 'frr' as const, text: 'log syslog debugging\n' }] };
  assert.equal(spliceFrrConf(withFrr, fewer), undefined);
  assert.equal(frrConfText(withFrr, fewer), renderFrrConf(withFrr));
});

test('a new VRF the renderer refuses gives the full render\'s error, spliced or not', () => {
  frrConfText(LEAF);
  const bad = { ...LEAF, vrfs: [...LEAF.vrfs, { ...vrf(5, () => 1), name: 'Vrf 5; exit' }] };
  assert.throws(() => renderFrrConf(bad));
  const message = ((): string => {
    try {
      renderFrrConf(bad);
      return '';
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  })();
  assert.equal(spliceFrrConf(bad, LEAF), undefined);
  assert.throws(() => frrConfText(bad, LEAF), { message });
});
