/**
 * Hand-built DeviceIntents covering every feature the renderers support, for renderer unit
 * tests and conformance tests. Golden tests use the compiler's own output instead.
 */
import type { DeviceIntent } from '#domain';

const RT = (vni: number): { import: string[]; export: string[] } => ({ import: [`65000:${vni}`], export: [`65000:${vni}`] });

/** A SONiC leaf: unnumbered uplinks, a LAG, an evpn-l3vni VPC, an evpn-l2vni VPC, a peering leak. */
export const LEAF_EVPN: DeviceIntent = {
  name: 'leaf1',
  role: 'leaf',
  os: 'sonic',
  description: 'rack 1 leaf',
  asn: 65101,
  routerId: '10.0.0.11',
  mac: '02:00:0a:00:00:0b',
  mtu: 9100,
  loopback: '10.0.0.11/32',
  ports: [
    { name: 'Ethernet0', kind: 'server', description: 'server1/eth0', mtu: 9100, addresses: [], unnumbered: false, peer: 'server1/eth0' },
    { name: 'Ethernet4', kind: 'server', description: 'server2/eth0', mtu: 9100, addresses: [], unnumbered: false, peer: 'server2/eth0', portChannel: 'PortChannel1' },
    { name: 'Ethernet8', kind: 'server', description: 'server2/eth1', mtu: 9100, addresses: [], unnumbered: false, peer: 'server2/eth1', portChannel: 'PortChannel1' },
    { name: 'Ethernet48', kind: 'fabric', description: 'spine1/Ethernet0', mtu: 9100, addresses: [], unnumbered: true, peer: 'spine1/Ethernet0' },
    { name: 'Ethernet52', kind: 'fabric', description: 'spine2/Ethernet0', mtu: 9100, addresses: [], unnumbered: true, peer: 'spine2/Ethernet0' },
  ],
  portChannels: [{ name: 'PortChannel1', description: 'server2', mtu: 9100, members: ['Ethernet4', 'Ethernet8'] }],
  vlans: [
    {
      id: 1000,
      name: 'Vlan1000',
      description: 'default/blue web',
      members: [
        { interface: 'Ethernet0', tagged: false },
        { interface: 'PortChannel1', tagged: true },
      ],
      vni: 10000,
      svi: { vrf: 'Vrf1', address: '10.1.0.1/24', anycastGateway: true, dhcp: { start: '10.1.0.10', end: '10.1.0.200' } },
      owner: { vpc: 'default/blue', subnet: 'web' },
    },
    {
      id: 1001,
      name: 'Vlan1001',
      description: 'default/blue db',
      members: [{ interface: 'PortChannel1', tagged: true }],
      vni: 10001,
      svi: { vrf: 'Vrf1', address: '10.1.1.1/24', anycastGateway: true },
      owner: { vpc: 'default/blue', subnet: 'db' },
    },
    {
      id: 1002,
      name: 'Vlan1002',
      description: 'default/green app',
      members: [{ interface: 'Ethernet0', tagged: true }],
      vni: 10002,
      svi: { vrf: 'Vrf2', address: '10.2.0.1/24', anycastGateway: true },
      owner: { vpc: 'default/green', subnet: 'app' },
    },
    {
      id: 3000,
      name: 'Vlan3000',
      description: 'default/blue L3VNI',
      members: [],
      vni: 20001,
      svi: { vrf: 'Vrf1', anycastGateway: false },
      owner: { vpc: 'default/blue' },
    },
  ],
  vrfs: [
    {
      name: 'Vrf1',
      tableId: 1001,
      description: 'default/blue',
      owner: { vpc: 'default/blue' },
      l3vni: 20001,
      transitVlan: 3000,
      rd: '10.0.0.11:5001',
      routeTargets: { import: ['65000:20001', '65000:20002'], export: ['65000:20001'] },
      leaks: [{ fromVrf: 'Vrf2', prefixes: ['10.2.0.0/24'], policyName: 'peer-blue-green' }],
      neighbors: [],
    },
    {
      name: 'Vrf2',
      tableId: 1002,
      description: 'default/green',
      owner: { vpc: 'default/green' },
      rd: '10.0.0.11:5002',
      routeTargets: { import: [], export: [] },
      leaks: [{ fromVrf: 'Vrf1', prefixes: ['10.1.0.0/24', '10.1.1.0/24'], policyName: 'peer-green-blue' }],
      neighbors: [],
    },
  ],
  vtep: { name: 'vtep1', nvo: 'nvo1', sourceIp: '10.0.0.11' },
  anycastGatewayMac: '02:00:00:00:00:01',
  bgp: {
    asn: 65101,
    routerId: '10.0.0.11',
    neighbors: [
      { interface: 'Ethernet48', remoteAs: 'external', description: 'spine1', evpn: true },
      { interface: 'Ethernet52', remoteAs: 'external', description: 'spine2', evpn: true },
    ],
    networks: ['10.0.0.11/32'],
    evpn: true,
    advertiseAllVni: true,
    l2vnis: [
      { vni: 10000, vlan: 1000, rd: '10.0.0.11:1000', routeTargets: RT(10000) },
      { vni: 10001, vlan: 1001, rd: '10.0.0.11:1001', routeTargets: RT(10001) },
      { vni: 10002, vlan: 1002, rd: '10.0.0.11:1002', routeTargets: RT(10002) },
    ],
    maximumPaths: 64,
  },
  templates: [],
};

