/** The kernel's links as `ip -json -details link show` prints them, read into the planner's terms. */
import type { ObservedLink } from '#frr-config';
import { DeviceError } from '../core/device-driver.js';
import { run, tail } from '../exec.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function linksFrom(json: unknown): ObservedLink[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((entry: unknown) => {
    if (!isObject(entry) || typeof entry.ifname !== 'string') return [];
    const info = isObject(entry.linkinfo) ? entry.linkinfo : {};
    const data = isObject(info.info_data) ? info.info_data : {};
    const flags = Array.isArray(entry.flags) ? entry.flags : [];
    return [
      {
        name: entry.ifname,
        up: flags.includes('UP'),
        ...(typeof info.info_kind === 'string' ? { kind: info.info_kind } : {}),
        ...(typeof entry.master === 'string' ? { master: entry.master } : {}),
        ...(typeof data.id === 'number' ? { vni: data.id } : {}),
        ...(typeof data.local === 'string' ? { local: data.local } : {}),
        ...(typeof data.table === 'number' ? { table: data.table } : {}),
      },
    ];
  });
}

/** The links of a namespace (`netns` absent: the agent's own). */
export async function readLinks(netns?: string): Promise<ObservedLink[]> {
  const result = await run(['ip', ...(netns === undefined ? [] : ['-n', netns]), '-json', '-details', 'link', 'show']);
  if (result.code !== 0) throw new DeviceError(`cannot list the links${netns === undefined ? '' : ` of namespace ${netns}`}`, true, [...tail(result.stderr, 2), ...(result.spawnError === undefined ? [] : [result.spawnError])]);
  try {
    return linksFrom(JSON.parse(result.stdout));
  } catch {
    return [];
  }
}
