/**
 * The Agent's status from what the loop knows: the applied generation, the conditions Applied,
 * Drifted and Degraded with reasons, the last error, drift events and what the device reports.
 * Pure: time comes in as a parameter.
 */
import type { AgentStatus } from '#api';
import type { DeviceObservation } from './device-driver.js';

export type ConditionStatus = 'True' | 'False' | 'Unknown';

export interface Condition {
  readonly type: 'Applied' | 'Drifted' | 'Degraded';
  readonly status: ConditionStatus;
  readonly reason: string;
  readonly message?: string;
  readonly lastTransitionTime?: string;
  readonly observedGeneration?: number;
}

export interface DriftEvent {
  readonly key: string;
  readonly change: 'modified' | 'deleted' | 'added';
  readonly detectedAt: string;
  readonly repaired: boolean;
}

export interface LoopState {
  readonly desiredGeneration?: number;
  readonly applied?: { readonly generation: number; readonly at: string };
  readonly lastError?: string;
  /** why the device is not in the desired state now (a retryable failure or a refused change) */
  readonly degraded?: { readonly reason: string; readonly message: string };
  /** the last drift check that found something: repaired, or still there */
  readonly drift?: { readonly found: number; readonly at: string; readonly repaired: boolean };
  readonly driftEvents: readonly DriftEvent[];
  readonly driftCount: number;
  readonly observation: DeviceObservation;
}

export function appliedCondition(state: LoopState): Omit<Condition, 'lastTransitionTime'> {
  const generation = state.desiredGeneration;
  const observed = generation === undefined ? {} : { observedGeneration: generation };
  if (state.applied !== undefined && state.applied.generation === generation) {
    return { type: 'Applied', status: 'True', reason: 'UpToDate', message: `generation ${generation} applied at ${state.applied.at}`, ...observed };
  }
  const behind = state.applied === undefined ? 'nothing applied yet' : `generation ${state.applied.generation} applied`;
  if (state.degraded !== undefined) {
    return { type: 'Applied', status: 'False', reason: state.degraded.reason, message: `${behind}, ${generation ?? '?'} desired: ${state.degraded.message}`, ...observed };
  }
  return { type: 'Applied', status: 'False', reason: 'Applying', message: `${behind}, ${generation ?? '?'} desired`, ...observed };
}

export function driftedCondition(state: LoopState): Omit<Condition, 'lastTransitionTime'> {
  if (state.drift === undefined) return { type: 'Drifted', status: 'False', reason: 'InSync', message: 'the device matched the desired state at every check' };
  const what = `${state.drift.found} ${state.drift.found === 1 ? 'change' : 'changes'} made outside Weft found at ${state.drift.at}`;
  return state.drift.repaired
    ? { type: 'Drifted', status: 'False', reason: 'Repaired', message: `${what}, restored` }
    : { type: 'Drifted', status: 'True', reason: 'RepairFailed', message: `${what}, not restored yet` };
}

export function degradedCondition(state: LoopState): Omit<Condition, 'lastTransitionTime'> {
  if (state.degraded === undefined) return { type: 'Degraded', status: 'False', reason: 'Healthy' };
  return { type: 'Degraded', status: 'True', reason: state.degraded.reason, message: state.degraded.message };
}

/** The conditions now, each keeping its transition time while its status stays the same. */
export function conditionsOf(state: LoopState, previous: readonly Condition[], now: string): Condition[] {
  return [appliedCondition(state), driftedCondition(state), degradedCondition(state)].map((c) => {
    const before = previous.find((p) => p.type === c.type);
    return { ...c, lastTransitionTime: before !== undefined && before.status === c.status ? (before.lastTransitionTime ?? now) : now };
  });
}

export function statusOf(state: LoopState, conditions: readonly Condition[], now: string): AgentStatus {
  const { bgpNeighbors, remoteVteps, ports, vnis, evpnMacs, evpnMacsOmitted } = state.observation;
  return {
    ...(state.applied === undefined ? {} : { appliedGeneration: state.applied.generation, lastAppliedTime: state.applied.at }),
    lastHeartbeat: now,
    ...(state.lastError === undefined ? {} : { lastError: state.lastError }),
    conditions: [...conditions],
    ...(bgpNeighbors === undefined ? {} : { bgpNeighbors }),
    ...(remoteVteps === undefined ? {} : { remoteVteps }),
    ...(ports === undefined ? {} : { ports }),
    ...(vnis === undefined ? {} : { vnis }),
    ...(evpnMacs === undefined ? {} : { evpnMacs }),
    ...(evpnMacsOmitted === undefined ? {} : { evpnMacsOmitted }),
    drift: [...state.driftEvents],
    driftCount: state.driftCount,
  };
}
