/**
 * A write's plan (what changes on which device) summarised for people: per device, per file, how
 * many lines are added, removed and changed, beside the lines themselves.
 */
import type { DevicePlan } from './types.js';

export interface FileSummary {
  readonly file: string;
  readonly change: string;
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
  readonly lines: readonly string[];
}

export interface DeviceSummary {
  readonly device: string;
  readonly files: readonly FileSummary[];
  readonly total: number;
}

export function lineKind(line: string): 'added' | 'removed' | 'changed' | 'context' {
  if (line.startsWith('+')) return 'added';
  if (line.startsWith('-')) return 'removed';
  if (line.startsWith('~')) return 'changed';
  return 'context';
}

export function summarisePlan(plan: readonly DevicePlan[]): DeviceSummary[] {
  return plan
    .map((device) => {
      const files = device.files.map((f) => {
        const kinds = f.lines.map(lineKind);
        return {
          file: f.file,
          change: f.change,
          added: kinds.filter((k) => k === 'added').length,
          removed: kinds.filter((k) => k === 'removed').length,
          changed: kinds.filter((k) => k === 'changed').length,
          lines: f.lines,
        };
      });
      return { device: device.device, files, total: files.reduce((n, f) => n + f.added + f.removed + f.changed, 0) };
    })
    .sort((a, b) => a.device.localeCompare(b.device, 'en', { numeric: true }));
}

/** "leaf1, leaf2 and 1 more" style sentence of the devices a plan touches. */
export function planHeadline(plan: readonly DevicePlan[]): string {
  if (plan.length === 0) return 'No device changes.';
  const devices = summarisePlan(plan).map((d) => d.device);
  return `${devices.length} device${devices.length === 1 ? '' : 's'} change${devices.length === 1 ? 's' : ''}: ${devices.join(', ')}.`;
}
