// The PORT fields a switch's portSettings claim from the platform: exactly the ones the wiring
// sets (a breakout sets the speed too), so the agent writes those and leaves the platform's others.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { claimedPortFields } from '#render-sonic';

test('claimed port fields are the ones each setting names, in one order', () => {
  assert.deepEqual(
    claimedPortFields([
      { port: 'Ethernet0', speed: '100G', fec: 'rs', autoNegotiation: false },
      { port: 'Ethernet4', fec: 'none' },
      { port: 'Ethernet8', autoNegotiation: true },
      { port: 'Ethernet12', speed: '25G' },
    ]),
    {
      'PORT|Ethernet0': ['speed', 'fec', 'autoneg'],
      'PORT|Ethernet4': ['fec'],
      'PORT|Ethernet8': ['autoneg'],
      'PORT|Ethernet12': ['speed'],
    },
  );
});

test('a breakout claims the speed of its port, with or without a speed of its own', () => {
  assert.deepEqual(claimedPortFields([{ port: 'Ethernet16', breakout: '4x25G' }]), { 'PORT|Ethernet16': ['speed'] });
  assert.deepEqual(claimedPortFields([{ port: 'Ethernet16', breakout: '4x25G', speed: '25G', fec: 'fc' }]), { 'PORT|Ethernet16': ['speed', 'fec'] });
});

test('a setting that names only its port claims nothing, and no settings claim nothing', () => {
  assert.deepEqual(claimedPortFields([{ port: 'Ethernet20' }]), {});
  assert.deepEqual(claimedPortFields([]), {});
  assert.deepEqual(claimedPortFields(undefined), {});
});
