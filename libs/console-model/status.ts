/**
 * One word and a tone for an object's conditions, as the lists and badges show them. A person
 * reads "Ready", "Applying", "Invalid" or "Degraded"; the conditions themselves stay one click away.
 */
import type { Condition } from './types.js';

export type Tone = 'ok' | 'pending' | 'error' | 'unknown';

export interface StatusSummary {
  readonly label: string;
  readonly tone: Tone;
  readonly message?: string;
}

export function condition(conditions: readonly Condition[] | null | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

function message(c: Condition | undefined): { message?: string } {
  return c?.message === undefined || c.message === null || c.message === '' ? {} : { message: c.message };
}

/** A VPC: Invalid (not accepted), Degraded (an agent fails), Ready, or Applying. */
export function vpcState(conditions: readonly Condition[] | null | undefined): StatusSummary {
  const accepted = condition(conditions, 'Accepted');
  const ready = condition(conditions, 'Ready');
  const degraded = condition(conditions, 'Degraded');
  if (accepted?.status === 'False') return { label: 'Invalid', tone: 'error', ...message(accepted) };
  if (degraded?.status === 'True') return { label: 'Degraded', tone: 'error', ...message(degraded) };
  if (ready?.status === 'True') return { label: 'Ready', tone: 'ok', ...message(ready) };
  if (ready?.status === 'False') return { label: 'Applying', tone: 'pending', ...message(ready) };
  return { label: 'Unknown', tone: 'unknown', ...message(ready ?? accepted) };
}

/** Any other object: Accepted or Invalid. */
export function acceptedState(conditions: readonly Condition[] | null | undefined): StatusSummary {
  const accepted = condition(conditions, 'Accepted');
  if (accepted === undefined) return { label: 'Unknown', tone: 'unknown' };
  return accepted.status === 'True' ? { label: 'Accepted', tone: 'ok', ...message(accepted) } : { label: 'Invalid', tone: 'error', ...message(accepted) };
}
