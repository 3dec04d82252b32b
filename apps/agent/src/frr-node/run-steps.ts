/** Runs device steps in order; the first failure stops them with a DeviceError naming it. */
import type { DeviceStep, NodeCommand } from '#frr-config';
import { DeviceError, type DeviceChange } from '../core/device-driver.js';
import { run, tail } from '../exec.js';

export type CommandRunner = (command: NodeCommand) => Promise<void>;

export function commandText(command: NodeCommand): string {
  switch (command.run) {
    case 'ip':
      return ['ip', ...(command.netns === undefined ? [] : ['-n', command.netns]), ...command.args].join(' ');
    case 'netns-add':
      return `ip netns add ${command.name}`;
    case 'netns-delete':
      return `ip netns delete ${command.name}`;
    case 'forwarding':
      return `forwarding on in ${command.netns}`;
    case 'expose':
      return `expose ${command.netns} to zebra as ${command.vrf}`;
    case 'unexpose':
      return `withdraw ${command.vrf} from zebra`;
  }
}

/** `ip ...` as a plain program; what `ip` said when it failed. */
export async function runIp(args: readonly string[], what: string): Promise<void> {
  const result = await run(['ip', ...args]);
  if (result.code !== 0) throw new DeviceError(`${what} failed`, false, [...tail(result.stderr, 2), ...(result.spawnError === undefined ? [] : [result.spawnError])]);
}

export async function executeSteps(steps: readonly DeviceStep[], runner: CommandRunner): Promise<void> {
  const done: DeviceChange[] = [];
  for (const step of steps) {
    for (const command of step.commands) {
      try {
        await runner(command);
      } catch (e) {
        if (e instanceof DeviceError) throw new DeviceError(`${step.key}: ${e.message}`, e.retryable, e.details, done);
        throw new DeviceError(`${step.key}: ${commandText(command)} failed`, false, [e instanceof Error ? e.message : String(e)], done);
      }
    }
    done.push({ op: step.op, key: step.key, detail: step.detail });
  }
}
