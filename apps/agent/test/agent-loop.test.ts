/**
 * The loop's logic with a manual clock and in-memory source and device: when it applies, how it
 * finds and repairs drift, how it backs off and what it reports. Deterministic: time moves only
 * when the test says so.
 */
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { AgentLoop } from '../src/core/agent-loop.js';
import { DeviceError, UnsupportedDeviceError } from '../src/core/device-driver.js';
import { SourceError } from '../src/core/desired-state-source.js';
import type { AgentLogLevel } from '../src/core/log.js';
import { FakeDriver, FakeSource, ManualClock, desiredOf, settle } from './support/fakes.js';

const PERIOD = 30_000;

interface Harness {
  readonly clock: ManualClock;
  readonly source: FakeSource;
  readonly driver: FakeDriver;
  readonly logs: { level: AgentLogLevel; event: string; message: string; fields?: Readonly<Record<string, unknown>> }[];
  readonly done: Promise<void>;
  readonly stop: () => Promise<void>;
}

function start(t: TestContext, values: Record<string, string> = { a: '1', b: '2' }, prepare?: (h: Omit<Harness, 'done' | 'stop'>) => void): Harness {
  const clock = new ManualClock();
  const source = new FakeSource(desiredOf(1, values));
  const driver = new FakeDriver(clock);
  const logs: Harness['logs'] = [];
  prepare?.({ clock, source, driver, logs });
  const loop = new AgentLoop({
    switchName: 'leaf1',
    source,
    driverFor: () => Promise.resolve(driver),
    periodMs: PERIOD,
    clock,
    backoff: { initialMs: 500, maxMs: 4000 },
    random: () => 1,
    log: (level, event, message, fields) => logs.push({ level, event, message, ...(fields === undefined ? {} : { fields }) }),
  });
  const abort = new AbortController();
  const done = loop.run(abort.signal);
  const stop = async (): Promise<void> => {
    abort.abort();
    await done;
  };
  t.after(stop);
  return { clock, source, driver, logs, done, stop };
}

function condition(status: { conditions?: { type: string; status: string; reason: string; message?: string }[] }, type: string): { status: string; reason: string; message?: string } | undefined {
  return status.conditions?.find((c) => c.type === type);
}

test('the first desired state is applied and reported: generation, Applied, not Degraded, what the device says', async (t) => {
  const { source, driver } = start(t);
  await settle();
  assert.deepEqual([...driver.device], [['a', '1'], ['b', '2']]);
  const status = source.last();
  assert.equal(status.appliedGeneration, 1);
  assert.deepEqual(condition(status, 'Applied'), { type: 'Applied', status: 'True', reason: 'UpToDate', message: 'generation 1 applied at 2026-12-01T00:00:00.000Z', observedGeneration: 1, lastTransitionTime: '2026-12-01T00:00:00.000Z' });
  assert.equal(condition(status, 'Degraded')?.status, 'False');
  assert.equal(condition(status, 'Drifted')?.reason, 'InSync');
  assert.deepEqual(status.bgpNeighbors, [{ peer: 'Ethernet48', vrf: 'default', state: 'Established' }]);
  assert.equal(status.lastError, undefined);
});

test('a heartbeat every period, and nothing applied again while nothing changes', async (t) => {
  const { clock, source, driver } = start(t);
  await settle();
  await clock.advance(PERIOD * 3);
  assert.equal(driver.applies.length, 1, 'applied once');
  assert.deepEqual(
    source.reports.map((r) => r.lastHeartbeat),
    ['2026-12-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z', '2026-12-01T00:00:30.000Z', '2026-12-01T00:01:00.000Z', '2026-12-01T00:01:30.000Z'],
    'the apply reported at once, then with what the device says, then one heartbeat per period',
  );
});

test('a new generation from the watch is applied at once, not at the next period', async (t) => {
  const { clock, source, driver } = start(t);
  await settle();
  await clock.advance(1000);
  source.push(desiredOf(2, { a: '1', b: '3' }));
  await settle();
  assert.deepEqual(driver.applies.map((a) => [a.generation, a.at]), [[1, 0], [2, 1000]]);
  assert.equal(source.last().appliedGeneration, 2);
  assert.equal(driver.device.get('b'), '3');
});

test('a generation that arrives while another is being applied is applied right after it, not at the next period', async (t) => {
  const { source, driver } = start(t);
  await settle();
  let release: () => void = () => undefined;
  driver.hold = new Promise((resolve) => {
    release = resolve;
  });
  source.push(desiredOf(2, { a: '2' }));
  await settle();
  source.push(desiredOf(3, { a: '3' }));
  driver.hold = undefined;
  release();
  await settle();
  assert.deepEqual(driver.applies.map((a) => [a.generation, a.at]), [[1, 0], [2, 0], [3, 0]]);
  assert.equal(source.last().appliedGeneration, 3);
});

