// The reachability matrix as `weft lab test` prints it, line by line, for an endpoint that two
// probes name with different labels (the first label is the one shown).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatMatrix, type Endpoint, type ProbeResult } from './index.js';

const web: Endpoint = { label: 'server1 default/blue/web', node: 'server1', ip: '10.1.1.2' };
const sameAgain: Endpoint = { label: 'server1 again', node: 'server1', ip: '10.1.1.2' };
const db: Endpoint = { label: 'server2 default/blue/db', node: 'server2', ip: '10.1.3.2' };

test('an endpoint named twice is one row and one column, under the label it first had', () => {
  const results: ProbeResult[] = [
    { from: web, to: db, expect: true, reached: true, reason: 'same VPC' },
    { from: db, to: sameAgain, expect: true, reached: false, reason: 'same VPC' },
  ];
  assert.equal(
    formatMatrix(results),
    [
      'reachability: 2 probes, 1 as the intents say, 1 not',
      `${' '.repeat(38)}1 2`,
      '1  server1 default/blue/web 10.1.1.2  - ✓',
      '2  server2 default/blue/db 10.1.3.2   ✗ -',
      '✓ reached, as intended   · no reply, as intended   ✗ should reach but did not   ! reached but should not',
      'NOT REACHED: server2 default/blue/db 10.1.3.2 -> server1 again 10.1.1.2 (same VPC)',
      '',
    ].join('\n'),
  );
});

test('two addresses of one node are a self cell; a styled matrix wraps each probed cell as good or bad, and leaves the rest alone', () => {
  const route: Endpoint = { label: 'server1 route 172.16.0.0/16', node: 'server1', ip: '172.16.0.1' };
  const results: ProbeResult[] = [
    { from: web, to: db, expect: true, reached: true, reason: 'same VPC' },
    { from: db, to: route, expect: true, reached: true, reason: 'same VPC, static route' },
    { from: db, to: web, expect: false, reached: true, reason: 'peered, pair not permitted' },
  ];
  const lines = formatMatrix(results, { good: (t) => `[${t}]`, bad: (t) => `<${t}>` }).split('\n');
  assert.deepEqual(lines.slice(2, 5), [
    '1  server1 default/blue/web 10.1.1.2       - [✓] -',
    '2  server2 default/blue/db 10.1.3.2        <!> - [✓]',
    '3  server1 route 172.16.0.0/16 172.16.0.1  -   -',
  ]);
  assert.equal(lines[6], '<LEAKED: server2 default/blue/db 10.1.3.2 -> server1 default/blue/web 10.1.1.2 (peered, pair not permitted)>');
});
