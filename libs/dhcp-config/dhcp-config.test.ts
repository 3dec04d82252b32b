// Weft's DHCP service from the compiled lab: one Kea instance per VRF, so acme's blue/web and
// globex's shop/front (the same 10.10.1.0/24) are served apart, each on the address its leaves
// relay to; the Kea configuration and the lease file read back as a user sees them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCidr, type Vpc } from '#domain';
import { compile } from '#compiler';
import { labSamples } from '../../test/support/lab-samples.js';
import { dhcpScopes, keaSubnetId, parseKeaLeases, renderKeaConfig } from '#dhcp-config';

const SERVERS = parseCidr('100.127.0.0/16')?.prefix ?? { network: 0, length: 0 };

function compiledVpcs(): Vpc[] {
  const set = labSamples();
  const result = compile(set);
  assert.deepEqual(result.diagnostics, []);
  return set.vpcs.map((vpc) => ({ ...vpc, status: result.vpcStatus.get(`${vpc.metadata.namespace ?? 'default'}/${vpc.metadata.name}`) ?? {} }));
}

test('one scope per VRF: the two tenants of 10.10.1.0/24 get different VRFs and service addresses', () => {
  const scopes = dhcpScopes(compiledVpcs(), SERVERS);
  assert.deepEqual(
    scopes.map((s) => [s.vpc, s.tenant, s.subnets.map((n) => `${n.name} ${n.cidr} ${n.dhcp.start}-${n.dhcp.end}`)]),
    [
      ['default/blue', 'acme', ['web 10.10.1.0/24 10.10.1.100-10.10.1.199']],
      ['globex/shop', 'globex', ['front 10.10.1.0/24 10.10.1.200-10.10.1.249']],
    ],
  );
  const [blue, shop] = scopes;
  assert.ok(blue !== undefined && shop !== undefined);
  assert.notEqual(blue.vrf, shop.vrf);
  assert.equal(blue.address, `100.127.0.${blue.vrf.slice(3)}`);
  assert.equal(shop.address, `100.127.0.${shop.vrf.slice(3)}`);
});

test('a VPC the compiler has not placed yet (no status.vrf) is not served', () => {
  const vpcs = compiledVpcs().map((vpc) => (vpc.metadata.name === 'shop' ? { ...vpc, status: {} } : vpc));
  assert.deepEqual(dhcpScopes(vpcs, SERVERS).map((s) => s.vpc), ['default/blue']);
});

test('the Kea configuration: the pool, lease time, options, reservations, listening on the scope address only', () => {
  const vpcs = compiledVpcs().map((vpc) =>
    vpc.metadata.name !== 'blue'
      ? vpc
      : {
          ...vpc,
          spec: {
            ...vpc.spec,
            subnets: {
              ...vpc.spec.subnets,
              web: { cidr: '10.10.1.0/24', dhcp: { enable: true, range: { start: '10.10.1.100', end: '10.10.1.199' }, leaseTime: 600, dnsServers: ['10.10.1.53'], ntpServers: ['10.10.1.123'], mtu: 1500, pxeURL: 'http://10.10.1.5/boot.ipxe', static: [{ mac: '02:AA:00:00:00:01', ip: '10.10.1.50' }] } },
            },
          },
        },
  );
  const blue = dhcpScopes(vpcs, SERVERS)[0];
  assert.ok(blue !== undefined);
  const config = renderKeaConfig(blue, { interfaces: [`svc/${blue.address}`], leaseFile: '/var/lib/weft-dhcp/blue.csv' }) as { Dhcp4: Record<string, unknown> };
  assert.deepEqual(config.Dhcp4['interfaces-config'], { interfaces: [`svc/${blue.address}`], 'dhcp-socket-type': 'udp', 'service-sockets-max-retries': 1_000_000, 'service-sockets-retry-wait-time': 1000 });
  assert.deepEqual(config.Dhcp4.subnet4, [
    {
      id: keaSubnetId('10.10.1.0/24'),
      subnet: '10.10.1.0/24',
      pools: [{ pool: '10.10.1.100 - 10.10.1.199' }],
      'valid-lifetime': 600,
      'option-data': [
        { name: 'routers', data: '10.10.1.1' },
        { name: 'domain-name-servers', data: '10.10.1.53' },
        { name: 'ntp-servers', data: '10.10.1.123' },
        { name: 'interface-mtu', data: '1500' },
        { name: 'boot-file-name', data: 'http://10.10.1.5/boot.ipxe' },
      ],
      reservations: [{ 'hw-address': '02:aa:00:00:00:01', 'ip-address': '10.10.1.50' }],
      'user-context': { subnet: 'web' },
    },
  ]);
});

test('leases: the last line of an address wins; released, expired and foreign-subnet leases are left out', () => {
  const blue = dhcpScopes(compiledVpcs(), SERVERS)[0];
  assert.ok(blue !== undefined);
  const id = keaSubnetId('10.10.1.0/24');
  const csv = [
    'address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context',
    `10.10.1.100,02:00:00:00:00:01,,600,1000,${id},0,0,server1.,0,`,
    `10.10.1.101,02:00:00:00:00:02,,600,1600,${id},0,0,,0,`,
    `10.10.1.100,02:00:00:00:00:01,,600,1700,${id},0,0,server1.,0,`,
    `10.10.1.102,02:00:00:00:00:03,,0,1700,${id},0,0,,0,`,
    `10.10.1.103,02:00:00:00:00:04,,600,900,${id},0,0,,0,`,
    `10.10.1.104,02:00:00:00:00:05,,600,1700,${id},0,0,,1,`,
    '10.20.1.5,02:00:00:00:00:06,,600,1700,999,0,0,,0,',
    'garbage',
  ].join('\n');
  assert.deepEqual(parseKeaLeases(csv, blue, 1200), [
    { subnet: 'web', ip: '10.10.1.100', mac: '02:00:00:00:00:01', expires: 1700, hostname: 'server1' },
    { subnet: 'web', ip: '10.10.1.101', mac: '02:00:00:00:00:02', expires: 1600 },
  ]);
  assert.deepEqual(parseKeaLeases('', blue, 1200), []);
});