test('drift at an unchanged generation: each key is a drift event, repaired, with the time it was found', async (t) => {
  const { clock, source, driver, logs } = start(t, { a: '1', b: '2', c: '3' });
  await settle();
  driver.device.delete('a');
  driver.device.set('b', 'hand-edited');
  driver.device.set('z', 'added by hand');
  await clock.advance(PERIOD);
  assert.deepEqual([...driver.device].sort(), [['a', '1'], ['b', '2'], ['c', '3']]);
  const status = source.last();
  assert.deepEqual(status.drift, [
    { key: 'KV|a', change: 'deleted', detectedAt: '2026-12-01T00:00:30.000Z', repaired: true },
    { key: 'KV|b', change: 'modified', detectedAt: '2026-12-01T00:00:30.000Z', repaired: true },
    { key: 'KV|z', change: 'added', detectedAt: '2026-12-01T00:00:30.000Z', repaired: true },
  ]);
  assert.equal(status.driftCount, 3);
  assert.equal(status.appliedGeneration, 1);
  assert.deepEqual(condition(status, 'Drifted'), { type: 'Drifted', status: 'False', reason: 'Repaired', message: '3 changes made outside Weft found at 2026-12-01T00:00:30.000Z, restored', lastTransitionTime: '2026-12-01T00:00:00.000Z' });
  assert.deepEqual(logs.filter((l) => l.event === 'drift').map((l) => l.fields?.key), ['KV|a', 'KV|b', 'KV|z']);
});

test("a device change event brings the check forward: drift is repaired before the period", async (t) => {
  const { clock, source, driver } = start(t);
  await settle();
  await clock.advance(2000);
  driver.device.delete('b');
  driver.events.push('event');
  await settle();
  assert.equal(driver.device.get('b'), '2');
  assert.equal(source.last().drift?.[0]?.detectedAt, '2026-12-01T00:00:02.000Z');
});

test('a retryable device error: Degraded with the reason, the last applied generation kept, retries with capped backoff, then recovery', async (t) => {
  const { clock, source, driver } = start(t);
  await settle();
  driver.failure = new DeviceError('Redis at unix:///run/redis.sock: connect ENOENT', true);
  source.push(desiredOf(2, { a: '9' }));
  await settle();
  let status = source.last();
  assert.equal(status.appliedGeneration, 1, 'the last applied generation stays');
  assert.deepEqual(condition(status, 'Degraded'), {
    type: 'Degraded',
    status: 'True',
    reason: 'DeviceUnreachable',
    message: 'generation 2: Redis at unix:///run/redis.sock: connect ENOENT',
    lastTransitionTime: '2026-12-01T00:00:00.000Z',
  });
  assert.equal(condition(status, 'Applied')?.status, 'False');
  assert.equal(status.lastError, 'generation 2: Redis at unix:///run/redis.sock: connect ENOENT');
  await clock.advance(12_000);
  assert.deepEqual(
    driver.applies.map((a) => a.at),
    [0, 0, 500, 1500, 3500, 7500, 11500],
    'retried after 500, 1000, 2000, 4000, 4000 ms: doubling, capped',
  );
  driver.failure = undefined;
  await clock.advance(4000);
  status = source.last();
  assert.equal(status.appliedGeneration, 2);
  assert.equal(condition(status, 'Degraded')?.status, 'False');
  assert.equal(status.lastError, undefined);
  assert.equal(driver.device.get('a'), '9');
});

test('a refused change is not retried in a tight loop: it waits for the period or a new generation', async (t) => {
  const { clock, source, driver } = start(t);
  await settle();
  driver.failure = new DeviceError('frr-reload: vtysh rejected the configuration', false, ['line 12: % Unknown command: neighbor x remote-as banana']);
  source.push(desiredOf(2, { a: '9' }));
  await settle();
  assert.equal(condition(source.last(), 'Degraded')?.reason, 'ApplyFailed');
  assert.match(source.last().lastError ?? '', /line 12: % Unknown command/);
  await clock.advance(PERIOD - 1);
  assert.equal(driver.applies.length, 2);
  await clock.advance(1);
  assert.equal(driver.applies.length, 3);
});

test('an apply that stops half way says what had been written', async (t) => {
  const { source, driver } = start(t, { a: '1' }, ({ driver: d }) => {
    d.failure = new DeviceError('Redis connection lost', true, [], [
      { op: 'set', key: 'VLAN|Vlan1001' },
      { op: 'set', key: 'VLAN_MEMBER|Vlan1001|Ethernet0' },
    ]);
  });
  await settle();
  assert.equal(driver.applies.length, 1);
  assert.equal(source.last().lastError, 'generation 1: Redis connection lost (2 changes had been written: set VLAN|Vlan1001, set VLAN_MEMBER|Vlan1001|Ethernet0)');
  assert.equal(source.last().appliedGeneration, undefined);
});

