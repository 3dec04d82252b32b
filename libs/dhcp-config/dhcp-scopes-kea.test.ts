// Weft's DHCP service, rule by rule: which VPCs and subnets get a scope (and in which order), every
// line of a Kea instance's configuration, and which lines of a lease file count as a live lease.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Vpc } from '#domain';
import { parseCidr } from '#domain';
import { vpc } from '../../test/support/builders.js';
import { dhcpScopes, keaSubnetId, parseKeaLeases, renderKeaConfig, type DhcpScope } from './index.js';

const SERVERS = parseCidr('100.127.0.0/24')?.prefix ?? { network: 0, length: 0 };

const placed = (v: Vpc, vrf: string): Vpc => ({ ...v, status: { vrf } });
const served = (cidr: string, extra: Record<string, unknown> = {}): { cidr: string; dhcp: { enable: true } } => ({ cidr, ...extra, dhcp: { enable: true, ...(extra.dhcp as object | undefined) } });

const brief = (scopes: readonly DhcpScope[]): string[] =>
  scopes.map((s) => `${s.vpc} ${s.tenant} ${s.vrf} ${s.address}: ${s.subnets.map((n) => `${n.name} ${n.cidr} gw ${n.gateway} ${n.dhcp.start}-${n.dhcp.end}`).join('; ')}`);

test('dhcp scopes: served subnets by name, the gateway given or the first host, the CIDR without host bits; scopes by address', () => {
  const scopes = dhcpScopes(
    [
      // Vrf10 sorts before Vrf9 as text; by address it comes after
      placed(vpc('team', 'late', 'acme', { web: served('10.9.0.0/24') }), 'Vrf10'),
      placed(
        vpc('default', 'blue', 'acme', {
          zeta: served('10.1.2.0/24', { gateway: '10.1.2.254' }),
          alpha: served('10.1.1.7/24'),
          // no DHCP, and DHCP switched off: not served
          plain: '10.1.3.0/24',
          off: { cidr: '10.1.4.0/24', dhcp: { enable: false, range: { start: '10.1.4.10', end: '10.1.4.20' } } },
        }),
        'Vrf9',
      ),
    ],
    SERVERS,
  );
  assert.deepEqual(brief(scopes), [
    'default/blue acme Vrf9 100.127.0.9: alpha 10.1.1.0/24 gw 10.1.1.1 10.1.1.2-10.1.1.254; zeta 10.1.2.0/24 gw 10.1.2.254 10.1.2.1-10.1.2.253',
    'team/late acme Vrf10 100.127.0.10: web 10.9.0.0/24 gw 10.9.0.1 10.9.0.2-10.9.0.254',
  ]);
});

test('dhcp scopes: no scope for a VPC without a VRF number, outside the service prefix, or without a servable subnet', () => {
  const web = { web: served('10.1.1.0/24') };
  const scopes = dhcpScopes(
    [
      placed(vpc('default', 'named', 'acme', web), 'VrfBlue'),
      placed(vpc('default', 'prefixed', 'acme', web), 'xVrf3'),
      placed(vpc('default', 'suffixed', 'acme', web), 'Vrf3x'),
      // 100.127.0.255 is the broadcast address of the service prefix
      placed(vpc('default', 'far', 'acme', web), 'Vrf255'),
      placed(vpc('default', 'nothing', 'acme', { web: '10.1.1.0/24' }), 'Vrf4'),
      // a bad CIDR, a gateway that is no address, a pool that holds the gateway: the compiler reports them
      placed(
        vpc('default', 'broken', 'acme', {
          cidr: served('10.1.1.0/33'),
          gw: served('10.1.2.0/24', { gateway: '10.1.2.x' }),
          pool: served('10.1.3.0/24', { dhcp: { range: { start: '10.1.3.1', end: '10.1.3.9' } } }),
        }),
        'Vrf5',
      ),
      placed(vpc('globex', 'ok', 'globex', web), 'Vrf6'),
    ],
    SERVERS,
  );
  assert.deepEqual(brief(scopes), ['globex/ok globex Vrf6 100.127.0.6: web 10.1.1.0/24 gw 10.1.1.1 10.1.1.2-10.1.1.254']);
});

