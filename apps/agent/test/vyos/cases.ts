/**
 * The VyOS driver's cases, run over each transport against the VyOS stand-in (VyOS cannot run on
 * these machines): first apply, no-op re-apply, owned-subtree drift reverted, foreign
 * configuration untouched, a rejected line (and a rejected commit) leaves the router unchanged,
 * a connection dropped mid-apply and recovered, commit-confirm rolling back when the confirmation
 * never comes, BGP neighbours observed.
 */
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { StandinEntry } from '../../../../test/support/vyos-standin/index.js';
import { DeviceError, type DesiredState, type DeviceDriver } from '../../src/core/device-driver.js';
import { benchUnavailable, FOREIGN_BOOT, LAB_BORDER_VYOS, requireBench, startBench, type Bench, type Via } from './bench.js';

export function desiredState(vyos: string, generation = 1): DesiredState {
  return { switch: 'border1', generation, role: 'border', os: 'vyos', vyos };
}

const setLines = (text: string): string[] => text.split('\n').filter((line) => line.startsWith('set '));
const sorted = (lines: readonly string[]): string[] => [...lines].sort();

/** The router after the first apply: the boot configuration, Weft's lines, and nothing else. */
export const EXPECTED_AFTER_FIRST_APPLY = sorted([
  ...FOREIGN_BOOT.filter((line) => !["set system host-name 'vyos'", "set protocols bgp system-as '64999'", 'set interfaces loopback lo'].includes(line)),
  ...setLines(LAB_BORDER_VYOS),
]);

