export { KeaInstances, type KeaInstancesOptions, type ScopeLeases } from './kea-instances.js';
