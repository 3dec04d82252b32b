// Lease reports without a database (pure): a report is checked against the VPC's subnets, shows
// in the status of the VPC object it was made for and not in a VPC created again under the same
// name, and a replica catching up merges the reports written since its version.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { VpcStatus } from '#api';
import { checkLeaseReport, withLeases } from '../../src/dhcp/lease-report.js';
import { applyChanges } from '../../src/fabric/catch-up.js';
import { StoreError } from '../../src/store/store.types.js';
import { sampleSnapshot } from '../support/fabric.js';

const SUBNETS = new Map([['web', '10.10.1.0/24']]);
const LEASE = { ip: '10.10.1.100', mac: '02:00:00:00:00:01', expires: '2026-12-06T13:00:00Z' };

test('a report is checked against the subnets: the field and the VPC are named', () => {
  assert.deepEqual([...checkLeaseReport('default/blue', SUBNETS, { subnets: { web: [LEASE] } })], [['web', [LEASE]]]);
  assert.throws(() => checkLeaseReport('default/blue', SUBNETS, { subnets: { web: [{ ...LEASE, ip: '10.10.2.1' }] } }), (e: unknown) => e instanceof StoreError && e.code === 'invalid' && /VPC default\/blue dhcp-leases subnets\.web\[0\]\.ip: 10\.10\.2\.1 is not in the subnet's 10\.10\.1\.0\/24/.test(e.message));
  assert.throws(() => checkLeaseReport('default/blue', SUBNETS, { subnets: { web: [{ ...LEASE, mac: '02:00:00:00:00:0G' }] } }), /subnets\.web\[0\]\.mac/);
  assert.throws(() => checkLeaseReport('default/blue', SUBNETS, null), /subnets: required/);
});

test('leases show in the status of the VPC object they were reported for, of subnets it still has', () => {
  const status: VpcStatus = { subnets: { web: { vni: 10001 } } };
  const report = { uid: 'u1', subnets: new Map([['web', [LEASE]], ['gone', [LEASE]]]) };
  assert.deepEqual(withLeases(status, 'u1', report), { subnets: { web: { vni: 10001, leases: [LEASE] } } });
  assert.equal(withLeases(status, 'u2', report), status, 'a VPC created again under the name shows none of the old leases');
  assert.equal(withLeases(status, 'u1', undefined), status);
});

test('a replica catching up merges the lease reports written since its version and keeps the others', async () => {
  const base = await sampleSnapshot();
  const older = { uid: 'x', subnets: new Map([['web', [LEASE]]]) };
  const current = { ...base, leases: new Map([['default/other', older]]) };
  const fresh = { uid: 'y', subnets: new Map([['web', []]]) };
  const caught = applyChanges(current, { version: 2, written: [], deleted: [], quarantine: base.result.allocations.quarantine, agents: base.agents, leases: new Map([['default/blue', fresh]]) }, { recompile: () => assert.fail('nothing to compile'), compileAll: () => assert.fail('nothing to compile') });
  assert.equal(caught.next.leases.get('default/other'), older);
  assert.equal(caught.next.leases.get('default/blue'), fresh);
  assert.deepEqual(caught.changes, []);
});
