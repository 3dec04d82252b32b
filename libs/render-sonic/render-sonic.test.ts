import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareNatural, type DeviceIntent, type PortIntent, type VrfIntent } from '#domain';
import { BORDER_VYOS, LEAF_EVPN, LEAF_VLAN, SPINE } from '#testing';
import { isWeftOwnedConfigDbKey, isWeftOwnedConfigDbTable, renderConfigDb, serializeConfigDb, WEFT_OWNED_CONFIGDB_TABLES } from './index.js';
import type { ConfigDb } from './index.js';

/** Every array in the value, at any depth, in reverse order: same intent, different input order. */
function reversedDeep<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => reversedDeep(item)).reverse() as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).reverse().map(([key, item]) => [key, reversedDeep(item)])) as T;
  }
  return value;
}

function tableKeys(db: ConfigDb, table: string): string[] {
  return Object.keys(db[table] ?? {}).sort(compareNatural);
}

function serverPort(name: string): PortIntent {
  return { name, kind: 'server', description: '', mtu: 9100, addresses: [], unnumbered: false };
}

test('DEVICE_METADATA hands BGP to frr.conf: split-unified, bgpcfgd, role type', () => {
  assert.deepEqual(renderConfigDb(LEAF_EVPN).DEVICE_METADATA, {
    localhost: {
      hostname: 'leaf1',
      mac: '02:00:0a:00:00:0b',
      bgp_asn: '65101',
      type: 'LeafRouter',
      docker_routing_config_mode: 'split-unified',
      frr_mgmt_framework_config: 'false',
    },
  });
  assert.equal(renderConfigDb(SPINE).DEVICE_METADATA?.localhost?.type, 'SpineRouter');
});

test('no BGP_* table is written: BGP goes through frr.conf', () => {
  for (const device of [LEAF_EVPN, LEAF_VLAN, SPINE]) {
    assert.deepEqual(Object.keys(renderConfigDb(device)).filter((table) => table.startsWith('BGP_')), [], device.name);
  }
});

test('LEAF_EVPN: VLAN members keep their tagging, LAG members are not VLAN members', () => {
  const db = renderConfigDb(LEAF_EVPN);
  assert.deepEqual(db.VLAN_MEMBER, {
    'Vlan1000|Ethernet0': { tagging_mode: 'untagged' },
    'Vlan1000|PortChannel1': { tagging_mode: 'tagged' },
    'Vlan1001|PortChannel1': { tagging_mode: 'tagged' },
    'Vlan1002|Ethernet0': { tagging_mode: 'tagged' },
  });
  assert.deepEqual(db.VLAN?.Vlan1000, { vlanid: '1000', admin_status: 'up', mtu: '9100', description: 'default/blue web' });
  assert.deepEqual(db.VLAN.Vlan3000, { vlanid: '3000', admin_status: 'up', mtu: '9100', description: 'default/blue L3VNI' });
});

test('LEAF_EVPN: the LAG and its members', () => {
  const db = renderConfigDb(LEAF_EVPN);
  assert.deepEqual(db.PORTCHANNEL, { PortChannel1: { admin_status: 'up', mtu: '9100', min_links: '1', lacp_key: 'auto', description: 'server2' } });
  assert.deepEqual(db.PORTCHANNEL_MEMBER, { 'PortChannel1|Ethernet4': {}, 'PortChannel1|Ethernet8': {} });
});

test('LEAF_EVPN: SVIs bound to their VRF, anycast gateway on, the L3VNI transit SVI without an address', () => {
  const db = renderConfigDb(LEAF_EVPN);
  assert.deepEqual(db.VLAN_INTERFACE, {
    Vlan1000: { vrf_name: 'Vrf1', static_anycast_gateway: 'true' },
    'Vlan1000|10.1.0.1/24': {},
    Vlan1001: { vrf_name: 'Vrf1', static_anycast_gateway: 'true' },
    'Vlan1001|10.1.1.1/24': {},
    Vlan1002: { vrf_name: 'Vrf2', static_anycast_gateway: 'true' },
    'Vlan1002|10.2.0.1/24': {},
    Vlan3000: { vrf_name: 'Vrf1' },
  });
  assert.deepEqual(db.SAG, { GLOBAL: { gateway_mac: '02:00:00:00:00:01' } });
});