export async function rejects(promise: Promise<unknown>): Promise<DeviceError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DeviceError, `expected a DeviceError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

/** Commands the stand-in received after `from` (an index into its log). */
export function commandsSince(bench: Bench, from: number): string[] {
  return bench.router
    .log()
    .slice(from)
    .map((entry) => entry.argv.join(' '));
}

const via = (label: Via): string => (label === 'ssh' ? 'SSH (OpenSSH server)' : 'the QEMU guest agent (qemu-ga)');

/** What a transport's own tests get: the bench (undefined when skipped) and a fresh-router helper. */
export interface BenchAccess {
  readonly fresh: (t: TestContext) => Promise<{ bench: Bench; driver: DeviceDriver } | undefined>;
}

export function defineStandinCases(transport: Via, more?: (access: BenchAccess) => void): void {
  describe(`VyOS driver over ${via(transport)}, driving the VyOS stand-in`, () => {
    let bench: Bench | undefined;
    let driver: DeviceDriver | undefined;

    before(async () => {
      if (benchUnavailable(transport) === undefined) bench = await startBench(transport);
    });
    after(async () => {
      await driver?.close();
      await bench?.stop();
    });

    /** A fresh stand-in router (booted with FOREIGN_BOOT) and a fresh driver, or undefined when skipped. */
    const fresh = async (t: TestContext): Promise<{ bench: Bench; driver: DeviceDriver } | undefined> => {
      if (!requireBench(t, transport) || bench === undefined) return undefined;
      await driver?.close();
      bench.router.load(FOREIGN_BOOT);
      bench.router.minuteMs = 60_000;
      bench.link.restore();
      driver = bench.driver();
      return { bench, driver };
    };

    test('first apply: Weft lines set in one session with commit-confirm, then confirmed and saved; foreign configuration kept', async (t) => {
      const setup = await fresh(t);
      if (setup === undefined) return;
      const { bench: b, driver: d } = setup;
      const result = await d.apply(desiredState(LAB_BORDER_VYOS));
      assert.deepEqual(sorted(b.router.running()), EXPECTED_AFTER_FIRST_APPLY);
      assert.deepEqual(b.router.savedConfig(), b.router.running(), 'saved after confirm');
      assert.equal(b.router.confirmPending(), false);
      // the ASN and host name were someone else's values, and are Weft's: two modifies; the rest are new lines
      assert.deepEqual(
        result.changes.filter((change) => change.op !== 'set'),
        [
          { op: 'modify', key: 'protocols bgp system-as', detail: "'64999' -> '65105'" },
          { op: 'modify', key: 'system host-name', detail: "'vyos' -> 'border1'" },
        ],
      );
      assert.equal(result.changes.length, setLines(LAB_BORDER_VYOS).length);
      const sessions = b.router.sessionsLog();
      const apply = sessions.find((session) => session.commands.includes('configure') && session.commands.some((c) => c.startsWith('set ')));
      assert.ok(apply !== undefined, JSON.stringify(sessions, null, 1));
      assert.equal(apply.via, transport);
      assert.equal(apply.commands[0], 'configure');
      assert.deepEqual(apply.commands.slice(-2), ['commit-confirm 2 no-prompt', 'exit']);
      assert.equal(apply.commands.filter((c) => c.startsWith('set ') || c.startsWith('delete ')).length, setLines(LAB_BORDER_VYOS).length + 2, 'every line, plus deleting the two values Weft replaces');
      const confirm = sessions.find((session) => session.commands.includes('confirm'));
      assert.deepEqual(confirm?.commands, ['configure', 'confirm', 'save', 'exit']);
      assert.ok(sessions.indexOf(confirm) > sessions.indexOf(apply));
    });

    test('no-op re-apply reads the router and changes nothing', async (t) => {
      const setup = await fresh(t);
      if (setup === undefined) return;
      const { bench: b, driver: d } = setup;
      await d.apply(desiredState(LAB_BORDER_VYOS));
      const mark = b.router.log().length;
      assert.deepEqual(await d.apply(desiredState(LAB_BORDER_VYOS, 2)), { changes: [] });
      assert.deepEqual(await d.plan(desiredState(LAB_BORDER_VYOS, 2)), { changes: [] });
      assert.deepEqual(commandsSince(b, mark), [
        'run show configuration commands',
        'systemctl is-active commit-confirm.timer',
        'run show configuration commands',
        'systemctl is-active commit-confirm.timer',
      ]);
    });

    test('drift inside the owned subtrees is reported by plan and reverted by apply', async (t) => {
      const setup = await fresh(t);
      if (setup === undefined) return;
      const { bench: b, driver: d } = setup;
      await d.apply(desiredState(LAB_BORDER_VYOS));
      b.router.commitAsOperator([
        "set interfaces ethernet eth3 mtu '1400'",
        'delete vrf name Vrf4 description',
        "set policy prefix-list weft-rogue rule 10 action 'permit'",
        "set policy prefix-list weft-rogue rule 10 prefix '0.0.0.0/0'",
        "set protocols bgp neighbor eth1 address-family ipv4-unicast route-map import 'OPS-IN'",
        "set policy route-map OPS-IN rule 10 action 'permit'",
      ]);
      const expected = [
        { op: 'modify', key: 'interfaces ethernet eth3 mtu', detail: "'1400' -> '1500'" },
        { op: 'delete', key: 'policy prefix-list weft-rogue' },
        { op: 'delete', key: 'protocols bgp neighbor eth1 address-family ipv4-unicast route-map' },
        { op: 'set', key: "vrf name Vrf4 description 'external default/internet'" },
      ];
      assert.deepEqual((await d.plan(desiredState(LAB_BORDER_VYOS))).changes, expected);
      assert.deepEqual((await d.apply(desiredState(LAB_BORDER_VYOS))).changes, expected);
      // the operator's route map is not Weft's: it stays, only its use on a Weft session went
      assert.deepEqual(sorted(b.router.running()), sorted([...EXPECTED_AFTER_FIRST_APPLY, "set policy route-map OPS-IN rule 10 action 'permit'"]));
      assert.deepEqual(b.router.savedConfig(), b.router.running());
    });

    test('foreign configuration, and foreign changes next to Weft’s, are never touched', async (t) => {
      const setup = await fresh(t);
      if (setup === undefined) return;
      const { bench: b, driver: d } = setup;
      await d.apply(desiredState(LAB_BORDER_VYOS));
      const operator = [
        "set interfaces ethernet eth0 hw-id '52:54:00:00:00:99'",
        "set interfaces ethernet eth3 speed 'auto'",
        "set protocols bgp neighbor 198.51.100.2 remote-as '64998'",
        "set protocols bgp neighbor 198.51.100.2 address-family ipv4-unicast",
        "set protocols static route 203.0.113.0/24 next-hop 169.254.100.1",
        "set vrf name mgmt description 'out of band'",
        "set service ntp server 192.0.2.200",
      ];
      b.router.commitAsOperator(operator);
      const before = b.router.running();
      const mark = b.router.log().length;
      assert.deepEqual(await d.apply(desiredState(LAB_BORDER_VYOS, 2)), { changes: [] });
      assert.deepEqual(b.router.running(), before);
      assert.ok(!commandsSince(b, mark).includes('configure'), 'no configuration session at all');
      for (const line of operator.filter((l) => !l.includes('hw-id'))) assert.ok(before.includes(line), line);
    });

    test('a line VyOS rejects leaves the router as it was, and the error names the line', async (t) => {
      const setup = await fresh(t);
      if (setup === undefined) return;
      const { bench: b, driver: d } = setup;
      const bad = `${LAB_BORDER_VYOS}set interfaces ethernet eth3 mtu '99999'\nset protocols bgp neighbor 192.0.2.77 remote-as 'AS65100'\n`;
      const before = b.router.running();
      const error = await rejects(d.apply(desiredState(bad)));
      assert.equal(error.retryable, false);
      assert.match(error.message, /VyOS on border1 refused 2 line\(s\); nothing was committed/);
      assert.equal(error.details.length, 2);
      assert.match(error.details[0] ?? '', /^set interfaces ethernet eth3 mtu '99999': .*Set failed/);
      assert.match(error.details[1] ?? '', /^set protocols bgp neighbor 192\.0\.2\.77 remote-as 'AS65100': .*Set failed/);
      assert.deepEqual(b.router.running(), before);
      assert.deepEqual(b.router.savedConfig(), before);
      assert.equal(b.router.confirmPending(), false);
      const session = b.router.sessionsLog().find((s) => s.commands.includes('configure'));
      assert.ok(session !== undefined);
      assert.ok(session.commands.includes('discard'), 'the session was discarded');
      assert.ok(!session.commands.some((c) => c.startsWith('commit')), 'no commit');
      // the router is as it was: the next generation, fixed, applies cleanly
      await d.apply(desiredState(LAB_BORDER_VYOS, 2));
      assert.deepEqual(sorted(b.router.running()), EXPECTED_AFTER_FIRST_APPLY);
    });

    test('a commit VyOS rejects leaves the router as it was and cancels the pending rollback', async (t) => {
      const setup = await fresh(t);
      if (setup === undefined) return;
      const { bench: b, driver: d } = setup;
      // every line is valid on its own; the commit fails: the route map does not exist
      const bad = `${LAB_BORDER_VYOS}set vrf name Vrf1 protocols bgp neighbor 192.0.2.9 remote-as '64500'\nset vrf name Vrf1 protocols bgp neighbor 192.0.2.9 address-family ipv4-unicast route-map import 'weft-missing'\n`;
      const before = b.router.running();
      const error = await rejects(d.apply(desiredState(bad)));
      assert.equal(error.retryable, false);
      assert.match(error.message, /refused the commit; the router was left as it was/);
      assert.ok(error.details.some((detail) => /Commit failed/.test(detail) && /weft-missing/.test(detail)), error.details.join('\n'));
      assert.deepEqual(b.router.running(), before);
      assert.deepEqual(b.router.savedConfig(), before);
      assert.equal(b.router.confirmPending(), false, 'the commit-confirm timer was stopped');
      assert.equal(b.router.rollbacks, 0);
    });

    test('a commit that does not hold what was asked (changed right after it) is undone and the rollback timer stopped', async (t) => {
      const setup = await fresh(t);
      if (setup === undefined) return;
      const { bench: b, driver: d } = setup;
      const before = b.router.running();
      // something on the router changes Weft's part right after the commit (a commit hook, a person)
      const interfere = (entry: StandinEntry): void => {
        if (entry.argv[0] === 'commit-confirm') {
          b.router.off('command', interfere);
          b.router.commitAsOperator(["set interfaces ethernet eth3 mtu '1400'"]);
        }
      };
      b.router.on('command', interfere);
      const error = await rejects(d.apply(desiredState(LAB_BORDER_VYOS)));
      assert.equal(error.retryable, false, `${error.message}\n${error.details.join('\n')}`);
      assert.match(error.message, /after the commit, border1 does not hold what was asked; the change was undone/);
      assert.deepEqual(error.details, ["still to do: delete interfaces ethernet eth3 mtu '1400'", "still to do: set interfaces ethernet eth3 mtu '1500'"]);
      assert.deepEqual(b.router.running(), before);
      assert.deepEqual(b.router.savedConfig(), before);
      assert.equal(b.router.confirmPending(), false);
    });

    test('a connection dropped mid-apply (after commit-confirm) is recovered: the next apply confirms and saves', async (t) => {
      const setup = await fresh(t);
      if (setup === undefined) return;
      const { bench: b, driver: d } = setup;
      const cutAfterCommit = (entry: StandinEntry): void => {
        if (entry.argv[0] === 'commit-confirm') {
          b.router.off('command', cutAfterCommit);
          b.link.cut();
        }
      };
      b.router.on('command', cutAfterCommit);
      const error = await rejects(d.apply(desiredState(LAB_BORDER_VYOS)));
      assert.equal(error.retryable, true, error.message);
      assert.equal(b.link.cuts, 1);
      assert.equal(b.router.confirmPending(), true, 'committed, not confirmed');
      assert.deepEqual(sorted(b.router.running()), EXPECTED_AFTER_FIRST_APPLY);
      assert.notDeepEqual(b.router.savedConfig(), b.router.running(), 'not saved');
      b.link.restore();
      const mark = b.router.log().length;
      assert.deepEqual(await d.apply(desiredState(LAB_BORDER_VYOS)), { changes: [] });
      assert.equal(b.router.confirmPending(), false);
      assert.deepEqual(b.router.savedConfig(), b.router.running());
      assert.ok(!commandsSince(b, mark).some((c) => c.startsWith('set ')), 'nothing applied twice');
      assert.ok(commandsSince(b, mark).includes('confirm'));
    });

    test('commit-confirm rolls the router back when the confirmation never comes', async (t) => {
      const setup = await fresh(t);
      if (setup === undefined) return;
      const { bench: b, driver: d } = setup;
      b.router.minuteMs = 300;
      const before = b.router.running();
      const rolledBack = once(b.router, 'rollback');
      const cutAfterCommit = (entry: StandinEntry): void => {
        if (entry.argv[0] === 'commit-confirm') {
          b.router.off('command', cutAfterCommit);
          b.link.cut();
        }
      };
      b.router.on('command', cutAfterCommit);
      const error = await rejects(d.apply(desiredState(LAB_BORDER_VYOS)));
      assert.equal(error.retryable, true);
      await rolledBack;
      assert.equal(b.router.rollbacks, 1);
      assert.equal(b.router.confirmPending(), false);
      assert.deepEqual(b.router.running(), before, 'back to the saved configuration');
      // the link comes back: the driver finds nothing pending and applies again
      b.link.restore();
      b.router.minuteMs = 60_000;
      const again = await d.apply(desiredState(LAB_BORDER_VYOS));
      assert.equal(again.changes.length, setLines(LAB_BORDER_VYOS).length);
      assert.deepEqual(sorted(b.router.running()), EXPECTED_AFTER_FIRST_APPLY);
      assert.equal(b.router.confirmPending(), false);
    });

    test('a commit-confirm someone else left pending is not touched: the apply waits', async (t) => {
      const setup = await fresh(t);
      if (setup === undefined) return;
      const { bench: b } = setup;
      // another agent instance (a restart) started this one
      const cutAfterCommit = (entry: StandinEntry): void => {
        if (entry.argv[0] === 'commit-confirm') {
          b.router.off('command', cutAfterCommit);
          b.link.cut();
        }
      };
      b.router.on('command', cutAfterCommit);
      const first = b.driver();
      await rejects(first.apply(desiredState(LAB_BORDER_VYOS)));
      b.link.restore();
      await first.close();
      const second = b.driver();
      try {
        const error = await rejects(second.apply(desiredState(LAB_BORDER_VYOS)));
        assert.equal(error.retryable, true);
        assert.match(error.message, /commit-confirm is pending on border1 that this agent did not start/);
        assert.equal(b.router.confirmPending(), true);
      } finally {
        await second.close();
      }
    });

    test('observe reports the BGP neighbours of every VRF from FRR (vtysh)', async (t) => {
      const setup = await fresh(t);
      if (setup === undefined) return;
      const { bench: b, driver: d } = setup;
      await d.apply(desiredState(LAB_BORDER_VYOS));
      b.router.setBgpPeer('default', 'eth0', { state: 'Established', pfxRcd: 7, peerUptime: '00:05:00' });
      const seen = await d.observe();
      assert.deepEqual(seen.bgpNeighbors, [
        { peer: '198.51.100.1', vrf: 'default', state: 'Active', remoteAs: 64999, prefixesReceived: 0, uptime: 'never' },
        { peer: 'eth0', vrf: 'default', state: 'Established', prefixesReceived: 7, uptime: '00:05:00' },
        { peer: 'eth1', vrf: 'default', state: 'Active', prefixesReceived: 0, uptime: 'never' },
        { peer: '192.0.2.1', vrf: 'Vrf4', state: 'Active', remoteAs: 64496, prefixesReceived: 0, uptime: 'never' },
      ]);
    });
    more?.({ fresh });
  });
}