const SCOPE: DhcpScope = {
  vpc: 'default/blue',
  tenant: 'acme',
  vrf: 'Vrf1',
  address: '100.127.0.1',
  subnets: [
    {
      name: 'app',
      cidr: '10.10.2.0/24',
      gateway: '10.10.2.1',
      dhcp: { mode: 'server', start: '10.10.2.10', end: '10.10.2.20', relay: [], leaseTime: 60, dnsServers: ['10.0.0.53', '10.0.0.54'], ntpServers: ['10.0.0.123', '10.0.0.124'], defaultRoute: false, static: [] },
    },
    {
      name: 'web',
      cidr: '10.10.1.0/24',
      gateway: '10.10.1.1',
      dhcp: { mode: 'server', start: '10.10.1.100', end: '10.10.1.199', relay: [], leaseTime: 3600, dnsServers: [], ntpServers: [], defaultRoute: false, static: [] },
    },
  ],
};

test('the whole Kea configuration of an instance: lease file, client matching, the scope in user-context, options only when set, stdout logging', () => {
  assert.deepEqual(renderKeaConfig(SCOPE, { interfaces: ['svc/100.127.0.1'], leaseFile: '/var/lib/weft/kea/blue.csv' }), {
    Dhcp4: {
      'interfaces-config': { interfaces: ['svc/100.127.0.1'], 'dhcp-socket-type': 'udp', 'service-sockets-max-retries': 1_000_000, 'service-sockets-retry-wait-time': 1000 },
      'lease-database': { type: 'memfile', persist: true, name: '/var/lib/weft/kea/blue.csv', 'lfc-interval': 3600 },
      'match-client-id': false,
      'host-reservation-identifiers': ['hw-address'],
      'user-context': { vpc: 'default/blue', tenant: 'acme', vrf: 'Vrf1' },
      subnet4: [
        {
          id: keaSubnetId('10.10.2.0/24'),
          subnet: '10.10.2.0/24',
          pools: [{ pool: '10.10.2.10 - 10.10.2.20' }],
          'valid-lifetime': 60,
          'option-data': [
            { name: 'domain-name-servers', data: '10.0.0.53, 10.0.0.54' },
            { name: 'ntp-servers', data: '10.0.0.123, 10.0.0.124' },
          ],
          reservations: [],
          'user-context': { subnet: 'app' },
        },
        {
          id: keaSubnetId('10.10.1.0/24'),
          subnet: '10.10.1.0/24',
          pools: [{ pool: '10.10.1.100 - 10.10.1.199' }],
          'valid-lifetime': 3600,
          'option-data': [],
          reservations: [],
          'user-context': { subnet: 'web' },
        },
      ],
      loggers: [{ name: 'kea-dhcp4', output_options: [{ output: 'stdout' }], severity: 'INFO' }],
    },
  });
  const never = renderKeaConfig(SCOPE, { interfaces: [], leaseFile: '/l.csv', lfcInterval: 0 }) as { Dhcp4: Record<string, unknown> };
  assert.deepEqual(never.Dhcp4['lease-database'], { type: 'memfile', persist: true, name: '/l.csv', 'lfc-interval': 0 });
});

test('Kea subnet ids: the network address as a number; 1 for 0.0.0.0/0 and for text that is no CIDR', () => {
  assert.deepEqual(
    ['10.10.1.0/24', '10.10.1.77/24', '0.0.0.1/32', '0.0.0.0/0', '10.10.1.0', 'nonsense'].map(keaSubnetId),
    [0x0a0a0100, 0x0a0a0100, 1, 1, 1, 1],
  );
});

const HEADER = 'address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context';
const WEB = keaSubnetId('10.10.1.0/24');
const APP = keaSubnetId('10.10.2.0/24');

