/**
 * The fabric as a graph to draw: switches, servers and outside peers as nodes, connections as
 * edges, each coloured by what the agents report (agent health on nodes, BGP session state on
 * routed links, port state on server links). The layout is the drawing's business; this only
 * says what there is and how it is.
 */
import { agentHealth, isEstablished, neighborFor } from './health.js';
import type { Tone } from './status.js';
import type { Agent, Connection, Server, Switch } from './types.js';

export type NodeKind = 'spine' | 'leaf' | 'border' | 'server' | 'external';

export interface TopologyNode {
  readonly id: string;
  readonly label: string;
  readonly kind: NodeKind;
  /** tier from the top: spines 0, leaves and borders 1, servers and outside peers 2 */
  readonly tier: number;
  readonly tone: Tone;
  readonly detail: string;
  /** a switch the drawing links to */
  readonly switch?: string;
}

export type EdgeKind = 'fabric' | 'server' | 'external' | 'trunk';

export interface TopologyEdge {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  readonly tone: Tone;
  readonly detail: string;
}

export interface Topology {
  readonly nodes: readonly TopologyNode[];
  readonly edges: readonly TopologyEdge[];
}

const TIER: Readonly<Record<NodeKind, number>> = { spine: 0, leaf: 1, border: 1, server: 2, external: 2 };

function device(portRef: string): string {
  return portRef.split('/')[0] ?? portRef;
}

function port(portRef: string): string {
  return portRef.slice(portRef.indexOf('/') + 1);
}

/** Routed link state from the BGP sessions either end reports on its port (or the peer address). */
function bgpTone(ends: readonly { agent: Agent | undefined; peer: string }[]): { tone: Tone; detail: string } {
  const seen = ends.map(({ agent, peer }) => neighborFor(agent, peer)).filter((n) => n !== undefined);
  if (seen.length === 0) return { tone: 'unknown', detail: 'BGP: not reported' };
  if (seen.every(isEstablished)) return { tone: 'ok', detail: 'BGP: Established' };
  return { tone: 'error', detail: `BGP: ${seen.map((n) => n.state).join(' / ')}` };
}

/** Server link state from the switch port's operational state, when the agent reports ports. */
function portTone(agent: Agent | undefined, ports: readonly string[]): { tone: Tone; detail: string } {
  const reported = agent?.status?.ports?.filter((p) => ports.includes(p.name));
  if (reported === undefined || reported.length === 0) return { tone: 'unknown', detail: 'port state: not reported' };
  if (reported.every((p) => p.oper === 'up')) return { tone: 'ok', detail: 'ports up' };
  return { tone: 'error', detail: reported.map((p) => `${p.name} ${p.oper}`).join(', ') };
}

