/**
 * DeviceIntent -> SONiC CONFIG_DB (config_db.json). BGP is not here: it goes through frr.conf,
 * which SONiC boots as is in `split-unified` mode (see DEVICE_METADATA).
 */
import type { DeviceIntent } from '#domain';
import type { ConfigDb } from './config-db.js';
import {
  aclTables,
  anycastGatewayTables,
  deviceMetadataTables,
  evpnMultihomingTables,
  loopbackTables,
  portChannelTables,
  portTables,
  routedPortTables,
  subInterfaceTables,
  vlanInterfaceTables,
  vlanTables,
  vrfTables,
  vxlanTables,
} from './tables.js';
import { templateTables } from './template-tables.js';
import { dhcpRelayTables } from './dhcp-relay.js';
import { breakoutTables } from './port-hardware.js';

const TABLE_GROUPS: readonly ((device: DeviceIntent) => ConfigDb)[] = [
  deviceMetadataTables,
  breakoutTables,
  portTables,
  portChannelTables,
  evpnMultihomingTables,
  vlanTables,
  vlanInterfaceTables,
  anycastGatewayTables,
  vrfTables,
  vxlanTables,
  routedPortTables,
  subInterfaceTables,
  loopbackTables,
  aclTables,
  dhcpRelayTables,
];

/** Writes entries over what is there; a table with no entries is left out of the file. */
function mergeInto(target: ConfigDb, source: ConfigDb): void {
  for (const [table, entries] of Object.entries(source)) {
    if (Object.keys(entries).length === 0) continue;
    const existing = target[table];
    target[table] = existing === undefined ? entries : { ...existing, ...entries };
  }
}

export function renderConfigDb(device: DeviceIntent): ConfigDb {
  if (device.os !== 'sonic') throw new Error(`${device.name} runs ${device.os}, not SONiC: it has no config_db.json`);
  const db: ConfigDb = {};
  // Templates first, so that on a collision Weft's own entry wins.
  mergeInto(db, templateTables(device.templates));
  for (const group of TABLE_GROUPS) mergeInto(db, group(device));
  return db;
}