/** A SONiC leaf with a vlan-isolated VPC: a trunk port, the gateway SVI, no VXLAN at all. */
export const LEAF_VLAN: DeviceIntent = {
  name: 'leaf3',
  role: 'leaf',
  os: 'sonic',
  asn: 65103,
  routerId: '10.0.0.13',
  mac: '02:00:0a:00:00:0d',
  mtu: 9100,
  loopback: '10.0.0.13/32',
  ports: [
    { name: 'Ethernet0', kind: 'server', description: 'server5/eth0', mtu: 9100, addresses: [], unnumbered: false, peer: 'server5/eth0' },
    { name: 'Ethernet48', kind: 'fabric', description: 'spine1/Ethernet8', mtu: 9100, addresses: ['10.254.0.5/31'], unnumbered: false, peer: 'spine1/Ethernet8' },
    { name: 'Ethernet60', kind: 'trunk', description: 'leaf4/Ethernet60', mtu: 9100, addresses: [], unnumbered: false, peer: 'leaf4/Ethernet60' },
  ],
  portChannels: [],
  vlans: [
    {
      id: 100,
      name: 'Vlan100',
      description: 'legacy/old-app main',
      members: [
        { interface: 'Ethernet0', tagged: false },
        { interface: 'Ethernet60', tagged: true },
      ],
      svi: { vrf: 'Vrf3', address: '192.168.10.1/24', anycastGateway: false },
      owner: { vpc: 'legacy/old-app', subnet: 'main' },
    },
  ],
  vrfs: [
    {
      name: 'Vrf3',
      tableId: 1003,
      description: 'legacy/old-app',
      owner: { vpc: 'legacy/old-app' },
      rd: '10.0.0.13:5003',
      routeTargets: { import: [], export: [] },
      leaks: [],
      neighbors: [],
    },
  ],
  bgp: {
    asn: 65103,
    routerId: '10.0.0.13',
    neighbors: [{ address: '10.254.0.4', remoteAs: 65100, description: 'spine1', evpn: true }],
    networks: ['10.0.0.13/32'],
    evpn: true,
    advertiseAllVni: false,
    l2vnis: [],
    maximumPaths: 64,
  },
  templates: [],
};

/** A SONiC spine: routed unnumbered ports only, EVPN relayed, no VTEP. */
export const SPINE: DeviceIntent = {
  name: 'spine1',
  role: 'spine',
  os: 'sonic',
  asn: 65100,
  routerId: '10.0.0.1',
  mac: '02:00:0a:00:00:01',
  mtu: 9100,
  loopback: '10.0.0.1/32',
  ports: [
    { name: 'Ethernet0', kind: 'fabric', description: 'leaf1/Ethernet48', mtu: 9100, addresses: [], unnumbered: true, peer: 'leaf1/Ethernet48' },
    { name: 'Ethernet4', kind: 'fabric', description: 'leaf2/Ethernet48', mtu: 9100, addresses: [], unnumbered: true, peer: 'leaf2/Ethernet48' },
    { name: 'Ethernet8', kind: 'fabric', description: 'leaf3/Ethernet48', mtu: 9100, addresses: ['10.254.0.4/31'], unnumbered: false, peer: 'leaf3/Ethernet48' },
  ],
  portChannels: [],
  vlans: [],
  vrfs: [],
  bgp: {
    asn: 65100,
    routerId: '10.0.0.1',
    neighbors: [
      { interface: 'Ethernet0', remoteAs: 'external', description: 'leaf1', evpn: true },
      { interface: 'Ethernet4', remoteAs: 'external', description: 'leaf2', evpn: true },
      { address: '10.254.0.5', remoteAs: 65103, description: 'leaf3', evpn: true },
    ],
    networks: ['10.0.0.1/32'],
    evpn: true,
    advertiseAllVni: false,
    l2vnis: [],
    maximumPaths: 64,
  },
  templates: [],
};

