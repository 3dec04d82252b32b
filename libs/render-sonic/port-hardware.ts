/**
 * The wiring's port hardware settings in CONFIG_DB: PORT `speed`, `fec` and `autoneg`, and
 * BREAKOUT_CFG `brkout_mode` (sonic-port.yang, sonic-breakout_cfg.yang). These are fields the
 * platform owns unless the wiring sets them; `claimedPortFields` says which ones it does, so an
 * agent writes exactly those over the platform's (ADR 0036).
 */
import type { PortSetting } from '#api';
import type { DeviceIntent, PortHardware } from '#domain';
import type { ConfigDb, ConfigDbEntry, ConfigDbTable } from './config-db.js';

/** PORT fields for what the wiring sets of a port; the platform's (or synthesised) ones for the rest. */
export function portHardwareFields(hardware: PortHardware | undefined): ConfigDbEntry {
  if (hardware === undefined) return {};
  return {
    ...(hardware.speed === undefined ? {} : { speed: String(hardware.speed) }),
    ...(hardware.fec === undefined ? {} : { fec: hardware.fec }),
    ...(hardware.autoNegotiation === undefined ? {} : { autoneg: hardware.autoNegotiation ? 'on' : 'off' }),
  };
}

export function breakoutTables(device: DeviceIntent): ConfigDb {
  const table: ConfigDbTable = {};
  for (const breakout of device.breakouts ?? []) table[breakout.port] = { brkout_mode: breakout.mode };
  return { BREAKOUT_CFG: table };
}

/**
 * The CONFIG_DB fields a switch's portSettings claim from the platform, by key (`PORT|Ethernet0`):
 * an agent sets these even where the platform has its own value, and leaves the platform's
 * other fields alone.
 */
export function claimedPortFields(settings: readonly PortSetting[] | undefined): Record<string, readonly string[]> {
  const claimed: Record<string, readonly string[]> = {};
  for (const setting of settings ?? []) {
    const fields = [
      ...(setting.speed !== undefined || setting.breakout !== undefined ? ['speed'] : []),
      ...(setting.fec === undefined ? [] : ['fec']),
      ...(setting.autoNegotiation === undefined ? [] : ['autoneg']),
    ];
    if (fields.length > 0) claimed[`PORT|${setting.port}`] = fields;
  }
  return claimed;
}
