/**
 * The fabric drawing: dagre lays the graph out in tiers (spines, then leaves and borders, then
 * servers and outside peers), SVG draws it. Switches are links to their page, reachable with the
 * keyboard; every colour also has a word (the node's and link's accessible names, the legend).
 */
import { Graph, layout } from '@dagrejs/dagre';
import { useMemo, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import type { Tone, Topology, TopologyNode } from '#console-model';

const SIZE: Readonly<Record<TopologyNode['kind'], { width: number; height: number }>> = {
  spine: { width: 120, height: 44 },
  leaf: { width: 120, height: 44 },
  border: { width: 120, height: 44 },
  server: { width: 96, height: 32 },
  external: { width: 96, height: 32 },
};

const TONE_WORD: Readonly<Record<Tone, string>> = { ok: 'healthy', pending: 'behind', error: 'failing', unknown: 'not reported' };

interface Placed {
  readonly x: number;
  readonly y: number;
}

function place(topology: Topology): { nodes: Map<string, Placed>; width: number; height: number } {
  const graph = new Graph();
  graph.setGraph({ rankdir: 'TB', nodesep: 24, ranksep: 80, marginx: 16, marginy: 16 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of topology.nodes) graph.setNode(node.id, { ...SIZE[node.kind] });
  // trunks join two leaves of one tier: drawn, but they do not shape the tiers
  for (const edge of topology.edges) if (edge.kind !== 'trunk') graph.setEdge(edge.from, edge.to);
  layout(graph);
  const nodes = new Map<string, Placed>();
  for (const node of topology.nodes) {
    const placed = graph.node(node.id) as { x: number; y: number } | undefined;
    if (placed !== undefined) nodes.set(node.id, { x: placed.x, y: placed.y });
  }
  const label = graph.graph() as { width?: number; height?: number };
  return { nodes, width: Math.max(label.width ?? 0, 200), height: Math.max(label.height ?? 0, 100) };
}

export function TopologyDrawing({ topology }: { readonly topology: Topology }): ReactNode {
  const navigate = useNavigate();
  const placed = useMemo(() => place(topology), [topology]);
  return (
    <figure className="topology">
      <svg viewBox={`0 0 ${placed.width} ${placed.height}`} role="group" aria-label="Fabric topology: switches, servers and links">
        <g className="edges">
          {topology.edges.map((edge) => {
            const a = placed.nodes.get(edge.from);
            const b = placed.nodes.get(edge.to);
            if (a === undefined || b === undefined) return null;
            return (
              <line key={edge.id} x1={a.x} y1={a.y} x2={b.x} y2={b.y} className={`edge tone-${edge.tone} edge-${edge.kind}`}>
                <title>{`${edge.id}: ${edge.detail}`}</title>
              </line>
            );
          })}
        </g>
        <g className="nodes">
          {topology.nodes.map((node) => {
            const at = placed.nodes.get(node.id);
            if (at === undefined) return null;
            const { width, height } = SIZE[node.kind];
            const body = (
              <>
                <rect x={at.x - width / 2} y={at.y - height / 2} width={width} height={height} rx={node.kind === 'server' ? 4 : 8} className={`node node-${node.kind} tone-${node.tone}`} />
                <text x={at.x} y={at.y + 5} textAnchor="middle" className="node-label">
                  {node.label}
                </text>
              </>
            );
            const name = `${node.label}, ${node.detail}`;
            if (node.switch === undefined) {
              return (
                <g key={node.id} role="img" aria-label={name}>
                  <title>{name}</title>
                  {body}
                </g>
              );
            }
            const href = `/switches/${node.switch}`;
            return (
              <a
                key={node.id}
                href={href}
                aria-label={`${name} (${TONE_WORD[node.tone]})`}
                className="node-link"
                onClick={(event) => {
                  event.preventDefault();
                  void navigate(href);
                }}
              >
                <title>{name}</title>
                {body}
              </a>
            );
          })}
        </g>
      </svg>
      <figcaption>
        <ul className="legend" aria-label="Legend">
          <li>
            <span className="swatch tone-ok" aria-hidden="true" /> healthy agent / BGP Established / port up
          </li>
          <li>
            <span className="swatch tone-pending" aria-hidden="true" /> behind or silent
          </li>
          <li>
            <span className="swatch tone-error" aria-hidden="true" /> failing / session down
          </li>
          <li>
            <span className="swatch tone-unknown" aria-hidden="true" /> not reported
          </li>
        </ul>
      </figcaption>
    </figure>
  );
}