/** A VyOS border: numbered uplinks, an External VRF with an L3VNI and an outside BGP peer. */
export const BORDER_VYOS: DeviceIntent = {
  name: 'border1',
  role: 'border',
  os: 'vyos',
  description: "edge router (the 'north' one)",
  asn: 65200,
  routerId: '10.0.0.21',
  mac: '02:00:0a:00:00:15',
  mtu: 9000,
  loopback: '10.0.0.21/32',
  ports: [
    { name: 'eth0', kind: 'fabric', description: 'spine1/Ethernet60', mtu: 9000, addresses: ['10.254.1.1/31'], unnumbered: false, peer: 'spine1/Ethernet60' },
    { name: 'eth1', kind: 'fabric', description: 'spine2/Ethernet60', mtu: 9000, addresses: [], unnumbered: true, peer: 'spine2/Ethernet60' },
    { name: 'eth3', kind: 'external', description: 'internet transit', mtu: 1500, addresses: ['192.0.2.2/30'], unnumbered: false, vrf: 'Vrf9' },
  ],
  portChannels: [],
  vlans: [],
  vrfs: [
    {
      name: 'Vrf9',
      tableId: 1009,
      description: 'default/internet',
      owner: { external: 'default/internet' },
      l3vni: 29999,
      rd: '10.0.0.21:5009',
      routeTargets: { import: ['65000:29999', '65000:20001'], export: ['65000:29999'] },
      leaks: [],
      neighbors: [
        {
          address: '192.0.2.1',
          asn: 64496,
          description: 'transit provider',
          port: 'eth3',
          prefixesIn: ['0.0.0.0/0'],
          prefixesOut: ['10.1.0.0/24', '10.1.1.0/24'],
          policyName: 'ext-internet',
        },
      ],
    },
  ],
  vtep: { name: 'vtep1', nvo: 'nvo1', sourceIp: '10.0.0.21' },
  bgp: {
    asn: 65200,
    routerId: '10.0.0.21',
    neighbors: [
      { address: '10.254.1.0', remoteAs: 65100, description: 'spine1', evpn: true },
      { interface: 'eth1', remoteAs: 'external', description: 'spine2', evpn: true },
    ],
    networks: ['10.0.0.21/32'],
    evpn: true,
    advertiseAllVni: true,
    l2vnis: [],
    maximumPaths: 64,
  },
  templates: [],
};

/** The same border as an FRR node (Linux + FRR): rendered as frr.conf. */
/**
 * BORDER_VYOS with a second, peered tenant VRF: route leaks both ways (one route map per VRF),
 * an L2VNI and ConfigTemplates for VyOS and FRR. The render-vyos tests assert its lines; the
 * conformance test holds the whole rendering to vyos-validate --strict.
 */
export const BORDER_VYOS_PEERED: DeviceIntent = {
  ...BORDER_VYOS,
  vrfs: [
    ...BORDER_VYOS.vrfs.map((vrf) => ({ ...vrf, leaks: [{ fromVrf: 'Vrf1', prefixes: ['10.1.1.0/24', '10.1.0.0/24'], policyName: 'leak-internet-blue' }] })),
    {
      name: 'Vrf1',
      tableId: 1001,
      description: 'default/blue',
      owner: { vpc: 'default/blue' },
      l3vni: 20001,
      rd: '10.0.0.21:5001',
      routeTargets: { import: ['65000:20001'], export: ['65000:20001'] },
      leaks: [{ fromVrf: 'Vrf9', prefixes: ['0.0.0.0/0'], policyName: 'leak-blue-internet' }],
      neighbors: [],
    },
  ],
  bgp: {
    ...BORDER_VYOS.bgp,
    l2vnis: [{ vni: 10000, vlan: 1000, rd: '10.0.0.21:1000', routeTargets: { import: ['65000:10000'], export: ['65000:10000'] } }],
  },
  templates: [
    { template: 'ntp', target: 'vyos', text: 'set service ntp server 192.0.2.123\nset service ntp server 192.0.2.124 prefer\n' },
    { template: 'banner', target: 'vyos', text: "set system login banner pre-login 'Weft lab'" },
    { template: 'syslog', target: 'frr', text: 'log syslog informational\n' },
  ],
};

export const BORDER_FRR: DeviceIntent = { ...BORDER_VYOS, name: 'border2', os: 'frr', description: 'frr edge' };

export const ALL_DEVICE_FIXTURES: readonly DeviceIntent[] = [LEAF_EVPN, LEAF_VLAN, SPINE, BORDER_VYOS, BORDER_FRR];
