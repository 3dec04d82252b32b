/**
 * Which ConfigTemplates apply to a switch. A template binds by `spec.selector` (every field
 * given must match; no selector matches every switch) and only to switches whose OS takes its
 * target: CONFIG_DB exists on SONiC only, raw FRR text on SONiC and FRR nodes, and VyOS set
 * commands on VyOS (which owns its FRR, so it never gets raw FRR text).
 */
import { compareText, type ConfigTemplate, type DeviceOs } from '#domain';
import type { TemplateDevice, TemplateExplanation } from './types.js';

const TARGET_OS: ReadonlyMap<string, readonly DeviceOs[]> = new Map([
  ['configdb', ['sonic']],
  ['frr', ['sonic', 'frr']],
  ['vyos', ['vyos']],
]);

/** How many entries of a long list (selector.names) a reason shows. */
const LISTED_ENTRIES = 8;

/** The switch OSes a target fits; none for an unknown target. */
export function osesForTarget(target: string): readonly DeviceOs[] {
  return TARGET_OS.get(target) ?? [];
}

export function targetFitsOs(target: string, os: string): boolean {
  return osesForTarget(target).some((fitting) => fitting === os);
}

interface Check {
  readonly fits: boolean;
  readonly reason: string;
}

function listText(values: readonly string[]): string {
  const shown = values.slice(0, LISTED_ENTRIES).join(', ');
  const more = values.length > LISTED_ENTRIES ? `, ... (${values.length - LISTED_ENTRIES} more)` : '';
  return `[${shown}${more}]`;
}

function checkTarget(target: string, os: string): Check {
  const oses = osesForTarget(target);
  if (oses.length === 0) return { fits: false, reason: `target "${target}" is unknown (configdb, frr or vyos)` };
  return targetFitsOs(target, os)
    ? { fits: true, reason: `target ${target} fits ${os}` }
    : { fits: false, reason: `target ${target} applies to ${oses.join(' and ')} switches, not ${os}` };
}

function checkMembership(field: string, values: readonly string[], value: string): Check {
  return values.includes(value)
    ? { fits: true, reason: `selector.${field} ${listText(values)} includes ${value}` }
    : { fits: false, reason: `selector.${field} ${listText(values)} does not include ${value}` };
}

function checkLabels(wanted: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): Check[] {
  return Object.entries(wanted)
    .sort(([a], [b]) => compareText(a, b))
    .map(([key, value]) => {
      const actual = Object.hasOwn(labels, key) ? labels[key] : undefined;
      if (actual === value) return { fits: true, reason: `selector.labels ${key}=${value} matches` };
      const has = actual === undefined ? `has no label ${key}` : `has ${key}=${actual}`;
      return { fits: false, reason: `selector.labels ${key}=${value} does not match (the switch ${has})` };
    });
}

/** Every check of one template against one switch, target first, then the selector fields. */
function checkTemplate(template: ConfigTemplate, device: TemplateDevice): Check[] {
  const checks = [checkTarget(template.spec.target, device.os)];
  const selector = template.spec.selector;
  if (selector?.roles !== undefined) checks.push(checkMembership('roles', selector.roles, device.role));
  if (selector?.os !== undefined) checks.push(checkMembership('os', selector.os, device.os));
  if (selector?.names !== undefined) checks.push(checkMembership('names', selector.names, device.name));
  if (selector?.labels !== undefined) checks.push(...checkLabels(selector.labels, device.labels ?? {}));
  return checks;
}

function byName(a: ConfigTemplate, b: ConfigTemplate): number {
  return compareText(a.metadata.name, b.metadata.name);
}

/** The templates that apply to a switch, sorted by name. */
export function selectTemplates(templates: readonly ConfigTemplate[], device: TemplateDevice): ConfigTemplate[] {
  return templates.filter((template) => checkTemplate(template, device).every((check) => check.fits)).sort(byName);
}

/** For `weft explain`: every template, whether it applies to the switch, and why. */
export function explainTemplates(templates: readonly ConfigTemplate[], device: TemplateDevice): TemplateExplanation[] {
  return [...templates].sort(byName).map((template) => {
    const checks = checkTemplate(template, device);
    const failed = checks.filter((check) => !check.fits);
    const selected = failed.length === 0;
    const reasons = selected ? checks : failed;
    const noSelector = selected && checks.length === 1 ? 'no selector; ' : '';
    return {
      template: template.metadata.name,
      target: template.spec.target,
      selected,
      reason: noSelector + reasons.map((check) => check.reason).join('; '),
    };
  });
}