test('LEAF_EVPN: VRFs, the L3VNI on its VRF, tunnel, NVO and a map per VNI including the transit VLAN', () => {
  const db = renderConfigDb(LEAF_EVPN);
  assert.deepEqual(db.VRF, { Vrf1: { vni: '20001' }, Vrf2: {} });
  assert.deepEqual(db.VXLAN_TUNNEL, { vtep1: { src_ip: '10.0.0.11' } });
  assert.deepEqual(db.VXLAN_EVPN_NVO, { nvo1: { source_vtep: 'vtep1' } });
  assert.deepEqual(db.VXLAN_TUNNEL_MAP, {
    'vtep1|map_10000_Vlan1000': { vlan: 'Vlan1000', vni: '10000' },
    'vtep1|map_10001_Vlan1001': { vlan: 'Vlan1001', vni: '10001' },
    'vtep1|map_10002_Vlan1002': { vlan: 'Vlan1002', vni: '10002' },
    'vtep1|map_20001_Vlan3000': { vlan: 'Vlan3000', vni: '20001' },
  });
});

test('LEAF_EVPN: unnumbered uplinks use IPv6 link-local only; server and LAG ports are not routed', () => {
  const db = renderConfigDb(LEAF_EVPN);
  assert.deepEqual(db.INTERFACE, {
    Ethernet48: { ipv6_use_link_local_only: 'enable' },
    Ethernet52: { ipv6_use_link_local_only: 'enable' },
  });
  assert.deepEqual(db.LOOPBACK_INTERFACE, { Loopback0: {}, 'Loopback0|10.0.0.11/32': {} });
});

test('LEAF_EVPN: every port with lanes, speed, MTU, admin up and its description', () => {
  const db = renderConfigDb(LEAF_EVPN);
  assert.deepEqual(tableKeys(db, 'PORT'), ['Ethernet0', 'Ethernet4', 'Ethernet8', 'Ethernet48', 'Ethernet52']);
  assert.deepEqual(db.PORT?.Ethernet48, { admin_status: 'up', lanes: '49,50,51,52', speed: '100000', mtu: '9100', description: 'spine1/Ethernet0' });
});

test('LEAF_VLAN: trunk member tagged, server untagged, gateway SVI in its VRF, no VXLAN or anycast at all', () => {
  const db = renderConfigDb(LEAF_VLAN);
  assert.deepEqual(db.VLAN_MEMBER, { 'Vlan100|Ethernet0': { tagging_mode: 'untagged' }, 'Vlan100|Ethernet60': { tagging_mode: 'tagged' } });
  assert.deepEqual(db.VLAN_INTERFACE, { Vlan100: { vrf_name: 'Vrf3' }, 'Vlan100|192.168.10.1/24': {} });
  assert.deepEqual(db.VRF, { Vrf3: {} });
  for (const table of ['VXLAN_TUNNEL', 'VXLAN_EVPN_NVO', 'VXLAN_TUNNEL_MAP', 'SAG', 'PORTCHANNEL', 'PORTCHANNEL_MEMBER']) {
    assert.equal(db[table], undefined, table);
  }
  assert.deepEqual(db.INTERFACE, { Ethernet48: {}, 'Ethernet48|10.254.0.5/31': {} });
});

test('SPINE: routed ports only, numbered and unnumbered, no VLAN, VRF or VXLAN table', () => {
  const db = renderConfigDb(SPINE);
  assert.deepEqual(db.INTERFACE, {
    Ethernet0: { ipv6_use_link_local_only: 'enable' },
    Ethernet4: { ipv6_use_link_local_only: 'enable' },
    Ethernet8: {},
    'Ethernet8|10.254.0.4/31': {},
  });
  assert.deepEqual(Object.keys(db).sort(), ['DEVICE_METADATA', 'INTERFACE', 'LOOPBACK_INTERFACE', 'PORT']);
});

