// A ConfigTemplate that comes or goes between two compiles of a switch changes tables no splice
// knows of: the file is rendered in full, byte for byte what a full render gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DeviceIntent } from '#domain';
import { LEAF_VLAN } from '#testing';
import { configDbText, renderConfigDb, serializeConfigDb, spliceConfigDb } from './index.js';

const full = (device: DeviceIntent): string => serializeConfigDb(renderConfigDb(device));
const NTP = { template: 'ntp', target: 'configdb' as const, text: '{"NTP_SERVER": {"10.0.0.1": {}}}' };

test('a ConfigTemplate added between two compiles is not spliced: its table is in the file', () => {
  const plain: DeviceIntent = { ...LEAF_VLAN, templates: [] };
  configDbText(plain);
  const templated: DeviceIntent = { ...plain, vlans: plain.vlans.slice(1), templates: [NTP] };
  assert.equal(spliceConfigDb(templated, plain), undefined);
  const text = configDbText(templated, plain);
  assert.equal(text, full(templated));
  assert.ok(text.includes('"NTP_SERVER"'));
});

test('a ConfigTemplate removed between two compiles is not spliced: its table is gone from the file', () => {
  const templated: DeviceIntent = { ...LEAF_VLAN, templates: [NTP] };
  configDbText(templated);
  const plain: DeviceIntent = { ...templated, vlans: templated.vlans.slice(1), templates: [] };
  assert.equal(spliceConfigDb(plain, templated), undefined);
  const text = configDbText(plain, templated);
  assert.equal(text, full(plain));
  assert.ok(!text.includes('"NTP_SERVER"'));
});
