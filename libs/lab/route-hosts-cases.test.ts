// Which server holds a static route's next hop in the lab, where the route or the addresses are
// not all usable: a route whose prefix is none is left out, a next hop that is no address is
// passed over for the next one, and an address whose CIDR is none holds nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resourceSet, vpc } from '../../test/support/builders.js';
import { planRouteHosts, type ServerAddress } from './index.js';

const address = (server: string, cidr: string, ip: string): ServerAddress => ({
  server,
  device: 'eth0',
  vpc: 'default/red',
  tenant: 'acme',
  subnet: 'a',
  cidr,
  ip,
  prefixLength: 24,
  gateway: '10.5.1.1',
  attachment: `default/${server}`,
});

test('unusable route prefixes, next hops and server CIDRs are passed over', () => {
  const red = vpc('default', 'red', 'acme', { a: '10.5.1.0/24' });
  const routed = {
    ...red,
    spec: {
      ...red.spec,
      staticRoutes: [
        { prefix: 'not-a-prefix', nextHops: ['10.5.1.50'] },
        { prefix: '10.99.0.0/24', nextHops: ['not-an-address', '10.5.1.50'] },
      ],
    },
  };
  const addresses = [address('server1', 'bogus', '10.5.1.2'), address('server2', '10.5.1.0/24', '10.5.1.3')];
  assert.deepEqual(
    planRouteHosts(resourceSet(routed), addresses).map((h) => [h.prefix, h.nextHop, h.server, h.device, h.subnet, h.prefixLength, h.probe]),
    [['10.99.0.0/24', '10.5.1.50', 'server2', 'eth0', 'a', 24, '10.99.0.1']],
  );
});

test('a next hop is held only by a server of the route\'s own VPC; a route no server can hold is left out', () => {
  const red = vpc('default', 'red', 'acme', { a: '10.5.1.0/24' });
  const routed = { ...red, spec: { ...red.spec, staticRoutes: [{ prefix: '10.99.0.0/24', nextHops: ['10.5.1.50'] }, { prefix: '10.98.0.0/24', nextHops: ['10.7.0.50'] }] } };
  const addresses = [{ ...address('server1', '10.5.1.0/24', '10.5.1.2'), vpc: 'globex/copy' }, address('server2', '10.5.1.0/24', '10.5.1.3')];
  assert.deepEqual(
    planRouteHosts(resourceSet(routed), addresses).map((h) => [h.prefix, h.server]),
    [['10.99.0.0/24', 'server2']],
  );
});
