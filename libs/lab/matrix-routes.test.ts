// The matrix `weft lab test` prints when a pair was not probed and a probe that should have
// reached did not; and the servers that hold static routes, for VPCs written without a namespace
// and routes listed out of order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resourceSet, vpc } from '../../test/support/builders.js';
import { formatMatrix, planRouteHosts, type Endpoint, type ProbeResult, type ServerAddress } from './index.js';

const a: Endpoint = { label: 'server1 default/blue/web', node: 'server1', ip: '10.1.1.2' };
const b: Endpoint = { label: 'server2 default/blue/web', node: 'server2', ip: '10.1.1.3' };
const c: Endpoint = { label: 'server3 default/blue/db', node: 'server3', ip: '10.1.3.2' };

test('a pair not probed is a blank cell; a probe that should reach and did not is listed as NOT REACHED', () => {
  const results: ProbeResult[] = [
    { from: a, to: b, expect: true, reached: false, reason: 'same VPC, same subnet' },
    { from: b, to: a, expect: true, reached: true, reason: 'same VPC, same subnet' },
    { from: a, to: c, expect: true, reached: true, reason: 'same VPC' },
  ];
  assert.equal(
    formatMatrix(results),
    [
      'reachability: 3 probes, 2 as the intents say, 1 not',
      '                                      1 2 3',
      '1  server1 default/blue/web 10.1.1.2  - ✗ ✓',
      '2  server2 default/blue/web 10.1.1.3  ✓ -  ',
      '3  server3 default/blue/db 10.1.3.2       -',
      '✓ reached, as intended   · no reply, as intended   ✗ should reach but did not   ! reached but should not',
      'NOT REACHED: server1 default/blue/web 10.1.1.2 -> server2 default/blue/web 10.1.1.3 (same VPC, same subnet)',
      '',
    ].join('\n'),
  );
});

test('ten endpoints or more: the column numbers are written downwards, one digit per line', () => {
  const endpoints: Endpoint[] = Array.from({ length: 10 }, (_, i) => ({ label: `s${i + 1}`, node: `s${i + 1}`, ip: `10.0.0.${i + 1}` }));
  const results: ProbeResult[] = endpoints.slice(1).map((to) => ({ from: endpoints[0] ?? a, to, expect: false, reached: false, reason: 'different VPCs, not peered' }));
  const lines = formatMatrix(results).split('\n');
  // number width 2, the widest label `s10 10.0.0.10` (13), two spaces either side
  const pad = ' '.repeat(2 + 2 + 13 + 2);
  assert.deepEqual(lines.slice(1, 3), [`${pad}                  1`, `${pad}1 2 3 4 5 6 7 8 9 0`]);
  assert.equal(lines[3], ' 1  s1 10.0.0.1    - · · · · · · · · ·');
});

const address = (server: string, vpcKey: string, subnet: string, cidr: string, ip: string): ServerAddress => ({
  server,
  device: 'eth0',
  vpc: vpcKey,
  tenant: 'acme',
  subnet,
  cidr,
  ip,
  prefixLength: 24,
  gateway: cidr.replace(/0\/24$/, '1'),
  attachment: `default/${server}`,
});

test('static routes are held by the first server by name in the next hop subnet, listed by VPC and prefix, namespaces defaulted', () => {
  const red = vpc('default', 'red', 'acme', { a: '10.5.1.0/24' });
  const bare = { ...red, metadata: { name: 'red' }, spec: { ...red.spec, staticRoutes: [{ prefix: '10.99.0.0/24', nextHops: ['10.5.1.50'] }, { prefix: '10.98.0.0/24', nextHops: ['10.5.1.50'] }] } };
  const addresses = [address('server9', 'default/red', 'a', '10.5.1.0/24', '10.5.1.3'), address('server2', 'default/red', 'a', '10.5.1.0/24', '10.5.1.2')];
  assert.deepEqual(
    planRouteHosts(resourceSet(bare), addresses).map((h) => [h.vpc, h.prefix, h.server, h.probe]),
    [
      ['default/red', '10.98.0.0/24', 'server2', '10.98.0.1'],
      ['default/red', '10.99.0.0/24', 'server2', '10.99.0.1'],
    ],
  );
});
