export { defaultsProfile, hostnameOf, isEmptyDelta, lineText, parseReloadDelta, significantDelta, withNetnsVrfs, type DeltaFilter, type FrrDelta, type FrrLine } from './reload-delta.js';
export { bgpNeighborsFrom, interfacesFrom, remoteVtepsFrom, type BgpFamily, type BgpNeighbor, type InterfaceState, type RemoteVtep } from './observe.js';
export { NodeDevicesError, nodeDevices, vrfTable, type NodeDevices, type NodeMember, type NodeVni, type NodeVrf } from './node-devices.js';
export { configDelta } from './config-delta.js';
export { planLinuxDevices, planNetnsDevices, type DevicePlan, type DeviceStep, type NetnsLayout, type NodeCommand, type ObservedLink, type ObservedNode } from './device-plan.js';
export { boundVrfs, inactiveVrfs, vrfsNamed } from './vrf-state.js';
export { evpnMacsFrom, localVnisFrom, type EvpnMac, type EvpnMacs, type LocalVni } from './observe-evpn.js';
