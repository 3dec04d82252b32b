/**
 * How an FRR node's VRF, bridge and VXLAN devices are made. Two backends behind one interface:
 * `linux` (VRF devices, as on a real FRR box) and `netns` (FRR's netns VRF backend, for kernels
 * without VRF devices). Both observe the kernel, plan with #frr-config and run the steps in order.
 */
import type { DevicePlan, DeviceStep, NodeDevices } from '#frr-config';
import type { Frr } from '../frr/frr.js';

export interface NodeDeviceBackend {
  readonly name: 'linux' | 'netns';
  /** What the kernel lacks for `desired` (and what `previous` made that is no longer wanted). */
  plan(desired: NodeDevices, previous?: NodeDevices): Promise<DevicePlan>;
  /** Runs the steps in order; a DeviceError names the step that failed and the ones done. */
  execute(steps: readonly DeviceStep[]): Promise<void>;
  /** After `steps` ran, before frr.conf is applied: waits until FRR has taken up what they made. */
  ready?(steps: readonly DeviceStep[], frr: Frr): Promise<void>;
  /** After frr.conf is applied: whatever zebra needs nudging for (a VXLAN it has not bound). */
  settle?(desired: NodeDevices, frr: Frr): Promise<void>;
  /** Where FRR should look for the node's ports (`show interface vrf all json` sees VRF namespaces too). */
  readonly interfaceCommand: string;
}
