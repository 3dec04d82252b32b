/**
 * The VyOS DeviceDriver. One apply is:
 *
 *   1. read `show configuration commands` (and whether a commit-confirm is pending);
 *   2. compute the change for the subtrees Weft owns (libs/vyos-config); nothing to do: done;
 *   3. run it in one configuration session ending in `commit-confirm N` — the script commits
 *      only if no line failed, and otherwise discards the session;
 *   4. on a commit VyOS refused, put back whatever it applied and cancel the pending rollback;
 *   5. reconnect (the router must still be reachable on a new connection) and read again: the
 *      owned subtrees must now be exactly what was asked, else the change is undone;
 *   6. `confirm`, then `save`.
 *
 * If the router cannot be reached after the commit, nobody confirms and VyOS rolls back by itself
 * after N minutes. The driver remembers that the pending confirmation is its own: the next apply
 * that finds the router holding the desired state confirms and saves it. A commit-confirm pending
 * that this driver did not start is left alone: the apply waits (a retryable error).
 */
import { randomBytes } from 'node:crypto';
import {
  applyScript,
  confirmScript,
  observeScript,
  parseBgpSummary,
  parseDesired,
  parseRunning,
  parseScriptOutput,
  planChange,
  planCommands,
  planIsEmpty,
  readScript,
  renderCommand,
  restorePlan,
  summarizePlan,
  weftOwnership,
  type ChangePlan,
  type CommitMode,
  type ConfigTree,
  type DesiredConfig,
  type Ownership,
  type ScriptContext,
  type ScriptStep,
} from '#vyos-config';
import { DeviceError, type ApplyResult, type DesiredState, type DeviceDriver, type DeviceObservation } from '../core/device-driver.js';
import type { ResolvedVyosOptions } from './options.js';
import type { VyosTransport } from './transport.js';

interface RouterState {
  readonly tree: ConfigTree;
  readonly confirmPending: boolean;
}

const MAX_DETAILS = 20;

export class VyosDriver implements DeviceDriver {
  /** a commit-confirm this driver started may be waiting for `confirm` */
  private ownConfirm = false;
  /** the last confirmed change was not saved yet */
  private unsaved = false;

  constructor(
    private readonly options: ResolvedVyosOptions,
    private readonly transport: VyosTransport,
  ) {}

  private get name(): string {
    return this.options.switch;
  }

  private context(): ScriptContext {
    return { vbash: this.options.vbash, nonce: randomBytes(16).toString('hex') };
  }

  /** Runs a script and splits its output into steps; a script that printed no step at all failed to start. */
  private async run(script: (context: ScriptContext) => string, what: string): Promise<readonly ScriptStep[]> {
    const context = this.context();
    const result = await this.transport.runScript(script(context), { timeoutMs: this.options.scriptTimeoutMs });
    const { steps, rest } = parseScriptOutput(result.stdout, context.nonce);
    if (steps.length === 0) {
      const said = `${result.stderr}${rest}`.trim().split('\n').slice(-5).join(' / ');
      throw new DeviceError(`${what} on ${this.name} did not run (${this.transport.description}, exit ${result.exitCode})${said === '' ? '' : `: ${said}`}`, result.exitCode === 0);
    }
    return steps;
  }

  private desired(state: DesiredState): { desired: DesiredConfig; ownership: Ownership } {
    if (state.vyos === undefined) throw new DeviceError(`the desired state of ${this.name} (generation ${state.generation}) has no VyOS configuration (spec.vyos); is it a VyOS switch? (os: ${state.os ?? 'unset'})`, false);
    const { desired, errors } = parseDesired(state.vyos);
    if (errors.length > 0) {
      throw new DeviceError(
        `the desired VyOS configuration of ${this.name} (generation ${state.generation}) has ${errors.length} line(s) that are not set or delete commands`,
        false,
        errors.slice(0, MAX_DETAILS).map((error) => `line ${error.line}: ${error.message}: ${error.text}`),
      );
    }
    return { desired, ownership: weftOwnership(desired.tree, { ports: this.options.ownedPorts }) };
  }

  private async read(): Promise<RouterState> {
    const steps = await this.run(readScript, 'reading the configuration');
    const config = steps.find((step) => step.id === 'config');
    if (config === undefined || config.rc !== 0) throw new DeviceError(`show configuration commands failed on ${this.name}: ${config?.output.trim() ?? 'no output'}`, true);
    const { tree, errors } = parseRunning(config.output);
    if (errors.length > 0) {
      throw new DeviceError(
        `show configuration commands on ${this.name} printed lines that are not set commands`,
        false,
        errors.slice(0, MAX_DETAILS).map((error) => `line ${error.line}: ${error.text}`),
      );
    }
    const timer = steps.find((step) => step.id === 'commit-confirm-timer');
    return { tree, confirmPending: timer?.rc === 0 };
  }

  async plan(state: DesiredState): Promise<ApplyResult> {
    const { desired, ownership } = this.desired(state);
    const router = await this.read();
    return { changes: summarizePlan(planChange(router.tree, desired, ownership)) };
  }

