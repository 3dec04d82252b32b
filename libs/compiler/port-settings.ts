/**
 * The wiring's hardware settings: per-port speed, FEC, auto-negotiation and breakout
 * (Switch spec.portSettings), and per-connection MTU and LACP fallback on server links. Checked
 * here with the object and field they are about; turned into the port and device intents the
 * SONiC renderer writes (ADR 0036).
 */
import type { PortSetting } from '#api';
import { DIAGNOSTIC_CODES as C, error, warning, type BreakoutIntent, type Diagnostic, type PortHardware, type PortIntent, type Switch } from '#domain';
import type { FabricIndex } from './fabric.js';

/** Room a server link leaves for VXLAN below the fabric MTU. */
export const SERVER_MTU_OFFSET = 100;

const SONIC_PORT = /^Ethernet(0|[1-9][0-9]*)$/;

function megabits(speed: string): number {
  return Number(speed.slice(0, -1)) * 1000;
}

/** `4x25G` -> 25G: the speed of each port of the broken-out cage. */
function breakoutSpeed(mode: string): string {
  return mode.slice(mode.indexOf('x') + 1);
}

/** The ports of a switch that some connection uses. */
function usedPorts(fabric: FabricIndex, sw: string): Set<string> {
  const used = new Set<string>();
  for (const link of fabric.fabricLinks) {
    if (link.spine === sw) used.add(link.spinePort);
    if (link.leaf === sw) used.add(link.leafPort);
  }
  for (const link of fabric.serverLinks.values()) if (link.switch === sw) for (const port of link.switchPorts) used.add(port);
  for (const link of fabric.externalLinks.values()) if (link.switch === sw) used.add(link.port);
  for (const trunk of fabric.trunks) {
    if (trunk.a === sw) used.add(trunk.aPort);
    if (trunk.b === sw) used.add(trunk.bPort);
  }
  return used;
}

function checkSetting(s: Switch, setting: PortSetting, index: number, seen: Set<string>, used: ReadonlySet<string>): Diagnostic[] {
  const name = s.metadata.name;
  const path = `Switch ${name} spec.portSettings[${index}]`;
  const out: Diagnostic[] = [];
  if (seen.has(setting.port)) {
    out.push(error(C.PORT_SETTING, `${path}.port`, `${setting.port} has settings already; give each port one entry`));
    return out;
  }
  seen.add(setting.port);
  if (!SONIC_PORT.test(setting.port)) {
    out.push(error(C.PORT_SETTING, `${path}.port`, `${JSON.stringify(setting.port)} is not a SONiC port name`, 'name SONiC ports Ethernet<N>, as CONFIG_DB does'));
  } else if (s.spec.ports !== undefined && !s.spec.ports.includes(setting.port)) {
    out.push(error(C.UNKNOWN_PORT, `${path}.port`, `${name} has no port ${setting.port} in spec.ports`));
  }
  if (setting.breakout !== undefined && setting.speed !== undefined && breakoutSpeed(setting.breakout) !== setting.speed) {
    out.push(
      error(C.PORT_SETTING, `${path}.speed`, `${setting.speed} contradicts breakout ${setting.breakout}, which makes ${breakoutSpeed(setting.breakout)} ports`, 'leave speed out or make it match'),
    );
  }
  const hardware = setting.speed !== undefined || setting.fec !== undefined || setting.autoNegotiation !== undefined;
  if (setting.breakout === undefined && !hardware) {
    out.push(warning(C.PORT_SETTING, path, `sets nothing for ${setting.port}`));
  } else if (hardware && out.length === 0 && !used.has(setting.port)) {
    out.push(warning(C.PORT_SETTING, path, `no connection uses ${setting.port}, so its speed, FEC and auto-negotiation are not written`, 'Weft programs the ports its connections use'));
  }
  return out;
}

/** Every Switch's portSettings: SONiC only, one entry a port, real port names, consistent speeds. */
export function checkPortSettings(switches: readonly Switch[], fabric: FabricIndex): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const s of switches) {
    const settings = s.spec.portSettings ?? [];
    if (settings.length === 0) continue;
    if (s.spec.os !== 'sonic') {
      out.push(error(C.PORT_SETTING, `Switch ${s.metadata.name} spec.portSettings`, `${s.spec.os} ports are configured on the node itself; portSettings apply to SONiC switches`));
      continue;
    }
    const seen = new Set<string>();
    const used = usedPorts(fabric, s.metadata.name);
    settings.forEach((setting, i) => out.push(...checkSetting(s, setting, i, seen, used)));
  }
  return out;
}

/** A server link's MTU must leave VXLAN its room below the fabric MTU. */
export function checkServerLinkMtus(fabric: FabricIndex, fabricMtu: number): Diagnostic[] {
  const out: Diagnostic[] = [];
  const limit = fabricMtu - SERVER_MTU_OFFSET;
  for (const link of fabric.serverLinks.values()) {
    if (link.mtu === undefined || link.mtu <= limit) continue;
    const field = link.bundled ? 'spec.bundled.mtu' : 'spec.unbundled.mtu';
    out.push(
      error(C.LINK_MTU, `Connection ${link.connection} ${field}`, `${link.mtu} is above ${limit}, the fabric MTU ${fabricMtu} less ${SERVER_MTU_OFFSET} bytes for VXLAN`, `use at most ${limit}, or raise the FabricPolicy's underlay MTU`),
    );
  }
  return out;
}

function hardwareOf(setting: PortSetting): PortHardware | undefined {
  const speed = setting.speed ?? (setting.breakout === undefined ? undefined : breakoutSpeed(setting.breakout));
  const hardware: PortHardware = {
    ...(speed === undefined ? {} : { speed: megabits(speed) }),
    ...(setting.fec === undefined ? {} : { fec: setting.fec }),
    ...(setting.autoNegotiation === undefined ? {} : { autoNegotiation: setting.autoNegotiation }),
  };
  return Object.keys(hardware).length === 0 ? undefined : hardware;
}

/** The ports with the wiring's hardware settings, where it has any (the list itself when none). */
export function withPortHardware(ports: PortIntent[], s: Switch | undefined): PortIntent[] {
  const settings = s?.spec.os === 'sonic' ? (s.spec.portSettings ?? []) : [];
  if (settings.length === 0) return ports;
  const byPort = new Map<string, PortHardware>();
  for (const setting of settings) {
    const hardware = hardwareOf(setting);
    if (hardware !== undefined && !byPort.has(setting.port)) byPort.set(setting.port, hardware);
  }
  return ports.map((port) => {
    const hardware = byPort.get(port.name);
    return hardware === undefined ? port : { ...port, hardware };
  });
}

/** The breakout modes a SONiC switch's wiring sets, by port. */
export function breakoutsOf(s: Switch | undefined): BreakoutIntent[] {
  if (s?.spec.os !== 'sonic') return [];
  const seen = new Set<string>();
  const out: BreakoutIntent[] = [];
  for (const setting of s.spec.portSettings ?? []) {
    if (setting.breakout === undefined || seen.has(setting.port)) continue;
    seen.add(setting.port);
    out.push({ port: setting.port, mode: setting.breakout });
  }
  return out;
}
