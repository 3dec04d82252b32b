/**
 * With FRR's netns VRF backend (`zebra -n`, the lab), frr.conf may name a VRF only once zebra has
 * bound the VRF's namespace (`show vrf`: `vrf X id N netns ...`), as SONiC's bgpcfgd configures a
 * VRF only once vrfmgrd made its device. A `vrf X / netns` line that reaches zebra first leaves the
 * VRF `inactive` for good, and FRR 8.4 can crash when the namespace is shown to it again
 * (docs/adr/0096). The switch (the lab's shim) makes the namespace on CONFIG_DB's `VRF|X`, which
 * the agent writes first: this waits for zebra to bind it, then says which are still missing.
 */
import { boundVrfs } from '#frr-config';
import { DeviceError } from '../core/device-driver.js';
import type { Frr } from './frr.js';

export interface VrfBindingWait {
  /** how long to wait before the apply fails (retryable); default 20 s */
  readonly timeoutMs?: number;
  /** how often `show vrf` is asked; default 250 ms */
  readonly pollMs?: number;
}

/** Resolves once zebra has bound every VRF of `vrfs`; a retryable DeviceError naming the rest when time is up. */
export async function awaitBoundVrfs(frr: Frr, vrfs: readonly string[], wait: VrfBindingWait = {}): Promise<void> {
  if (vrfs.length === 0) return;
  const deadline = Date.now() + (wait.timeoutMs ?? 20_000);
  for (;;) {
    const bound = new Set(boundVrfs(await frr.text('show vrf'), vrfs));
    const waiting = vrfs.filter((v) => !bound.has(v));
    if (waiting.length === 0) return;
    if (Date.now() > deadline) {
      throw new DeviceError(`zebra has not bound the namespace of VRF ${waiting.join(', ')}: frr.conf waits until the switch has made it (netns VRF backend)`, true);
    }
    await new Promise((resolve) => setTimeout(resolve, wait.pollMs ?? 250));
  }
}
