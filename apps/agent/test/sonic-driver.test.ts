/**
 * The SONiC driver and the loop against a real redis-server and real FRR daemons (zebra, bgpd,
 * staticd) in a network namespace: first apply, re-apply, drift repair, the platform's PORT
 * fields, FRR's delta without a restart, Redis down and back, FRR away and back, a refused frr.conf.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { entriesFromConfigDb } from '#configdb-diff';
import { AgentLoop } from '../src/core/agent-loop.js';
import { DeviceError, type DesiredState } from '../src/core/device-driver.js';
import { Frr } from '../src/frr/frr.js';
import { ConfigDb } from '../src/sonic/config-db.js';
import { SonicDriver, type AppliedConfigDb } from '../src/sonic/sonic-driver.js';
import { JsonRecord } from '../src/state/json-record.js';
import { FakeSource } from './support/fakes.js';
import { requireAgentTools, startFrr, startRedis, until, type FrrNode, type RedisServer } from './support/processes.js';
import { dump, leafDesired } from './support/sonic.js';

interface Rig {
  readonly redis: RedisServer;
  readonly frr: FrrNode;
  readonly stateDir: string;
  readonly driver: () => SonicDriver;
}

async function rig(t: TestContext, options: { notifications?: boolean } = {}): Promise<Rig> {
  const redis = await startRedis(t, options);
  const frr = startFrr(t, 'leaf1');
  const stateDir = mkdtempSync(join(tmpdir(), 'wag-state-'));
  const drivers: SonicDriver[] = [];
  t.after(async () => {
    for (const d of drivers) await d.close();
    rmSync(stateDir, { recursive: true, force: true });
  });
  return {
    redis,
    frr,
    stateDir,
    driver: () => {
      const driver = new SonicDriver({
        configDb: new ConfigDb({ url: redis.url }),
        frr: new Frr({ vtyDir: frr.vtyDir, workDir: join(stateDir, 'frr') }),
        record: new JsonRecord<AppliedConfigDb>(join(stateDir, 'configdb-applied.json')),
      });
      drivers.push(driver);
      return driver;
    },
  };
}

function runLoop(t: TestContext, driver: SonicDriver, source: FakeSource, periodMs: number): void {
  const abort = new AbortController();
  const loop = new AgentLoop({ switchName: 'leaf1', source, driverFor: () => Promise.resolve(driver), periodMs, backoff: { initialMs: 100, maxMs: 400 } });
  const done = loop.run(abort.signal);
  t.after(async () => {
    abort.abort();
    await done;
  });
}

/** The lines frr-reload.py would add or delete, less the two FRR never shows (its version, a datacenter default). */
function frrLeftToDo(frr: FrrNode, desired: DesiredState, dir: string): string[] {
  const file = join(dir, 'check.conf');
  writeFileSync(file, desired.frr ?? '');
  return frr
    .reloadTest(file)
    .split('\n')
    .filter((l) => l.trim() !== '' && !/^Lines To|^=+$/.test(l) && !/^frr version|^router bgp 65101$|^ no bgp ebgp-requires-policy$/.test(l));
}

test('first apply: CONFIG_DB holds exactly the desired entries, FRR runs the desired config; applying again changes nothing', async (t) => {
  if (!requireAgentTools(t)) return;
  const { redis, frr, stateDir, driver } = await rig(t);
  const desired = leafDesired(1);
  const d = driver();
  const first = await d.apply(desired);
  assert.deepEqual(await dump(redis.client), entriesFromConfigDb(desired.configDb));
  assert.ok(first.changes.some((c) => c.key === 'VLAN_MEMBER|Vlan1001|Ethernet0' && c.op === 'set'));
  assert.ok(first.changes.some((c) => c.key === 'frr: router bgp 65101 vrf Vrf1 / address-family l2vpn evpn / advertise ipv4 unicast'));
  assert.match(frr.vtysh('show running-config'), /^router bgp 65101 vrf Vrf2$/m);
  assert.deepEqual(frrLeftToDo(frr, desired, stateDir), [], 'frr-reload.py --test shows no diff');
  const bgpd = frr.pid('bgpd');
  assert.deepEqual((await d.apply(desired)).changes, [], 'a second apply changes nothing');
  assert.deepEqual((await driver().plan(desired)).changes, [], 'a fresh driver plans nothing either');
  assert.equal(frr.pid('bgpd'), bgpd);
  const observed = await d.observe();
  assert.deepEqual(observed.ports?.map((p) => [p.name, p.admin]), [['Ethernet0', 'up'], ['Ethernet4', 'up'], ['Ethernet48', 'up'], ['Ethernet52', 'up']]);
  assert.deepEqual(observed.bgpNeighbors?.map((n) => [n.vrf, n.peer]), [['default', 'Ethernet48'], ['default', 'Ethernet52']], 'the configured unnumbered sessions, per VRF');
});

