// The wiring's port hardware in the rendered PORT entries, each setting over the synthesised
// value, and a cage's breakout mode in BREAKOUT_CFG.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DeviceIntent, PortIntent } from '#domain';
import { LEAF_EVPN } from '#testing';
import { renderConfigDb } from './index.js';

test('speed, fec and auto-negotiation set by the wiring are written as SONiC spells them; a breakout is written on its cage', () => {
  const [first, second, ...rest] = LEAF_EVPN.ports as [PortIntent, PortIntent, ...PortIntent[]];
  const device: DeviceIntent = {
    ...LEAF_EVPN,
    ports: [{ ...first, hardware: { speed: 25000, fec: 'rs', autoNegotiation: false } }, { ...second, hardware: { autoNegotiation: true } }, ...rest],
    breakouts: [{ port: first.name, mode: '4x25G' }],
  };
  const db = renderConfigDb(device);
  const port = (name: string) => db.PORT?.[name];
  assert.deepEqual({ speed: port(first.name)?.speed, fec: port(first.name)?.fec, autoneg: port(first.name)?.autoneg }, { speed: '25000', fec: 'rs', autoneg: 'off' });
  assert.deepEqual({ fec: port(second.name)?.fec, autoneg: port(second.name)?.autoneg }, { fec: undefined, autoneg: 'on' });
  assert.deepEqual(db.BREAKOUT_CFG, { [first.name]: { brkout_mode: '4x25G' } });
  assert.deepEqual(renderConfigDb(LEAF_EVPN).BREAKOUT_CFG ?? {}, {});
});
