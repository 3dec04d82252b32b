// The Kea configuration file the DHCP service writes, and lease lines that lack trailing columns
// (Kea writes every column, but a lease file cut off by a crash or written by another version may not).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keaConfigText, keaSubnetId, parseKeaLeases, renderKeaConfig, type DhcpScope } from './index.js';

const SCOPE: DhcpScope = {
  vpc: 'default/blue',
  tenant: 'acme',
  vrf: 'Vrf1',
  address: '100.127.0.1',
  subnets: [
    {
      name: 'web',
      cidr: '10.10.1.0/24',
      gateway: '10.10.1.1',
      dhcp: { mode: 'server', start: '10.10.1.100', end: '10.10.1.199', relay: [], leaseTime: 3600, dnsServers: [], ntpServers: [], defaultRoute: true, static: [] },
    },
  ],
};
const ID = keaSubnetId('10.10.1.0/24');

test('the Kea configuration file is the rendered configuration as indented JSON ending in a newline', () => {
  const instance = { interfaces: ['svc/100.127.0.1'], leaseFile: '/var/lib/weft/kea/blue.csv' };
  const text = keaConfigText(SCOPE, instance);
  assert.equal(text, `${JSON.stringify(renderKeaConfig(SCOPE, instance), null, 2)}\n`);
  assert.match(text, /^\{\n {2}"Dhcp4": \{\n/);
});

test('a lease line cut short before its hostname and state columns is alive and has no hostname', () => {
  const csv = ['address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context', `10.10.1.100,02:00:00:00:00:01,,600,1700,${ID}`].join('\n');
  assert.deepEqual(parseKeaLeases(csv, SCOPE, 1200), [{ subnet: 'web', ip: '10.10.1.100', mac: '02:00:00:00:00:01', expires: 1700 }]);
});

test('a lease file without hostname or state columns gives leases without hostnames', () => {
  const csv = ['address,hwaddr,valid_lifetime,expire,subnet_id', `10.10.1.101,02:00:00:00:00:02,600,1700,${ID}`].join('\n');
  assert.deepEqual(parseKeaLeases(csv, SCOPE, 1200), [{ subnet: 'web', ip: '10.10.1.101', mac: '02:00:00:00:00:02', expires: 1700 }]);
});

test('columns are found by name: a line without the hwaddr column at the end has an empty MAC', () => {
  const csv = ['address,valid_lifetime,expire,subnet_id,hwaddr', `10.10.1.102,600,1700,${ID}`].join('\n');
  assert.deepEqual(parseKeaLeases(csv, SCOPE, 1200), [{ subnet: 'web', ip: '10.10.1.102', mac: '', expires: 1700 }]);
});