test('the service unreachable at start: retried with backoff, then applied', async (t) => {
  const { clock, source, driver, logs } = start(t, { a: '1' }, ({ source: s }) => {
    s.currentFailures = 2;
  });
  await settle();
  assert.equal(driver.applies.length, 0);
  await clock.advance(1500);
  assert.deepEqual(driver.applies.map((a) => a.at), [1500]);
  assert.equal(source.last().appliedGeneration, 1);
  assert.equal(logs.filter((l) => l.event === 'error').length, 2);
});

test('a status report that does not arrive is retried with backoff and arrives whole', async (t) => {
  const { clock, source, driver } = start(t, { a: '1' }, ({ source: s }) => {
    s.reportsFail = true;
  });
  await settle();
  driver.device.set('b', 'x');
  await clock.advance(PERIOD);
  assert.equal(source.reports.length, 0);
  source.reportsFail = false;
  await clock.advance(4000);
  assert.equal(source.reports.length, 1);
  assert.equal(source.last().driftCount, 1, 'the drift found while the service was away is in the report');
});

test("a new generation with another way to reach the device (the Switch's spec.management) gets a new driver; the old one is closed", async (t) => {
  const clock = new ManualClock();
  const first = { ...desiredOf(1, { a: '1' }, 'vyos'), management: { ssh: { host: '192.0.2.1' } } };
  const source = new FakeSource(first);
  const drivers: FakeDriver[] = [];
  const made: (string | undefined)[] = [];
  const loop = new AgentLoop({
    switchName: 'border1',
    source,
    driverFor: (desired) => {
      made.push(desired.management?.ssh?.host);
      const driver = new FakeDriver(clock);
      drivers.push(driver);
      return Promise.resolve(driver);
    },
    periodMs: PERIOD,
    clock,
  });
  const abort = new AbortController();
  const done = loop.run(abort.signal);
  t.after(async () => {
    abort.abort();
    await done;
  });
  await settle();
  source.push({ ...first, generation: 2, configDb: desiredOf(2, { a: '2' }).configDb });
  await settle();
  assert.deepEqual(made, ['192.0.2.1'], 'the same management: the same driver');
  source.push({ ...first, generation: 3, management: { ssh: { host: '192.0.2.9' } } });
  await settle();
  assert.deepEqual(made, ['192.0.2.1', '192.0.2.9']);
  assert.equal(drivers[0]?.closed, true, 'the old driver is closed');
  assert.equal(source.last().appliedGeneration, 3);
});

test('a desired os this build cannot drive stops the agent with that error', async (t) => {
  const clock = new ManualClock();
  const source = new FakeSource(desiredOf(1, {}, 'vyos'));
  const loop = new AgentLoop({ switchName: 'border1', source, driverFor: () => Promise.reject(new UnsupportedDeviceError('the VyOS driver is not in this build')), periodMs: PERIOD, clock });
  const abort = new AbortController();
  t.after(() => {
    abort.abort();
  });
  await assert.rejects(loop.run(abort.signal), /the VyOS driver is not in this build/);
});

test('a refused token stops the agent: no retry fixes it', async () => {
  const clock = new ManualClock();
  const source = new FakeSource(desiredOf(1, {}));
  source.current = () => Promise.reject(new SourceError('401 unauthenticated: the token is not valid', false, 401));
  const loop = new AgentLoop({ switchName: 'leaf1', source, driverFor: () => Promise.reject(new Error('unused')), periodMs: PERIOD, clock });
  await assert.rejects(loop.run(new AbortController().signal), /401/);
});

test('--once applies, reports and says whether it worked', async () => {
  const clock = new ManualClock();
  const source = new FakeSource(desiredOf(4, { a: '1' }));
  const driver = new FakeDriver(clock);
  const ok = await new AgentLoop({ switchName: 'leaf1', source, driverFor: () => Promise.resolve(driver), periodMs: PERIOD, clock }).runOnce(new AbortController().signal);
  assert.equal(ok, true);
  assert.equal(source.last().appliedGeneration, 4);
  assert.equal(driver.closed, true);
  const failing = new FakeDriver(clock);
  failing.failure = new DeviceError('Redis down', true);
  const failed = await new AgentLoop({ switchName: 'leaf1', source, driverFor: () => Promise.resolve(failing), periodMs: PERIOD, clock }).runOnce(new AbortController().signal);
  assert.equal(failed, false);
  assert.equal(source.last().lastError, 'generation 4: Redis down');
});
