export { compile, recompile, type CompileOptions, type CompileResult, type CompileState, type ResourceChange } from './compile.js';
export { explainVpc, explainSwitch, type VpcExplanation, type SwitchExplanation } from './explain.js';
export { explainConnection, type ConnectionExplanation } from './explain-multihoming.js';
export { planFiles, formatPlan, type FilePlan, type DevicePlan } from './plan.js';
export { planByOwner, type OwnedPlans } from './plan-owners.js';
export { vpcAllocationChanges, type VpcAllocationChange } from './assemble.js';
export { connectionType } from './fabric.js';
export { vrfName } from './devices.js';
export { checkSubnetDhcp, dhcpServerAddress, dhcpRelayOf, DEFAULT_LEASE_TIME, type SubnetDhcpInfo, type DhcpStaticInfo } from './dhcp.js';