test("the platform keeps its PORT lanes, speed and alias; Weft's own tables lose what it does not want; other tables keep what is not Weft's", async (t) => {
  if (!requireAgentTools(t)) return;
  const { redis, driver } = await rig(t);
  await redis.client.hset('PORT|Ethernet0', { lanes: '65,66,67,68', speed: '40000', alias: 'fortyGigE0/0', index: '0', admin_status: 'down', fec: 'rs' });
  await redis.client.hset('VLAN|Vlan999', { vlanid: '999' });
  await redis.client.hset('VLAN_MEMBER|Vlan999|Ethernet4', { tagging_mode: 'tagged' });
  await redis.client.hset('NTP_SERVER|10.9.9.9', { iburst: 'on' });
  await redis.client.set('CONFIG_DB_INITIALIZED', '1');
  const result = await driver().apply(leafDesired(1));
  assert.deepEqual(await redis.client.hgetall('PORT|Ethernet0'), { lanes: '65,66,67,68', speed: '40000', alias: 'fortyGigE0/0', index: '0', admin_status: 'up', fec: 'rs', mtu: '9000', description: 'server1/eth0' });
  assert.deepEqual(await redis.client.exists('VLAN|Vlan999', 'VLAN_MEMBER|Vlan999|Ethernet4'), 0);
  assert.deepEqual(await redis.client.hgetall('NTP_SERVER|10.9.9.9'), { iburst: 'on' });
  assert.equal(await redis.client.get('CONFIG_DB_INITIALIZED'), '1');
  const removed = result.changes.filter((c) => c.op === 'delete').map((c) => c.key);
  assert.deepEqual(removed, ['VLAN_MEMBER|Vlan999|Ethernet4', 'VLAN|Vlan999'], 'the member goes before its VLAN');
});

/** leaf1's golden desired state with the wiring's settings for Ethernet0 (25G, FEC none) and the cage broken out 4x25G. */
function withPortSettings(generation: number): DesiredState {
  const desired = leafDesired(generation);
  const db = desired.configDb as Record<string, Record<string, Record<string, string>>>;
  const port = db.PORT?.Ethernet0;
  assert.ok(port !== undefined);
  return {
    ...desired,
    configDb: { ...db, PORT: { ...db.PORT, Ethernet0: { ...port, speed: '25000', fec: 'none' } }, BREAKOUT_CFG: { Ethernet0: { brkout_mode: '4x25G' } } },
    portSettings: [{ port: 'Ethernet0', breakout: '4x25G', fec: 'none' }],
  };
}

test("the wiring's port settings win over the platform's speed and FEC on that port only; lanes, alias and other ports stay the platform's", async (t) => {
  if (!requireAgentTools(t)) return;
  const { redis, driver } = await rig(t);
  await redis.client.hset('PORT|Ethernet0', { lanes: '65', speed: '100000', alias: 'Eth1/1', index: '0', fec: 'rs', autoneg: 'on', admin_status: 'down' });
  await redis.client.hset('PORT|Ethernet4', { lanes: '69', speed: '40000', alias: 'Eth2/1', index: '1', fec: 'rs' });
  await driver().apply(withPortSettings(1));
  assert.deepEqual(await redis.client.hgetall('PORT|Ethernet0'), {
    lanes: '65', speed: '25000', alias: 'Eth1/1', index: '0', fec: 'none', autoneg: 'on', admin_status: 'up', mtu: '9000', description: 'server1/eth0',
  });
  assert.deepEqual(await redis.client.hgetall('PORT|Ethernet4'), {
    lanes: '69', speed: '40000', alias: 'Eth2/1', index: '1', fec: 'rs', admin_status: 'up', mtu: '9000', description: 'server2/eth0',
  });
  assert.deepEqual(await redis.client.hgetall('BREAKOUT_CFG|Ethernet0'), { brkout_mode: '4x25G' }, 'a cage with no mode yet gets the wiring\'s');
  // someone sets the speed back by hand: drift, repaired to the wiring's
  await redis.client.hset('PORT|Ethernet0', { speed: '100000' });
  const again = await driver().apply(withPortSettings(2));
  assert.deepEqual(again.changes.map((c) => [c.op, c.key, c.detail]), [['modify', 'PORT|Ethernet0', 'speed 100000 -> 25000']]);
});

test('a cage in another breakout mode is not re-cut by the agent: a non-retryable error names the port, both modes and the command, and nothing is written', async (t) => {
  if (!requireAgentTools(t)) return;
  const { redis, driver } = await rig(t);
  await redis.client.hset('BREAKOUT_CFG|Ethernet0', { brkout_mode: '1x100G' });
  const error = await driver().apply(withPortSettings(1)).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(error instanceof DeviceError, String(error));
  assert.equal(error.retryable, false);
  assert.match(error.message, /Ethernet0 is in breakout mode 1x100G, the wiring wants 4x25G: run `config interface breakout Ethernet0 4x25G`/);
  assert.deepEqual(await redis.client.keys('VLAN*'), [], 'nothing of the desired state was written');
});

