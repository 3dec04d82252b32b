export { KeaInstances, type KeaInstancesOptions, type ScopeLeases } from './kea-instances.js';
export { runDhcpService, type DhcpServiceOptions } from './service.js';
