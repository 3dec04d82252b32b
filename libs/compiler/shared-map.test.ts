import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SharedMap } from './shared-map.js';

/** A small linear congruential generator: the same seed gives the same sequence everywhere. */
function random(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n: number): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
}

test('a SharedMap reads like the Map it was built from, and a draft changes only the new map', () => {
  const entries: [string, number][] = Array.from({ length: 1000 }, (_, i) => [`default/vpc-${i}`, i]);
  const map = SharedMap.of(entries);
  assert.equal(map.size, 1000);
  assert.equal(map.get('default/vpc-17'), 17);
  assert.equal(map.has('default/vpc-1000'), false);
  assert.deepEqual([...map].sort(([a], [b]) => (a < b ? -1 : 1)), [...entries].sort(([a], [b]) => (a < b ? -1 : 1)));
  const draft = map.draft();
  draft.set('default/vpc-17', -17).set('new', 1);
  assert.equal(draft.delete('default/vpc-3'), true);
  assert.equal(draft.delete('absent'), false);
  assert.equal(draft.get('default/vpc-17'), -17, 'a draft reads its own writes');
  const next = draft.finish();
  assert.equal(next.size, 1000);
  assert.deepEqual([next.get('default/vpc-17'), next.get('new'), next.has('default/vpc-3')], [-17, 1, false]);
  assert.deepEqual([map.get('default/vpc-17'), map.has('new'), map.get('default/vpc-3')], [17, false, 3], 'the original is untouched');
  assert.throws(() => draft.set('x', 0), /finished/);
});

test('number keys, forEach, keys and values agree with entries', () => {
  const map = SharedMap.of([1, 2, 3, 256, 512, -1].map((n) => [n, `v${n}`] as const));
  const seen: [number, string][] = [];
  map.forEach((value, key, self) => {
    assert.equal(self, map);
    seen.push([key, value]);
  });
  assert.deepEqual(seen, [...map.entries()]);
  assert.deepEqual([...map.keys()], seen.map(([k]) => k));
  assert.deepEqual([...map.values()], seen.map(([, v]) => v));
  assert.equal(map.get(256), 'v256');
  assert.equal(SharedMap.empty<number, string>().get(1), undefined);
});

test('a seeded walk of 5,000 writes: every version reads as a Map given the same writes', () => {
  const pick = random(424242);
  let shared = SharedMap.empty<string, number>();
  let plain = new Map<string, number>();
  const versions: [SharedMap<string, number>, Map<string, number>][] = [];
  for (let step = 0; step < 250; step++) {
    const draft = shared.draft();
    const copy = new Map(plain);
    for (let i = 0; i < 20; i++) {
      const key = `k${pick(600)}`;
      if (pick(3) === 0) {
        assert.equal(draft.delete(key), copy.delete(key));
      } else {
        const value = pick(1000);
        draft.set(key, value);
        copy.set(key, value);
      }
    }
    shared = draft.finish();
    plain = copy;
    versions.push([shared, plain]);
  }
  // every earlier version is still what it was
  for (const [s, p] of versions) {
    assert.equal(s.size, p.size);
    for (const [key, value] of p) assert.equal(s.get(key), value);
    assert.equal([...s].length, p.size);
  }
});

test('changedSince names every key whose value is not the very same, in the map\'s order, then the keys gone', () => {
  const pick = random(77);
  const objects = Array.from({ length: 50 }, (_, i) => ({ i }));
  let shared = SharedMap.empty<string, { i: number }>();
  for (let step = 0; step < 100; step++) {
    const draft = shared.draft();
    for (let i = 0; i < 1 + pick(12); i++) {
      const key = `k${pick(400)}`;
      if (pick(4) === 0) draft.delete(key);
      // sometimes the very same value again: not a change
      else draft.set(key, pick(3) === 0 ? (shared.get(key) ?? { i: -1 }) : (objects[pick(objects.length)] ?? { i: -1 }));
    }
    const next = draft.finish();
    const expected = [
      ...[...next].filter(([key, value]) => shared.get(key) !== value || !shared.has(key)).map(([key]) => key),
      ...[...shared.keys()].filter((key) => !next.has(key)),
    ];
    assert.deepEqual(next.changedSince(shared), expected, `step ${step + 1}`);
    assert.deepEqual(next.changedSince(next), []);
    shared = next;
  }
});
