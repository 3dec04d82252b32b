export * from './types.js';
export { indexFabric, type AgentReport, type ConnectionPorts, type FabricIndex, type InspectInput } from './fabric-index.js';
export { connectionPorts } from './connections.js';
export { inspectVpc } from './inspect-vpc.js';
export { inspectSwitch } from './inspect-switch.js';
export { inspectConnection, inspectServer, type VpcFilter } from './inspect-connection.js';
export { forTenant } from './for-tenant.js';
