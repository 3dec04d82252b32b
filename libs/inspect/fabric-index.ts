/**
 * The inputs of `weft inspect` and the lookups every view needs: which switch owns a VTEP
 * address, which connection and server sit behind a port, what a BGP peer is, what an agent
 * reported. Built once per answer from the compiled devices, the connections and the reports.
 */
import type { AgentStatus } from '#api';
import type { DeviceIntent } from '#domain';
import type { SwitchPresence } from './types.js';

/** A connection's switch ports (`switch/port`) and the server it carries, from its spec. */
export interface ConnectionPorts {
  readonly name: string;
  readonly server?: string;
  readonly ports: readonly string[];
}

/** What the service knows of a switch's agent: the generation it should run and its last report. */
export interface AgentReport {
  readonly generation?: number;
  readonly status?: AgentStatus;
}

export interface InspectInput {
  /** the compiled devices, by switch */
  readonly devices: ReadonlyMap<string, DeviceIntent>;
  readonly connections: readonly ConnectionPorts[];
  readonly agents: ReadonlyMap<string, AgentReport>;
}

export interface FabricIndex {
  readonly input: InspectInput;
  /** VTEP source address -> switch */
  readonly vteps: ReadonlyMap<string, string>;
  /** `switch/port` and `switch/PortChannelN` -> connection */
  readonly connectionOf: ReadonlyMap<string, ConnectionPorts>;
}

export function indexFabric(input: InspectInput): FabricIndex {
  const vteps = new Map<string, string>();
  const connectionOf = new Map<string, ConnectionPorts>();
  for (const connection of input.connections) for (const port of connection.ports) connectionOf.set(port, connection);
  for (const device of input.devices.values()) {
    // the router id is also the VTEP source address (DeviceIntent.routerId)
    vteps.set(device.routerId, device.name);
    for (const port of device.ports) {
      const connection = connectionOf.get(`${device.name}/${port.name}`);
      if (port.portChannel !== undefined && connection !== undefined) connectionOf.set(`${device.name}/${port.portChannel}`, connection);
    }
  }
  return { input, vteps, connectionOf };
}

/** The switch's generation against its agent's report. */
export function presenceOf(index: FabricIndex, device: DeviceIntent): SwitchPresence {
  const report = index.input.agents.get(device.name);
  const status = report?.status;
  const applied = status?.appliedGeneration;
  const generation = report?.generation;
  return {
    switch: device.name,
    role: device.role,
    ...(generation === undefined ? {} : { generation }),
    ...(applied === undefined ? {} : { appliedGeneration: applied }),
    applied: applied === undefined ? 'NoReport' : generation === undefined || applied >= generation ? 'Applied' : 'Behind',
    ...(status?.lastHeartbeat === undefined ? {} : { lastHeartbeat: status.lastHeartbeat }),
    ...(status?.lastError === undefined ? {} : { lastError: status.lastError }),
  };
}

/** One line when the switch does not run what it should. */
export function presenceProblem(p: SwitchPresence): string | undefined {
  if (p.lastError !== undefined) return `${p.switch}: ${p.lastError}`;
  if (p.applied === 'NoReport') return `${p.switch}: its agent has not reported`;
  if (p.applied === 'Behind') return `${p.switch}: generation ${String(p.appliedGeneration)} applied, ${String(p.generation)} desired`;
  return undefined;
}

/**
 * The device or peer at the other end of a BGP session: the port's wiring (an unnumbered session
 * is named by its port, and every compiled fabric or server port knows its peer), the numbered
 * fabric neighbour's description, or the VRF neighbour's (an external peer).
 */
export function neighbourOf(device: DeviceIntent, peer: string, vrf: string): string | undefined {
  const port = device.ports.find((p) => p.name === peer);
  if (port?.peer !== undefined) return port.peer.split('/')[0];
  const fabric = device.bgp.neighbors.find((n) => n.address === peer);
  if (fabric !== undefined) return fabric.description;
  const external = device.vrfs.find((v) => v.name === vrf)?.neighbors.find((n) => n.address === peer);
  return external?.description;
}
