import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changedItems, compareNatural, spliceSorted, withoutTies, type SortedItems } from './index.js';

function random(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n: number): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    // the high bits: the low bits of this generator repeat with a short period
    return Math.floor((state / 2 ** 32) * n);
  };
}

test('a seeded walk of 300 splices gives the list a full sort gives, and leaves each earlier list as it was', () => {
  const pick = random(2026);
  let items: SortedItems<string, string> = { keys: [], values: [] };
  const present = new Set<string>();
  for (let step = 0; step < 300; step++) {
    const removed = [...present].filter(() => pick(12) === 0);
    const added = Array.from({ length: pick(4) }, () => `Vlan${pick(500)}`).filter((key, i, all) => !present.has(key) && all.indexOf(key) === i);
    const earlier = { keys: [...items.keys], values: [...items.values] };
    const next = spliceSorted(items, removed, added.map((key) => [key, `line of ${key}`] as const), compareNatural);
    assert.ok(next !== undefined, `step ${step}`);
    assert.deepEqual(items, earlier, 'the earlier list is not changed');
    removed.forEach((key) => present.delete(key));
    added.forEach((key) => present.add(key));
    const sorted = [...present].sort(compareNatural);
    assert.deepEqual(next.keys, sorted, `step ${step}`);
    assert.deepEqual(next.values, sorted.map((key) => `line of ${key}`));
    items = next;
  }
  assert.ok(items.keys.length > 10, `the walk grows a list of some size (${items.keys.length})`);
});

test('a splice refuses a removed key that is not there and an added key that ties with one that is', () => {
  const items = { keys: [1, 2, 3], values: ['a', 'b', 'c'] };
  const byNumber = (a: number, b: number): number => a - b;
  assert.equal(spliceSorted(items, [4], [], byNumber), undefined);
  assert.equal(spliceSorted(items, [], [[2, 'again']], byNumber), undefined);
  // a key removed and put again is fine
  assert.deepEqual(spliceSorted(items, [2], [[2, 'new']], byNumber), { keys: [1, 2, 3], values: ['a', 'new', 'c'] });
  // a comparison that ties two different keys: the full sort would order them by input
  const byLength = (a: string, b: string): number => a.length - b.length;
  assert.equal(spliceSorted({ keys: ['ab'], values: [1] }, [], [['cd', 2]], byLength), undefined);
  assert.equal(spliceSorted({ keys: ['ab'], values: [1] }, ['cd'], [], byLength), undefined, 'a tie is not the key to remove');
  assert.equal(withoutTies(['a', 'bb', 'cc'], byLength), false);
  assert.equal(withoutTies(['a', 'bb', 'ccc'], byLength), true);
});

test('changedItems finds what went and came by identity, each in its list\'s order', () => {
  const [a, b, c, d] = [{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }];
  assert.deepEqual(changedItems([a, b, c], [c, d, a]), { gone: [b], added: [d] });
  // an equal object that is not the same one is a change
  assert.deepEqual(changedItems([a], [{ n: 1 }]), { gone: [a], added: [{ n: 1 }] });
  // an item twice in the new list shows as added, so a splice of it fails rather than drop it
  assert.deepEqual(changedItems([a], [a, a]), { gone: [], added: [a] });
});