test('a routed port in a VRF is bound to it', () => {
  const device: DeviceIntent = {
    ...SPINE,
    vrfs: BORDER_VYOS.vrfs.map((vrf) => ({ ...vrf, l3vni: undefined })),
    ports: [{ name: 'Ethernet12', kind: 'external', description: 'transit', mtu: 1500, addresses: ['192.0.2.2/30'], unnumbered: false, vrf: 'Vrf9' }],
  };
  const db = renderConfigDb(device);
  assert.deepEqual(db.INTERFACE, { Ethernet12: { vrf_name: 'Vrf9' }, 'Ethernet12|192.0.2.2/30': {} });
  assert.deepEqual(db.VRF, { Vrf9: {} });
});

test('routed ports: each bound to its own VRF, ports of the default VRF name none, a LAG member is not routed', () => {
  const routed = (name: string, extra: Partial<PortIntent>): PortIntent => ({ name, kind: 'external', description: name, mtu: 1500, addresses: [], unnumbered: false, ...extra });
  const device: DeviceIntent = {
    ...SPINE,
    vrfs: [...BORDER_VYOS.vrfs.map((vrf) => ({ ...vrf, l3vni: undefined })), { ...(BORDER_VYOS.vrfs[0] as VrfIntent), name: 'Vrf7', l3vni: undefined }],
    ports: [
      routed('Ethernet12', { addresses: ['192.0.2.2/30'], vrf: 'Vrf9' }),
      routed('Ethernet16', { addresses: ['198.51.100.2/30'], vrf: 'Vrf7' }),
      routed('Ethernet20', { unnumbered: true, vrf: 'Vrf7' }),
      routed('Ethernet24', { addresses: ['10.254.0.1/31'] }),
      routed('Ethernet28', { addresses: ['10.254.0.3/31'], portChannel: 'PortChannel1', vrf: 'Vrf9' }),
    ],
  };
  assert.deepEqual(renderConfigDb(device).INTERFACE, {
    Ethernet12: { vrf_name: 'Vrf9' },
    'Ethernet12|192.0.2.2/30': {},
    Ethernet16: { vrf_name: 'Vrf7' },
    'Ethernet16|198.51.100.2/30': {},
    Ethernet20: { vrf_name: 'Vrf7', ipv6_use_link_local_only: 'enable' },
    Ethernet24: {},
    'Ethernet24|10.254.0.1/31': {},
  });
});

test('lanes follow the port numbers, so broken-out ports never share a lane', () => {
  const device: DeviceIntent = { ...LEAF_VLAN, vlans: [], vrfs: [], ports: ['Ethernet0', 'Ethernet1', 'Ethernet2', 'Ethernet4', 'Ethernet8'].map(serverPort) };
  const port = renderConfigDb(device).PORT ?? {};
  assert.deepEqual(
    Object.entries(port).map(([name, entry]) => [name, entry.lanes, entry.speed]),
    [
      ['Ethernet0', '1', '25000'],
      ['Ethernet1', '2', '25000'],
      ['Ethernet2', '3,4', '50000'],
      ['Ethernet4', '5,6,7,8', '100000'],
      ['Ethernet8', '9,10,11,12', '100000'],
    ],
  );
  assert.equal(port.Ethernet0?.description, undefined, 'an empty description is left out');
});

