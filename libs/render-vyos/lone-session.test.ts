// A border with a single fabric session: sorting one session checks nothing, so the session's
// peer is checked where it is written, with the same errors as among several.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BgpNeighborIntent, DeviceIntent } from '#domain';
import { BORDER_VYOS } from '#testing';
import { renderVyosSet } from './index.js';

const alone = (neighbor: BgpNeighborIntent): DeviceIntent => ({ ...BORDER_VYOS, bgp: { ...BORDER_VYOS.bgp, neighbors: [neighbor] } });

test('a lone fabric session with neither an address nor an interface names its description', () => {
  assert.throws(() => renderVyosSet(alone({ remoteAs: 65100, description: 'lost spine', evpn: true })), {
    name: 'VyosRenderError',
    message: 'BGP neighbour "lost spine" has neither an address nor an interface',
  });
});

test('a lone fabric session\'s address and interface are checked as among several', () => {
  assert.throws(() => renderVyosSet(alone({ address: '10.0.0.1;reboot', remoteAs: 65100, description: 'spine1', evpn: true })), {
    message: 'invalid VyOS address "10.0.0.1;reboot": an IPv4 or IPv6 address or prefix',
  });
  assert.throws(() => renderVyosSet(alone({ interface: 'eth0 x', remoteAs: 65100, description: 'spine1', evpn: true })), {
    message: 'invalid VyOS ethernet interface name "eth0 x": ethN, lanN or a predictable name (enoX, ensX, enpX, enxX), at most 15 characters',
  });
  const script = renderVyosSet(alone({ interface: 'eth1', remoteAs: 65100, description: 'spine1', evpn: true }));
  assert.ok(script.includes("set protocols bgp neighbor eth1 interface v6only remote-as '65100'"), script);
});

test('numbered sessions are written before unnumbered ones, whatever their order in the intent', () => {
  const neighbors: BgpNeighborIntent[] = [
    { interface: 'eth1', remoteAs: 'external', description: 'spine2', evpn: true },
    { address: '10.254.1.0', remoteAs: 65100, description: 'spine1', evpn: true },
  ];
  const lines = renderVyosSet({ ...BORDER_VYOS, bgp: { ...BORDER_VYOS.bgp, neighbors } }).split('\n');
  const numbered = lines.indexOf("set protocols bgp neighbor 10.254.1.0 remote-as '65100'");
  const unnumbered = lines.indexOf("set protocols bgp neighbor eth1 interface v6only remote-as 'external'");
  assert.ok(numbered >= 0 && unnumbered > numbered, lines.join('\n'));
});
