/**
 * What the loop tells a metrics exporter as it works: generations, how long applies take, drift
 * found, and each observation of the device. The loop knows nothing of Prometheus; the exporter
 * (metrics/agent-metrics.ts) implements this.
 */
import type { DeviceObservation } from './device-driver.js';

export interface LoopMetrics {
  desired(generation: number): void;
  /** an apply (a new generation or a drift repair) ended, in seconds; `ok` false when it failed */
  applied(seconds: number, ok: boolean, generation?: number): void;
  drift(events: number): void;
  observed(observation: DeviceObservation, atSeconds: number): void;
}
