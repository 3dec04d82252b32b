/**
 * The contract between the agent's loop (desired state in, status out) and the code that talks to
 * one kind of device. A driver knows its device (SONiC CONFIG_DB + FRR, an FRR node, a VyOS
 * router); the loop knows generations, retries, periods and reporting. Drivers never decide
 * *when* to apply and never talk to the Weft service.
 */
import type { AgentSpec, AgentStatus } from '#api';

/** What the agent is asked to make true: one switch's compiled Agent spec. */
export type DesiredState = AgentSpec;

/** One change a driver made (or would make), in words a person on call can read. */
export interface DeviceChange {
  /** `set` | `delete` | `modify`, in the order applied */
  readonly op: 'set' | 'delete' | 'modify';
  /** the device's own key: `VLAN|Vlan1000`, `frr: router bgp 65101`, a VyOS path */
  readonly key: string;
  readonly detail?: string;
}

export interface ApplyResult {
  /** everything written, in order; empty when the device already matched */
  readonly changes: readonly DeviceChange[];
}

/** What the device reports about itself, for the Agent's status. */
export type DeviceObservation = Pick<AgentStatus, 'bgpNeighbors' | 'remoteVteps' | 'ports' | 'vnis' | 'evpnMacs' | 'evpnMacsOmitted'> & {
  /** port counters, for the metrics only (never in the status) */
  readonly counters?: readonly PortCounters[];
};

/** One port's counters since the device started counting (SONiC: COUNTERS_DB). */
export interface PortCounters {
  readonly port: string;
  readonly receiveBytes?: number;
  readonly transmitBytes?: number;
  readonly receivePackets?: number;
  readonly transmitPackets?: number;
  readonly receiveErrors?: number;
  readonly transmitErrors?: number;
  readonly receiveDrops?: number;
  readonly transmitDrops?: number;
}

/**
 * A device that cannot be reached or refused a change. `retryable` errors (connection refused,
 * timeouts) are retried with backoff; the others (a rejected line) wait for a new generation.
 */
export class DeviceError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly details: readonly string[] = [],
    /** what had already been written when the apply stopped (reported, never left unsaid) */
    readonly applied: readonly DeviceChange[] = [],
  ) {
    super(message);
    this.name = 'DeviceError';
  }
}

/**
 * The desired state names a device this build cannot drive (an `os` without a driver). The
 * agent stops: no retry makes it work.
 */
export class UnsupportedDeviceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedDeviceError';
  }
}

/** Builds the driver for a switch's desired state (chosen by its `os`). */
export type DriverFactory = (desired: DesiredState) => Promise<DeviceDriver>;

export interface DeviceDriver {
  /** Compares the device with `desired` (only what Weft owns) and returns the ordered change, writing nothing. */
  plan(desired: DesiredState): Promise<ApplyResult>;
  /**
   * Brings the device to `desired`: reads, diffs, writes the minimal ordered change, verifies.
   * Idempotent: a second call with the same state changes nothing. On failure it throws a
   * DeviceError and leaves the device as it was or in a state the next apply converges from.
   */
  apply(desired: DesiredState, signal?: AbortSignal): Promise<ApplyResult>;
  /** BGP neighbours, remote VTEPs and ports, as the device sees them now. */
  observe(): Promise<DeviceObservation>;
  /** Resolves when the device signals a change worth a re-check (Redis keyspace events); optional. */
  changed?(signal: AbortSignal): AsyncIterable<void>;
  close(): Promise<void>;
}
