/**
 * What FRR says about the device, for the Agent's status: BGP sessions per VRF and address
 * family, the VNIs it terminates with their state and remote VTEPs, the MACs learnt in its
 * L2VNIs (bounded), and interface state as zebra sees the kernel. Four vtysh calls, each a JSON
 * show command; the parsing is pure (#frr-config).
 */
import { bgpNeighborsFrom, evpnMacsFrom, localVnisFrom, remoteVtepsFrom } from '#frr-config';
import type { DeviceObservation } from '../core/device-driver.js';
import type { Frr } from './frr.js';

/** MACs reported per switch at most (local ones first); the rest are counted in evpnMacsOmitted. */
export const MAX_REPORTED_MACS = 512;

export interface FrrObservation {
  readonly observation: Omit<DeviceObservation, 'ports'>;
  /** `show interface vrf all json` (or the backend's command), for the ports' state */
  readonly interfaces: unknown;
}

export async function observeFrr(frr: Frr, interfaceCommand: string): Promise<FrrObservation> {
  const [summary, vnis, macs, interfaces] = await Promise.all([
    frr.show('show bgp vrf all summary json'),
    frr.show('show evpn vni detail json'),
    frr.show('show evpn mac vni all json'),
    frr.show(interfaceCommand),
  ]);
  const learnt = evpnMacsFrom(macs, MAX_REPORTED_MACS);
  return {
    observation: {
      bgpNeighbors: bgpNeighborsFrom(summary).map((n) => ({ ...n, families: n.families.map((f) => ({ ...f })) })),
      remoteVteps: remoteVtepsFrom(vnis).map((v) => ({ ip: v.ip, vnis: [...v.vnis] })),
      vnis: localVnisFrom(vnis, interfaces).map(({ remoteVteps, ...v }) => ({ ...v, ...(remoteVteps === undefined ? {} : { remoteVteps: [...remoteVteps] }) })),
      evpnMacs: learnt.macs.map((m) => ({ ...m })),
      ...(learnt.omitted === 0 ? {} : { evpnMacsOmitted: learnt.omitted }),
    },
    interfaces,
  };
}
