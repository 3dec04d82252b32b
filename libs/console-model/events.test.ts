// A live list kept in order as watch events arrive: by namespace, then name; switches and agents
// (no namespace) by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEvent, objectKey, type ObjectLike } from './index.js';

const object = (name: string, namespace?: string, resourceVersion = '1'): ObjectLike => ({ metadata: { name, ...(namespace === undefined ? {} : { namespace }), resourceVersion } });
const names = (items: readonly ObjectLike[]): string[] => items.map((o) => objectKey(o));

test('a switch (no namespace) is known by its name alone', () => {
  assert.equal(objectKey(object('leaf1')), '/leaf1');
  assert.equal(objectKey(object('blue', 'default')), 'default/blue');
});

test('switches added to a live list land in name order wherever they belong', () => {
  const switches = [object('leaf1'), object('leaf3')];
  assert.deepEqual(names(applyEvent(switches, { type: 'ADDED', kind: 'Switch', object: object('leaf2') })), ['/leaf1', '/leaf2', '/leaf3']);
  assert.deepEqual(names(applyEvent(switches, { type: 'ADDED', kind: 'Switch', object: object('leaf4') })), ['/leaf1', '/leaf3', '/leaf4']);
  assert.deepEqual(names(applyEvent(switches, { type: 'ADDED', kind: 'Switch', object: object('border1') })), ['/border1', '/leaf1', '/leaf3']);
  const modified = applyEvent(switches, { type: 'MODIFIED', kind: 'Switch', object: object('leaf3', undefined, '2') });
  assert.equal(modified[1]?.metadata.resourceVersion, '2');
});

test('VPCs of several namespaces are listed by namespace first, then by name within it', () => {
  const vpcs = [object('blue', 'default'), object('green', 'default'), object('shop', 'globex')];
  const add = (name: string, namespace: string): string[] => names(applyEvent(vpcs, { type: 'ADDED', kind: 'VPC', object: object(name, namespace) }));
  assert.deepEqual(add('zeta', 'acme'), ['acme/zeta', 'default/blue', 'default/green', 'globex/shop']);
  assert.deepEqual(add('cyan', 'default'), ['default/blue', 'default/cyan', 'default/green', 'globex/shop']);
  assert.deepEqual(add('red', 'default'), ['default/blue', 'default/green', 'default/red', 'globex/shop']);
  assert.deepEqual(add('amber', 'globex'), ['default/blue', 'default/green', 'globex/amber', 'globex/shop']);
  assert.deepEqual(add('billing', 'legacy'), ['default/blue', 'default/green', 'globex/shop', 'legacy/billing']);
});
