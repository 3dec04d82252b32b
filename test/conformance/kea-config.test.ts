// The Kea configuration Weft renders for the sample lab passes Kea's own check (`kea-dhcp4 -t`),
// and a broken one does not (so the check is real).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compile } from '#compiler';
import { parseCidr } from '#domain';
import { dhcpScopes, keaConfigText } from '#dhcp-config';
import { labSamples } from '../support/lab-samples.js';

function keaCheck(file: string): { ok: boolean; output: string } {
  const result = spawnSync('kea-dhcp4', ['-t', file], { encoding: 'utf8' });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}${result.error?.message ?? ''}` };
}

test('every Kea instance of the sample lab passes kea-dhcp4 -t; a broken pool does not', (t) => {
  if (spawnSync('sh', ['-c', 'command -v kea-dhcp4'], { stdio: 'ignore' }).status !== 0) {
    if (process.env.CI === 'true') assert.fail('kea-dhcp4 is not installed (scripts/test.sh installs kea-dhcp4-server)');
    t.skip('kea-dhcp4 is not installed (scripts/test.sh installs kea-dhcp4-server)');
    return;
  }
  const set = labSamples();
  const result = compile(set);
  const vpcs = set.vpcs.map((vpc) => ({ ...vpc, status: result.vpcStatus.get(`${vpc.metadata.namespace ?? 'default'}/${vpc.metadata.name}`) ?? {} }));
  const servers = parseCidr('100.127.0.0/16')?.prefix;
  assert.ok(servers !== undefined);
  const scopes = dhcpScopes(vpcs, servers);
  assert.equal(scopes.length, 2);
  const dir = mkdtempSync(join(tmpdir(), 'wh-kea-'));
  t.after(() => { rmSync(dir, { recursive: true, force: true }); });
  for (const scope of scopes) {
    const file = join(dir, `${scope.vrf}.json`);
    writeFileSync(file, keaConfigText(scope, { interfaces: [`lo`], leaseFile: join(dir, `${scope.vrf}.csv`) }));
    const checked = keaCheck(file);
    assert.ok(checked.ok, `${scope.vpc}: ${checked.output}`);
  }
  const first = scopes[0];
  assert.ok(first !== undefined);
  const broken = join(dir, 'broken.json');
  writeFileSync(broken, keaConfigText({ ...first, subnets: first.subnets.map((s) => ({ ...s, dhcp: { ...s.dhcp, start: '10.99.0.1' } })) }, { interfaces: [], leaseFile: join(dir, 'b.csv') }));
  const refused = keaCheck(broken);
  assert.equal(refused.ok, false, 'kea-dhcp4 -t accepted a pool outside its subnet');
  assert.match(refused.output, /pool/i);
});
