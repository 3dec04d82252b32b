// What explain and checkTemplates say of a target that fits two OSes (frr: SONiC and FRR nodes),
// and of a selector on the OS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configTemplate as template } from '#testing';
import { checkTemplates, explainTemplates } from './index.js';

test('frr text fits SONiC and FRR nodes, not VyOS, and says so; a selector on the OS names the list', () => {
  const frr = template('syslog', { target: 'frr', template: 'log syslog' });
  assert.deepEqual(explainTemplates([frr], { name: 'border1', role: 'border', os: 'vyos' }).map((e) => e.reason), ['target frr applies to sonic and frr switches, not vyos']);
  const onOs = template('sonic-only', { target: 'frr', selector: { os: ['sonic'] }, template: 'log syslog' });
  assert.deepEqual(explainTemplates([onOs], { name: 'border2', role: 'border', os: 'frr' }).map((e) => e.reason), ['selector.os [sonic] does not include frr']);
  assert.deepEqual(explainTemplates([onOs], { name: 'leaf1', role: 'leaf', os: 'sonic' }).map((e) => e.reason), ['target frr fits sonic; selector.os [sonic] includes sonic']);
  assert.deepEqual(
    checkTemplates([template('t', { target: 'frr', selector: { os: ['vyos', 'frr'] }, template: 'log syslog' })]).map((d) => `${d.path}: ${d.message}`),
    ['ConfigTemplate t spec.selector.os: selector.os lists vyos, but target frr applies to sonic and frr switches only'],
  );
});
