// The badge an attachment, a peering or a switch's wiring shows: Accepted, Invalid or Unknown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acceptedState } from './index.js';

test('an object the service accepted reads Accepted, with its message when there is one', () => {
  assert.deepEqual(acceptedState([{ type: 'Accepted', status: 'True', reason: 'Compiled' }]), { label: 'Accepted', tone: 'ok' });
  assert.deepEqual(acceptedState([{ type: 'Ready', status: 'False' }, { type: 'Accepted', status: 'True', message: 'carried by leaf3 and leaf4' }]), {
    label: 'Accepted',
    tone: 'ok',
    message: 'carried by leaf3 and leaf4',
  });
});

test('an object the service refused reads Invalid with the reason it gave', () => {
  assert.deepEqual(acceptedState([{ type: 'Accepted', status: 'False', reason: 'Invalid', message: 'WF202 no connection server9--leaf1' }]), {
    label: 'Invalid',
    tone: 'error',
    message: 'WF202 no connection server9--leaf1',
  });
  assert.deepEqual(acceptedState([{ type: 'Accepted', status: 'Unknown' }]), { label: 'Invalid', tone: 'error' });
});

test('an object without an Accepted condition reads Unknown', () => {
  assert.deepEqual(acceptedState(undefined), { label: 'Unknown', tone: 'unknown' });
  assert.deepEqual(acceptedState(null), { label: 'Unknown', tone: 'unknown' });
  assert.deepEqual(acceptedState([{ type: 'Ready', status: 'True', message: 'applied' }]), { label: 'Unknown', tone: 'unknown' });
});