test('leases: sorted by address (not by file order), each with its subnet; a lease ending now is gone; FQDN hostnames lose only the last dot', () => {
  const csv = [
    HEADER,
    `10.10.2.5,02:00:00:00:00:0a,,60,1300,${APP},0,0,db.example.com.,0,`,
    `10.10.1.150,02:00:00:00:00:0b,,600,1300,${WEB},0,0,,0,`,
    `10.10.1.20,02:00:00:00:00:0c,,600,1201,${WEB},0,0,web.example.com,0,`,
    // ends exactly now
    `10.10.1.21,02:00:00:00:00:0d,,600,1200,${WEB},0,0,,0,`,
    // an address left empty, and an expiry that is no number
    `,02:00:00:00:00:0e,,600,1700,${WEB},0,0,,0,`,
    `10.10.1.22,02:00:00:00:00:0f,,600,never,${WEB},0,0,,0,`,
  ].join('\n');
  assert.deepEqual(parseKeaLeases(csv, SCOPE, 1200), [
    { subnet: 'web', ip: '10.10.1.20', mac: '02:00:00:00:00:0c', expires: 1201, hostname: 'web.example.com' },
    { subnet: 'web', ip: '10.10.1.150', mac: '02:00:00:00:00:0b', expires: 1300 },
    { subnet: 'app', ip: '10.10.2.5', mac: '02:00:00:00:00:0a', expires: 1300, hostname: 'db.example.com' },
  ]);
});

test('leases: a file without one of the columns a lease needs gives none; the state column is found wherever it is', () => {
  const line = `10.10.1.100,02:00:00:00:00:01,600,1700,${WEB}`;
  for (const missing of ['address', 'hwaddr', 'valid_lifetime', 'expire', 'subnet_id']) {
    const header = ['address', 'hwaddr', 'valid_lifetime', 'expire', 'subnet_id'].map((c) => (c === missing ? 'other' : c)).join(',');
    assert.deepEqual(parseKeaLeases(`${header}\n${line}`, SCOPE, 1200), [], missing);
  }
  // state first: a declined lease (1) is left out, an active one (0) kept
  const header = 'state,address,hwaddr,valid_lifetime,expire,subnet_id';
  assert.deepEqual(parseKeaLeases(`${header}\n1,10.10.1.100,02:00:00:00:00:01,600,1700,${WEB}\n0,10.10.1.101,02:00:00:00:00:02,600,1700,${WEB}`, SCOPE, 1200), [
    { subnet: 'web', ip: '10.10.1.101', mac: '02:00:00:00:00:02', expires: 1700 },
  ]);
  assert.deepEqual(parseKeaLeases('\n\n', SCOPE, 1200), []);
});

test('leases: blank and blank-looking lines are skipped, even before the header; a line cut off before its address is no lease', () => {
  const csv = ['   ', '', HEADER, '  ', `10.10.1.100,02:00:00:00:00:01,,600,1700,${WEB},0,0,,0,`].join('\n');
  assert.deepEqual(parseKeaLeases(csv, SCOPE, 1200), [{ subnet: 'web', ip: '10.10.1.100', mac: '02:00:00:00:00:01', expires: 1700 }]);
  // the address column last: a line that stops before it has everything but the address
  const addressLast = ['subnet_id,expire,valid_lifetime,hwaddr,address', `${WEB},1700,600,02:00:00:00:00:02`, `${WEB},1700,600,02:00:00:00:00:03,10.10.1.103`].join('\n');
  assert.deepEqual(parseKeaLeases(addressLast, SCOPE, 1200), [{ subnet: 'web', ip: '10.10.1.103', mac: '02:00:00:00:00:03', expires: 1700 }]);
});

test('dhcp scopes: a VPC the service has never seen compiled (no status at all) is not served', () => {
  const fresh = vpc('default', 'fresh', 'acme', { web: served('10.1.1.0/24') });
  assert.equal(fresh.status, undefined);
  assert.deepEqual(brief(dhcpScopes([fresh, placed(fresh, 'Vrf2')], SERVERS)), ['default/fresh acme Vrf2 100.127.0.2: web 10.1.1.0/24 gw 10.1.1.1 10.1.1.2-10.1.1.254']);
});
