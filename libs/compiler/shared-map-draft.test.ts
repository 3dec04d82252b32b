// A SharedMap draft's size follows its writes as they are made: a new key counts, a key set
// again does not, a delete of a key it has counts down, of one it lacks does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SharedMap } from './shared-map.js';

test('a draft\'s size is read while it is drafted, and the finished map has it', () => {
  const base = SharedMap.of<string, number>([['a', 1], ['b', 2]]);
  const draft = base.draft();
  assert.equal(draft.size, 2);
  draft.set('c', 3).set('a', 10);
  assert.equal(draft.size, 3);
  assert.equal(draft.delete('b'), true);
  assert.equal(draft.delete('zz'), false);
  assert.equal(draft.size, 2);
  const next = draft.finish();
  assert.equal(next.size, 2);
  assert.equal(base.size, 2);
  assert.deepEqual([...next].sort(), [['a', 10], ['c', 3]]);
});
