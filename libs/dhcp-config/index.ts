export { dhcpScopes, type DhcpScope, type DhcpScopeSubnet } from './scopes.js';
export { renderKeaConfig, keaConfigText, keaSubnetId, type KeaInstanceOptions } from './kea.js';
export { parseKeaLeases, type KeaLease } from './leases.js';