test('serialization: natural key order, sorted fields, 2-space JSON, trailing newline', () => {
  const db: ConfigDb = {
    VLAN: { Vlan10: { vlanid: '10' }, Vlan2: { vlanid: '2', admin_status: 'up' } },
    PORT: { Ethernet48: { speed: '100000', lanes: '49' }, Ethernet4: { mtu: '9100' } },
    DHCP_SERVER: { x: { list: ['b', 'a'], none: [] } },
  };
  const text = serializeConfigDb(db);
  assert.equal(
    text,
    [
      '{',
      '  "DHCP_SERVER": {',
      '    "x": {',
      '      "list": [',
      '        "b",',
      '        "a"',
      '      ],',
      '      "none": []',
      '    }',
      '  },',
      '  "PORT": {',
      '    "Ethernet4": {',
      '      "mtu": "9100"',
      '    },',
      '    "Ethernet48": {',
      '      "lanes": "49",',
      '      "speed": "100000"',
      '    }',
      '  },',
      '  "VLAN": {',
      '    "Vlan2": {',
      '      "admin_status": "up",',
      '      "vlanid": "2"',
      '    },',
      '    "Vlan10": {',
      '      "vlanid": "10"',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  assert.deepEqual(JSON.parse(text), db);
  assert.equal(serializeConfigDb({}), '{}\n');
});

test('natural order compares digit runs by value and is total', () => {
  const keys = ['Vlan10', 'Vlan2', 'Ethernet48', 'Ethernet4', 'Vlan1000|Ethernet0', 'Vlan1000', 'Ethernet04', 'Vlan100'];
  assert.deepEqual([...keys].sort(compareNatural), ['Ethernet04', 'Ethernet4', 'Ethernet48', 'Vlan2', 'Vlan10', 'Vlan100', 'Vlan1000', 'Vlan1000|Ethernet0']);
});

test('rendering is deterministic: twice, and with every input array reversed, gives the same text', () => {
  for (const device of [LEAF_EVPN, LEAF_VLAN, SPINE]) {
    const text = serializeConfigDb(renderConfigDb(device));
    assert.equal(serializeConfigDb(renderConfigDb(device)), text, device.name);
    const shuffled = reversedDeep(device);
    assert.notDeepEqual(shuffled.ports, device.ports);
    assert.equal(serializeConfigDb(renderConfigDb(shuffled)), text, `${device.name} reversed`);
  }
});

test('configdb templates are merged; on a collision Weft wins, and other targets are ignored', () => {
  const device: DeviceIntent = {
    ...LEAF_VLAN,
    templates: [
      { template: 'ntp', target: 'configdb', text: JSON.stringify({ NTP_SERVER: { '192.0.2.10': { iburst: 'on' } }, VLAN: { Vlan100: { vlanid: '100', mtu: '1500' } } }) },
      { template: 'banner', target: 'frr', text: '! not CONFIG_DB' },
      { template: 'syslog', target: 'configdb', text: JSON.stringify({ SYSLOG_SERVER: { '192.0.2.20': {} }, NTP_SERVER: { '192.0.2.10': { iburst: 'off' } } }) },
    ],
  };
  const db = renderConfigDb(device);
  assert.deepEqual(db.NTP_SERVER, { '192.0.2.10': { iburst: 'off' } }, 'the later template by name wins');
  assert.deepEqual(db.SYSLOG_SERVER, { '192.0.2.20': {} });
  assert.deepEqual(db.VLAN?.Vlan100, { vlanid: '100', admin_status: 'up', mtu: '9100', description: 'legacy/old-app main' });
  assert.equal(serializeConfigDb(renderConfigDb(reversedDeep(device))), serializeConfigDb(db));
});

test('a configdb template that is not tables of string fields is refused with its name', () => {
  const bad = (text: string): DeviceIntent => ({ ...SPINE, templates: [{ template: 'broken', target: 'configdb', text }] });
  assert.throws(() => renderConfigDb(bad('{')), /ConfigTemplate broken: its configdb output is not JSON/);
  assert.throws(() => renderConfigDb(bad('{"NTP": {"global": {"enabled": true}}}')), /ConfigTemplate broken: table NTP entry "global" field "enabled"/);
});

test('inconsistent intents and non-SONiC devices are refused, not rendered half-way', () => {
  assert.throws(() => renderConfigDb(BORDER_VYOS), /border1 runs vyos, not SONiC/);
  const noVtep: DeviceIntent = { ...LEAF_EVPN, vtep: undefined };
  assert.throws(() => renderConfigDb(noVtep), /leaf1: Vlan1000 maps to VNI 10000 but the device has no VTEP/);
  const noMac: DeviceIntent = { ...LEAF_EVPN, anycastGatewayMac: undefined };
  assert.throws(() => renderConfigDb(noMac), /Vlan1000 uses the anycast gateway but the device has no anycastGatewayMac/);
  const badPort: DeviceIntent = { ...SPINE, ports: [serverPort('eth0')] };
  assert.throws(() => renderConfigDb(badPort), /SONiC port "eth0" is not named Ethernet<N>/);
});

test('owned tables: the ones Weft writes and every BGP_* table', () => {
  for (const device of [LEAF_EVPN, LEAF_VLAN, SPINE]) {
    for (const table of Object.keys(renderConfigDb(device))) assert.ok(WEFT_OWNED_CONFIGDB_TABLES.includes(table), table);
  }
  for (const table of ['SAG', 'VXLAN_TUNNEL_MAP', 'BGP_NEIGHBOR', 'BGP_GLOBALS_EVPN_VNI']) assert.ok(WEFT_OWNED_CONFIGDB_TABLES.includes(table), table);
  assert.equal(isWeftOwnedConfigDbTable('BGP_SOMETHING_NEW'), true);
  assert.equal(isWeftOwnedConfigDbTable('NTP_SERVER'), false);
  assert.equal(isWeftOwnedConfigDbTable('SYSLOG_SERVER'), false);
});

test('ACLs: an L3 ingress table bound to its ports, rules in order with PRIORITY counting down', () => {
  const device: DeviceIntent = {
    ...LEAF_EVPN,
    acls: [
      {
        name: 'WEFT_VRF1',
        description: 'weft: default/blue peerings and externals',
        ports: ['Ethernet0', 'PortChannel1'],
        rules: [
          { name: 'ALLOW_VPC_1', action: 'forward', destination: '10.1.1.0/24' },
          { name: 'PERMIT_1', action: 'forward', source: '10.1.1.0/24', destination: '10.2.1.0/24' },
          { name: 'DENY_PEER_1', action: 'drop', destination: '10.2.0.0/16' },
        ],
      },
    ],
  };
  const db = renderConfigDb(device);
  assert.deepEqual(db.ACL_TABLE, {
    WEFT_VRF1: { type: 'L3', stage: 'ingress', ports: ['Ethernet0', 'PortChannel1'], policy_desc: 'weft: default/blue peerings and externals' },
  });
  assert.deepEqual(db.ACL_RULE, {
    'WEFT_VRF1|ALLOW_VPC_1': { PRIORITY: '9999', PACKET_ACTION: 'FORWARD', DST_IP: '10.1.1.0/24' },
    'WEFT_VRF1|PERMIT_1': { PRIORITY: '9998', PACKET_ACTION: 'FORWARD', SRC_IP: '10.1.1.0/24', DST_IP: '10.2.1.0/24' },
    'WEFT_VRF1|DENY_PEER_1': { PRIORITY: '9997', PACKET_ACTION: 'DROP', DST_IP: '10.2.0.0/16' },
  });
  assert.equal(renderConfigDb(LEAF_EVPN).ACL_TABLE, undefined, 'no ACL, no table');
  assert.throws(() => renderConfigDb({ ...device, acls: [{ ...device.acls![0]!, name: 'MINE' }] }), /ACL MINE does not start with WEFT_/);
});

test('owned keys: Weft\'s own ACLs inside the shared ACL tables, every entry of an owned table', () => {
  assert.equal(isWeftOwnedConfigDbKey('ACL_TABLE', 'WEFT_VRF1'), true);
  assert.equal(isWeftOwnedConfigDbKey('ACL_RULE', 'WEFT_VRF1|PERMIT_1'), true);
  assert.equal(isWeftOwnedConfigDbKey('ACL_TABLE', 'SSH_ONLY'), false);
  assert.equal(isWeftOwnedConfigDbKey('ACL_RULE', 'EVERFLOW|RULE_1'), false);
  assert.equal(isWeftOwnedConfigDbKey('VLAN', 'Vlan1000'), true);
  assert.equal(isWeftOwnedConfigDbKey('NTP_SERVER', '192.0.2.1'), false);
});
