/**
 * The agent's Prometheus metrics (prom-client, a registry of its own): the process's under their
 * standard names (process_*, nodejs_*), the device's under weft_agent_*. Gauges of the device are
 * filled at scrape time from the last observation, so a session or VNI that went away leaves no
 * stale series; counters and the apply histogram are fed by the loop (LoopMetrics). Every series
 * carries `switch`.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DeviceObservation, PortCounters } from '../core/device-driver.js';
import type { LoopMetrics } from '../core/loop-metrics.js';

/** gauges named like counters, which promtool refuses (ADR 88): left out as the service does */
const MISNAMED_DEFAULT_METRICS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];
const APPLY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

export interface AgentMetrics extends LoopMetrics {
  readonly registry: Registry;
}

const up = (state: string | undefined): number => (state === 'up' || state === 'Up' || state === 'Established' ? 1 : 0);

export function createAgentMetrics(switchName: string, options: { processMetrics?: boolean } = {}): AgentMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ switch: switchName });
  if (options.processMetrics ?? true) {
    collectDefaultMetrics({ register: registry });
    for (const name of MISNAMED_DEFAULT_METRICS) registry.removeSingleMetric(name);
  }
  const registers = [registry];
  let last: DeviceObservation | undefined;
  let lastAt: number | undefined;
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[], fill: (g: Gauge<L>, o: DeviceObservation) => void): void => {
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers,
      collect() {
        this.reset();
        if (last !== undefined) fill(this, last);
      },
    });
  };
  const desired = new Gauge({ name: 'weft_agent_desired_generation', help: 'The generation of the desired state the agent last received', registers });
  const applied = new Gauge({ name: 'weft_agent_applied_generation', help: 'The generation the agent last applied', registers });
  const applyDuration = new Histogram({ name: 'weft_agent_apply_duration_seconds', help: 'Time to apply a generation or repair drift, by result', labelNames: ['result'], buckets: APPLY_BUCKETS, registers });
  const drift = new Counter({ name: 'weft_agent_drift_events_total', help: 'Keys found changed on the device outside Weft since the agent started', registers });
  new Gauge({
    name: 'weft_agent_last_observation_timestamp_seconds',
    help: 'When the agent last read the device state these metrics show (Unix time)',
    registers,
    collect() {
      this.reset();
      if (lastAt !== undefined) this.set(lastAt);
    },
  });
  gauge('weft_agent_bgp_session_established', 'BGP session per VRF, peer and address family: 1 Established, 0 otherwise', ['vrf', 'peer', 'family'], (g, o) => {
    for (const n of o.bgpNeighbors ?? []) for (const f of n.families ?? [{ family: 'unknown', state: n.state }]) g.set({ vrf: n.vrf ?? 'default', peer: n.peer, family: f.family }, up(f.state));
  });
  gauge('weft_agent_bgp_prefixes_received', 'Prefixes received per VRF, peer and address family', ['vrf', 'peer', 'family'], (g, o) => {
    for (const n of o.bgpNeighbors ?? []) for (const f of n.families ?? []) if (f.prefixesReceived !== undefined) g.set({ vrf: n.vrf ?? 'default', peer: n.peer, family: f.family }, f.prefixesReceived);
  });
  gauge('weft_agent_vni_up', 'A VNI this device terminates: 1 up, 0 otherwise', ['vni', 'type', 'vrf'], (g, o) => {
    for (const v of o.vnis ?? []) g.set({ vni: String(v.vni), type: v.type, vrf: v.vrf ?? '' }, up(v.state));
  });
  gauge('weft_agent_vni_remote_vteps', 'Remote VTEPs an L2VNI has a tunnel to', ['vni'], (g, o) => {
    for (const v of o.vnis ?? []) if (v.type === 'L2') g.set({ vni: String(v.vni) }, v.remoteVteps?.length ?? 0);
  });
  gauge('weft_agent_remote_vteps', 'Remote VTEPs this device has a tunnel to', [], (g, o) => {
    g.set(o.remoteVteps?.length ?? 0);
  });
  gauge('weft_agent_evpn_macs', 'MACs in the L2VNIs as reported (local: learnt on a port here; remote: behind another VTEP), bounded', ['type'], (g, o) => {
    const macs = o.evpnMacs ?? [];
    g.set({ type: 'local' }, macs.filter((m) => m.type === 'local').length);
    g.set({ type: 'remote' }, macs.filter((m) => m.type !== 'local').length);
  });
  gauge('weft_agent_port_oper_up', "A port's operational state: 1 up, 0 otherwise", ['port'], (g, o) => {
    for (const p of o.ports ?? []) g.set({ port: p.name }, up(p.oper));
  });
  gauge('weft_agent_port_admin_up', "A port's admin state: 1 up, 0 otherwise", ['port'], (g, o) => {
    for (const p of o.ports ?? []) g.set({ port: p.name }, up(p.admin));
  });
  // port counters as the device counts them (SONiC: COUNTERS_DB), copied at scrape time
  const counters: readonly [string, string, keyof Omit<PortCounters, 'port'>][] = [
    ['weft_agent_port_receive_bytes_total', 'Bytes received on a port', 'receiveBytes'],
    ['weft_agent_port_transmit_bytes_total', 'Bytes sent on a port', 'transmitBytes'],
    ['weft_agent_port_receive_packets_total', 'Packets received on a port', 'receivePackets'],
    ['weft_agent_port_transmit_packets_total', 'Packets sent on a port', 'transmitPackets'],
    ['weft_agent_port_receive_errors_total', 'Receive errors on a port', 'receiveErrors'],
    ['weft_agent_port_transmit_errors_total', 'Transmit errors on a port', 'transmitErrors'],
    ['weft_agent_port_receive_drops_total', 'Received packets dropped on a port', 'receiveDrops'],
    ['weft_agent_port_transmit_drops_total', 'Packets to send dropped on a port', 'transmitDrops'],
  ];
  for (const [name, help, field] of counters) {
    new Counter({
      name,
      help: `${help}, as the device counts them (SONiC: COUNTERS_DB)`,
      labelNames: ['port'],
      registers,
      collect() {
        this.reset();
        for (const c of last?.counters ?? []) {
          const value = c[field];
          if (value !== undefined) this.inc({ port: c.port }, value);
        }
      },
    });
  }
  return {
    registry,
    desired: (generation) => {
      desired.set(generation);
    },
    applied(seconds, ok, generation) {
      applyDuration.observe({ result: ok ? 'ok' : 'error' }, seconds);
      if (ok && generation !== undefined) applied.set(generation);
    },
    drift: (events) => {
      if (events > 0) drift.inc(events);
    },
    observed(observation, atSeconds) {
      last = observation;
      lastAt = atSeconds;
    },
  };
}