test('drift found by a keyspace event: a hand-deleted and a hand-modified key are restored and reported with their keys', async (t) => {
  if (!requireAgentTools(t)) return;
  const { redis, driver } = await rig(t);
  const source = new FakeSource(leafDesired(1));
  runLoop(t, driver(), source, 600_000);
  await until('generation 1 applied', () => (source.reports.at(-1)?.appliedGeneration === 1 ? true : undefined));
  await redis.client.del('VLAN_MEMBER|Vlan1001|Ethernet0');
  await redis.client.hset('VXLAN_TUNNEL_MAP|vtep1|map_10003_Vlan1001', 'vni', '99999');
  const status = await until('the drift reported as repaired', () => {
    const last = source.reports.at(-1);
    return last?.drift?.filter((d) => d.repaired).length === 2 ? last : undefined;
  });
  assert.deepEqual(status.drift?.map((d) => [d.key, d.change]).sort(), [
    ['VLAN_MEMBER|Vlan1001|Ethernet0', 'deleted'],
    ['VXLAN_TUNNEL_MAP|vtep1|map_10003_Vlan1001', 'modified'],
  ]);
  assert.deepEqual(await redis.client.hgetall('VLAN_MEMBER|Vlan1001|Ethernet0'), { tagging_mode: 'untagged' });
  assert.equal(await redis.client.hget('VXLAN_TUNNEL_MAP|vtep1|map_10003_Vlan1001', 'vni'), '10003');
  assert.equal(status.conditions?.find((c) => c.type === 'Drifted')?.reason, 'Repaired');
});

test('drift in FRR found by the period check: a line removed by hand comes back, reported as an frr: key', async (t) => {
  if (!requireAgentTools(t)) return;
  const { frr, driver } = await rig(t, { notifications: false });
  const source = new FakeSource(leafDesired(1));
  runLoop(t, driver(), source, 500);
  await until('generation 1 applied', () => (source.reports.at(-1)?.appliedGeneration === 1 ? true : undefined));
  const bgpd = frr.pid('bgpd');
  frr.vtysh('configure terminal', 'router bgp 65101', 'no neighbor Ethernet48 description spine1');
  const status = await until('the FRR drift repaired', () => source.reports.find((r) => r.drift?.some((d) => d.repaired && d.key.startsWith('frr: '))));
  assert.deepEqual(status.drift?.map((d) => [d.key, d.change]), [['frr: router bgp 65101 / neighbor Ethernet48 description spine1', 'deleted']]);
  assert.match(frr.vtysh('show running-config'), /^ neighbor Ethernet48 description spine1$/m);
  assert.equal(frr.pid('bgpd'), bgpd, 'repaired without a restart');
});

test("a new generation's frr.conf goes in as a delta: bgpd and zebra keep running, only the changed lines are applied", async (t) => {
  if (!requireAgentTools(t)) return;
  const { frr, stateDir, driver } = await rig(t);
  const d = driver();
  const first = leafDesired(1);
  await d.apply(first);
  const pids = [frr.pid('zebra'), frr.pid('bgpd'), frr.pid('staticd')];
  const second = {
    ...first,
    generation: 2,
    frr: (first.frr ?? '').replace(' neighbor Ethernet52 description spine2', ' neighbor Ethernet52 description spine2-new').replace('ip prefix-list weft-leak-vrf1-from-vrf2 seq 5', 'ip prefix-list weft-extra seq 5 permit 10.99.0.0/16\nip prefix-list weft-leak-vrf1-from-vrf2 seq 5'),
  };
  const result = await d.apply(second);
  assert.deepEqual(result.changes.map((c) => `${c.op} ${c.key}`).sort(), [
    'delete frr: router bgp 65101 / no neighbor Ethernet52 description spine2',
    'set frr: ip prefix-list weft-extra seq 5 permit 10.99.0.0/16',
    'set frr: router bgp 65101 / neighbor Ethernet52 description spine2-new',
  ]);
  assert.deepEqual([frr.pid('zebra'), frr.pid('bgpd'), frr.pid('staticd')], pids, 'no daemon restarted');
  assert.deepEqual(frrLeftToDo(frr, second, stateDir), []);
});