export function buildTopology(input: {
  readonly switches: readonly Switch[];
  readonly servers: readonly Server[];
  readonly connections: readonly Connection[];
  readonly agents: readonly Agent[];
  readonly now: number;
  /** false when the token cannot read agents: nodes say so instead of "not reported" */
  readonly agentsVisible: boolean;
}): Topology {
  const agents = new Map(input.agents.map((a) => [a.metadata.name, a]));
  const nodes = new Map<string, TopologyNode>();
  for (const sw of input.switches) {
    const role = sw.spec?.role;
    const kind: NodeKind = role === 'spine' || role === 'border' ? role : 'leaf';
    const health = input.agentsVisible ? agentHealth(agents.get(sw.metadata.name), input.now) : { tone: 'unknown' as const, label: 'Agent state hidden' };
    nodes.set(sw.metadata.name, {
      id: sw.metadata.name,
      label: sw.metadata.name,
      kind,
      tier: TIER[kind],
      tone: health.tone,
      detail: `${role ?? 'switch'}${sw.spec?.os === undefined || sw.spec.os === null ? '' : `, ${sw.spec.os}`}: ${health.label}`,
      switch: sw.metadata.name,
    });
  }
  for (const server of input.servers) {
    nodes.set(server.metadata.name, { id: server.metadata.name, label: server.metadata.name, kind: 'server', tier: TIER.server, tone: 'unknown', detail: server.spec?.description ?? 'server' });
  }
  const edges: TopologyEdge[] = [];
  const addEdge = (edge: TopologyEdge): void => {
    if (nodes.has(edge.from) && nodes.has(edge.to)) edges.push(edge);
  };
  for (const c of input.connections) {
    const spec = c.spec ?? {};
    const id = c.metadata.name;
    if (spec.fabric) {
      const { spine, leaf } = spec.fabric;
      const state = bgpTone([
        { agent: agents.get(device(spine)), peer: port(spine) },
        { agent: agents.get(device(leaf)), peer: port(leaf) },
      ]);
      addEdge({ id, from: device(spine), to: device(leaf), kind: 'fabric', ...state });
    } else if (spec.unbundled) {
      const { server, switch: sw } = spec.unbundled;
      addEdge({ id, from: device(sw), to: device(server), kind: 'server', ...portTone(agents.get(device(sw)), [port(sw)]) });
    } else if (spec.bundled) {
      const first = spec.bundled.links[0];
      if (first !== undefined) {
        const sw = device(first.switch);
        addEdge({ id, from: sw, to: spec.bundled.server, kind: 'server', ...portTone(agents.get(sw), spec.bundled.links.map((l) => port(l.switch))) });
      }
    } else if (spec.eslag) {
      // one edge per leaf of the ESI-LAG (it spans 2 to 4 leaves, WF220), named after its leaf
      const eslag = spec.eslag;
      for (const sw of new Set(eslag.links.map((l) => device(l.switch)))) {
        const mine = eslag.links.filter((l) => device(l.switch) === sw).map((l) => port(l.switch));
        addEdge({ id: `${id}:${sw}`, from: sw, to: eslag.server, kind: 'server', ...portTone(agents.get(sw), mine) });
      }
    } else if (spec.external) {
      const { switch: sw, peer } = spec.external;
      const external = `external:${id}`;
      nodes.set(external, { id: external, label: `AS ${peer.asn}`, kind: 'external', tier: TIER.external, tone: 'unknown', detail: `outside peer ${peer.ip}` });
      addEdge({ id, from: device(sw), to: external, kind: 'external', ...bgpTone([{ agent: agents.get(device(sw)), peer: peer.ip }]) });
    } else if (spec.trunk) {
      const [a, b] = spec.trunk.links;
      // Stryker disable next-line ConditionalExpression: equivalent, a list with a second link has a first, so a !== undefined never decides
      if (a !== undefined && b !== undefined) addEdge({ id, from: device(a), to: device(b), kind: 'trunk', tone: 'unknown', detail: 'L2 trunk' });
    }
  }
  return { nodes: [...nodes.values()], edges };
}

/** A connection's kind and its ends, for the wiring table. */
export function connectionKind(c: Connection): { kind: string; ends: string } {
  const spec = c.spec ?? {};
  if (spec.fabric) return { kind: 'fabric', ends: `${spec.fabric.spine} ↔ ${spec.fabric.leaf}` };
  if (spec.unbundled) return { kind: 'server', ends: `${spec.unbundled.server} ↔ ${spec.unbundled.switch}` };
  if (spec.bundled) return { kind: 'server LAG', ends: `${spec.bundled.server}: ${spec.bundled.links.map((l) => `${l.server} ↔ ${l.switch}`).join(', ')}` };
  if (spec.eslag) return { kind: 'server ESI-LAG', ends: `${spec.eslag.server}: ${spec.eslag.links.map((l) => `${l.server} ↔ ${l.switch}`).join(', ')}` };
  if (spec.external) return { kind: 'external', ends: `${spec.external.switch} ${spec.external.address} ↔ ${spec.external.peer.ip} (AS ${spec.external.peer.asn})` };
  if (spec.trunk) return { kind: 'trunk', ends: spec.trunk.links.join(' ↔ ') };
  return { kind: 'unknown', ends: '—' };
}