  async apply(state: DesiredState, signal?: AbortSignal): Promise<ApplyResult> {
    const { desired, ownership } = this.desired(state);
    const before = await this.read();
    // no timer running: nothing of ours is pending (an apply cut off before its commit left the flag)
    if (!before.confirmPending) this.ownConfirm = false;
    if (before.confirmPending && !this.ownConfirm) {
      throw new DeviceError(`a commit-confirm is pending on ${this.name} that this agent did not start: waiting until it is confirmed or VyOS rolls it back`, true);
    }
    const plan = planChange(before.tree, desired, ownership);
    if (planIsEmpty(plan)) {
      // an earlier apply of ours committed and lost the connection, or saving failed: finish it
      if (before.confirmPending || this.unsaved) await this.confirm(true);
      return { changes: [] };
    }
    signal?.throwIfAborted();
    const mode: CommitMode = before.confirmPending ? { kind: 'commit' } : { kind: 'commit-confirm', minutes: this.options.confirmMinutes };
    this.ownConfirm = true;
    const commands = planCommands(plan);
    const steps = await this.run((context) => applyScript(commands, mode, context), 'applying the change');
    await this.checkApplied(steps, plan, before, mode);
    // from here on, only confirming makes the change stay: reach the router afresh and check
    await this.transport.reconnect();
    const after = await this.read();
    const remaining = planChange(after.tree, desired, ownership);
    if (!planIsEmpty(remaining)) {
      await this.undo(before.tree, after, plan, mode.kind === 'commit-confirm');
      throw new DeviceError(
        `after the commit, ${this.name} does not hold what was asked; the change was undone`,
        false,
        planCommands(remaining).slice(0, MAX_DETAILS).map((command) => `still to do: ${renderCommand(command)}`),
      );
    }
    await this.confirm(true);
    return { changes: summarizePlan(plan) };
  }

  /** Throws, after leaving the router as it was, when a line or the commit failed. */
  private async checkApplied(steps: readonly ScriptStep[], plan: ChangePlan, before: RouterState, mode: CommitMode): Promise<void> {
    const commands = planCommands(plan);
    const failed = steps.filter((step) => step.failed && step.id !== 'discard');
    const commit = steps.find((step) => step.id === 'commit');
    if (failed.length === 0 && commit !== undefined) return;
    if (failed.length === 0) throw new DeviceError(`the apply script on ${this.name} stopped before its commit (${this.transport.description})`, true);
    const details = failed.slice(0, MAX_DETAILS).map((step) => {
      const index = Number(step.id);
      const what = Number.isInteger(index) ? renderCommand(commands[index - 1] ?? { verb: 'set', path: [], quoted: [] }) : step.id;
      return `${what}: ${step.output.replace(/\s+/g, ' ').trim()}`;
    });
    if (commit?.output.includes('Another confirm is pending') === true) {
      // someone else's commit-confirm started between our read and our commit: not ours to touch
      this.ownConfirm = before.confirmPending;
      throw new DeviceError(`another commit-confirm is pending on ${this.name}; nothing was applied`, true, details);
    }
    if (commit !== undefined) {
      // the commit ran and VyOS refused it: put back whatever it applied, cancel the rollback timer
      const now = await this.read();
      await this.undo(before.tree, now, plan, mode.kind === 'commit-confirm');
      throw new DeviceError(`VyOS on ${this.name} refused the commit; the router was left as it was`, false, details);
    }
    if (mode.kind === 'commit-confirm') this.ownConfirm = false;
    throw new DeviceError(`VyOS on ${this.name} refused ${failed.length} line(s); nothing was committed`, false, details);
  }

  /**
   * Restores, in `now`, what `plan` changed from `before`. When this apply started the pending
   * commit-confirm, `confirm` then stops its timer (the router is as it was; a rollback would only
   * reboot it). An older pending confirmation of ours is left to roll back.
   */
  private async undo(before: ConfigTree, now: RouterState, plan: ChangePlan, ownTimer: boolean): Promise<void> {
    const restore = restorePlan(before, now.tree, plan);
    if (!planIsEmpty(restore)) {
      const commands = planCommands(restore);
      const steps = await this.run((context) => applyScript(commands, { kind: 'commit' }, context), 'undoing the change');
      const failed = steps.filter((step) => step.failed && step.id !== 'discard');
      if (failed.length > 0) {
        throw new DeviceError(`undoing the change on ${this.name} failed; VyOS's commit-confirm will roll it back`, true, failed.map((step) => `${step.id}: ${step.output.trim()}`));
      }
    }
    if (!ownTimer) return;
    if (now.confirmPending) await this.confirm(false);
    this.ownConfirm = false;
  }

  private async confirm(save: boolean): Promise<void> {
    if (save) this.unsaved = true;
    const steps = await this.run((context) => confirmScript(context, save), save ? 'confirming and saving' : 'confirming');
    const failed = steps.filter((step) => step.failed);
    if (failed.length > 0 || !steps.some((step) => step.id === 'confirm')) {
      throw new DeviceError(`confirm${save ? ' and save' : ''} failed on ${this.name}`, true, failed.map((step) => `${step.id}: ${step.output.trim()}`));
    }
    this.ownConfirm = false;
    this.unsaved = false;
  }

  async observe(): Promise<DeviceObservation> {
    const steps = await this.run(observeScript, 'reading BGP');
    const bgp = steps.find((step) => step.id === 'bgp');
    if (bgp === undefined || bgp.rc !== 0) throw new DeviceError(`vtysh on ${this.name} failed: ${bgp?.output.trim() ?? 'no output'}`, true);
    try {
      return { bgpNeighbors: parseBgpSummary(JSON.parse(bgp.output)) };
    } catch (error) {
      throw new DeviceError(`the BGP summary of ${this.name} is not what FRR prints: ${error instanceof Error ? error.message : String(error)}`, true);
    }
  }

  async close(): Promise<void> {
    await this.transport.close();
  }
}