test('Redis down: Degraded with the reason, the last applied generation kept; Redis back: the new generation applied', async (t) => {
  if (!requireAgentTools(t)) return;
  const { redis, driver } = await rig(t);
  const source = new FakeSource(leafDesired(1));
  runLoop(t, driver(), source, 600_000);
  await until('generation 1 applied', () => (source.reports.at(-1)?.appliedGeneration === 1 ? true : undefined));
  await redis.stop();
  const next = leafDesired(2);
  source.push({ ...next, configDb: { ...next.configDb, VLAN: { ...(next.configDb?.VLAN as object), Vlan1099: { vlanid: '1099' } } } });
  const degraded = await until('Degraded reported', () => source.reports.find((r) => r.conditions?.some((c) => c.type === 'Degraded' && c.status === 'True')));
  assert.equal(degraded.appliedGeneration, 1, `the last applied generation stays: ${JSON.stringify(source.reports.map((r) => [r.appliedGeneration, r.lastError]))}`);
  assert.equal(degraded.conditions?.find((c) => c.type === 'Degraded')?.reason, 'DeviceUnreachable');
  assert.match(degraded.lastError ?? '', new RegExp(`generation 2: CONFIG_DB \\(Redis database 4 at unix://${redis.socket}\\) is not reachable`));
  await redis.start();
  const recovered = await until('generation 2 applied', () => {
    const last = source.reports.at(-1);
    return last?.appliedGeneration === 2 ? last : undefined;
  });
  assert.equal(recovered.conditions?.find((c) => c.type === 'Degraded')?.status, 'False');
  assert.equal(recovered.lastError, undefined);
  assert.deepEqual(await redis.client.hgetall('VLAN|Vlan1099'), { vlanid: '1099' });
});

test('FRR away (its vty sockets gone, as when the daemons are down): Degraded naming FRR, the last applied generation kept; FRR back: the new generation applied', async (t) => {
  if (!requireAgentTools(t)) return;
  const { frr, driver } = await rig(t);
  const source = new FakeSource(leafDesired(1));
  runLoop(t, driver(), source, 600_000);
  await until('generation 1 applied and observed', () => (source.reports.at(-1)?.appliedGeneration === 1 && source.reports.at(-1)?.ports !== undefined ? true : undefined));
  const sockets = readdirSync(frr.vtyDir).filter((name) => name.endsWith('.vty'));
  assert.ok(sockets.includes('bgpd.vty'), sockets.join(' '));
  const away = (from: string, to: string): void => {
    for (const name of sockets) renameSync(join(frr.vtyDir, `${name}${from}`), join(frr.vtyDir, `${name}${to}`));
  };
  away('', '.wag-away');
  t.after(() => {
    if (existsSync(join(frr.vtyDir, 'bgpd.vty.wag-away'))) away('.wag-away', '');
  });
  const next = leafDesired(2);
  source.push({ ...next, frr: `${next.frr ?? ''}ip prefix-list wag-away seq 5 permit 10.98.0.0/16\n` });
  const degraded = await until('Degraded reported', () => source.reports.find((r) => r.conditions?.some((c) => c.type === 'Degraded' && c.status === 'True')));
  assert.equal(degraded.appliedGeneration, 1, 'the last applied generation stays');
  assert.equal(degraded.conditions?.find((c) => c.type === 'Degraded')?.reason, 'DeviceUnreachable');
  assert.match(degraded.lastError ?? '', new RegExp(`^generation 2: FRR at ${frr.vtyDir} is not reachable`));
  away('.wag-away', '');
  const recovered = await until('generation 2 applied', () => {
    const last = source.reports.at(-1);
    return last?.appliedGeneration === 2 ? last : undefined;
  });
  assert.equal(recovered.conditions?.find((c) => c.type === 'Degraded')?.status, 'False');
  assert.match(frr.vtysh('show running-config'), /^ip prefix-list wag-away seq 5 permit 10\.98\.0\.0\/16$/m);
});

test('a frr.conf FRR refuses: a non-retryable error with the line vtysh names, and what CONFIG_DB already took', async (t) => {
  if (!requireAgentTools(t)) return;
  const { frr, driver } = await rig(t);
  const desired = { ...leafDesired(1), frr: `${leafDesired(1).frr ?? ''}router bgp 65101\n neighbor 10.1.1.1 remote-as banana\nexit\n` };
  const bgpd = frr.pid('bgpd');
  const error = await driver().apply(desired).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(error instanceof DeviceError, String(error));
  assert.equal(error.retryable, false);
  assert.equal(error.message, 'FRR refuses the desired frr.conf');
  assert.ok(error.details.some((d) => /Unknown command: +neighbor 10\.1\.1\.1 remote-as banana/.test(d)), error.details.join('\n'));
  assert.ok(error.applied.some((c) => c.key === 'VLAN|Vlan1001'), 'the CONFIG_DB part is said to be written');
  assert.doesNotMatch(frr.vtysh('show running-config'), /router bgp/, 'nothing of the refused config reached FRR');
  assert.equal(frr.pid('bgpd'), bgpd);
});
