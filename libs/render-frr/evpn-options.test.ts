// frr.conf for the BGP and EVPN shapes the fixtures do not have: no EVPN at all, EVPN on some
// sessions only, EVPN use without the address family (a programming error), and multihoming at
// FRR's default timers with a numbered uplink, a routed server port and an elected forwarder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DeviceIntent } from '#domain';
import { LEAF_EVPN, SPINE } from '#testing';
import { FrrRenderError, renderFrrConf } from './index.js';

/** the lines from `first` up to (not including) the first line starting with `stop` */
function section(text: string, first: string, stop: string): string[] {
  const lines = text.split('\n');
  const start = lines.indexOf(first);
  assert.notEqual(start, -1, `no ${first} in:\n${text}`);
  const end = lines.findIndex((line, i) => i > start && line.startsWith(stop));
  return lines.slice(start, end);
}

test('a device without EVPN: no l2vpn evpn family, and the BGP block ends after ipv4 unicast', () => {
  const device: DeviceIntent = { ...SPINE, bgp: { ...SPINE.bgp, evpn: false, neighbors: SPINE.bgp.neighbors.map((n) => ({ ...n, evpn: false })) } };
  const text = renderFrrConf(device);
  assert.doesNotMatch(text, /l2vpn evpn|activate|advertise-all-vni/);
  assert.deepEqual(section(text, ' address-family ipv4 unicast', '!'), [' address-family ipv4 unicast', '  network 10.0.0.1/32', '  maximum-paths 64', ' exit-address-family', 'exit']);
});

test('EVPN used without the EVPN family is a programming error naming every use', () => {
  const device: DeviceIntent = { ...SPINE, bgp: { ...SPINE.bgp, evpn: false, advertiseAllVni: true, l2vnis: LEAF_EVPN.bgp.l2vnis } };
  assert.throws(
    () => renderFrrConf(device),
    (error: unknown) => error instanceof FrrRenderError && error.message === 'spine1 has advertise-all-vni, L2VNIs, EVPN neighbours but no l2vpn evpn address family (bgp.evpn is false)',
  );
});

test('EVPN on some sessions only activates those sessions, each by its interface or address', () => {
  const device: DeviceIntent = { ...SPINE, bgp: { ...SPINE.bgp, neighbors: SPINE.bgp.neighbors.map((n, i) => ({ ...n, evpn: i !== 1 })) } };
  assert.deepEqual(
    renderFrrConf(device).split('\n').filter((line) => line.includes('activate')),
    ['  neighbor Ethernet0 activate', '  neighbor 10.254.0.5 activate'],
  );
  assert.deepEqual(renderFrrConf(SPINE).split('\n').filter((line) => line.includes('activate') || line.includes('advertise-all-vni')), ['  neighbor fabric activate']);
});

const MULTIHOMED: DeviceIntent = {
  ...LEAF_EVPN,
  evpnMultihoming: { startupDelay: 180, macHoldtime: 1080, neighHoldtime: 1080 },
  ports: LEAF_EVPN.ports.map((p) => {
    if (p.name === 'Ethernet52') return { ...p, unnumbered: false, addresses: ['10.254.0.9/31'] };
    return p.name === 'Ethernet0' ? { ...p, unnumbered: true } : p;
  }),
  portChannels: LEAF_EVPN.portChannels.map((pc) => ({ ...pc, systemMac: '02:a2:98:3a:bf:79', ethernetSegment: { esi: '00:b1:a0:8f:fb:e1:20:45:71:88' } })),
};

test('multihoming at FRR\'s default timers writes no evpn mh globals; uplinks, routed server ports and segments get their lines', () => {
  const text = renderFrrConf(MULTIHOMED);
  assert.doesNotMatch(text, /^evpn mh /m);
  assert.deepEqual(section(text, 'interface Ethernet0', 'ip prefix-list'), [
    'interface Ethernet0',
    ' description server1/eth0',
    ' ipv6 nd ra-interval 6',
    ' no ipv6 nd suppress-ra',
    'exit',
    '!',
    'interface Ethernet48',
    ' description spine1/Ethernet0',
    ' evpn mh uplink',
    ' ipv6 nd ra-interval 6',
    ' no ipv6 nd suppress-ra',
    'exit',
    '!',
    'interface Ethernet52',
    ' description spine2/Ethernet0',
    ' evpn mh uplink',
    'exit',
    '!',
    'interface PortChannel1',
    ' description server2',
    ' evpn mh es-id 00:b1:a0:8f:fb:e1:20:45:71:88',
    ' evpn mh es-sys-mac 02:a2:98:3a:bf:79',
    'exit',
    '!',
  ]);
  const timers = renderFrrConf({ ...MULTIHOMED, evpnMultihoming: { startupDelay: 300, macHoldtime: 1080, neighHoldtime: 600 } });
  assert.deepEqual(timers.split('\n').filter((line) => line.startsWith('evpn mh ')), ['evpn mh startup-delay 300', 'evpn mh neigh-holdtime 600']);
});

test('an Ethernet segment without a system MAC is a programming error', () => {
  const device: DeviceIntent = { ...MULTIHOMED, portChannels: MULTIHOMED.portChannels.map((pc) => ({ ...pc, systemMac: undefined })) };
  assert.throws(() => renderFrrConf(device), (error: unknown) => error instanceof FrrRenderError && error.message === 'PortChannel1 of leaf1 is an Ethernet segment without a system MAC');
});
