/** The fabric: a drawing of switches, servers and links by health, and the switches as a table. */
import { useMemo, type ReactNode } from 'react';
import { Link } from 'react-router';
import { agentHealth, buildTopology, connectionKind, isEstablished, type Agent, type Connection, type Server, type Switch } from '#console-model';
import { AGENTS, CONNECTIONS, SERVERS, SWITCHES } from '../api/documents';
import { useLiveList } from '../api/live';
import { useSession } from '../session/context';
import { useNow } from '../ui/now';
import { ToneDot } from '../ui/badge';
import { Empty, ErrorNote, Loading, PageHeader, Section, TableFrame } from '../ui/page';
import { TopologyDrawing } from '../ui/topology';

/** Past this many servers the drawing leaves them out; the tables still list everything. */
const MAX_DRAWN_SERVERS = 150;

export function FabricPage(): ReactNode {
  const { can } = useSession();
  const switches = useLiveList<Switch>('Switch', SWITCHES, 'switches');
  const servers = useLiveList<Server>('Server', SERVERS, 'servers');
  const connections = useLiveList<Connection>('Connection', CONNECTIONS, 'connections');
  const agents = useLiveList<Agent>('Agent', AGENTS, 'agents', !can.fabric);
  const drawServers = servers.items.length <= MAX_DRAWN_SERVERS;
  const now = useNow();
  const topology = useMemo(
    () =>
      buildTopology({
        switches: switches.items,
        servers: drawServers ? servers.items : [],
        connections: connections.items,
        agents: agents.items,
        now,
        agentsVisible: agents.error === undefined,
      }),
    [switches.items, servers.items, connections.items, agents.items, agents.error, drawServers, now],
  );
  const agentOf = (name: string): Agent | undefined => agents.items.find((a) => a.metadata.name === name);
  return (
    <>
      <PageHeader title="Fabric" subtitle={`${switches.items.length} switches, ${servers.items.length} servers, ${connections.items.length} connections`} />
      {switches.error === undefined ? null : <ErrorNote title="The switches could not be read">{switches.error}</ErrorNote>}
      {switches.loading ? (
        <Loading what="the fabric" />
      ) : (
        <Section title="Topology">
          <TopologyDrawing topology={topology} />
          {drawServers ? null : <p className="muted">{servers.items.length} servers are not drawn; the switches below list their state.</p>}
        </Section>
      )}
      <Section title="Switches">
        {switches.items.length === 0 ? (
          <Empty>No switches.</Empty>
        ) : (
          <TableFrame label="Switches">
            <thead>
              <tr>
                <th scope="col">Switch</th>
                <th scope="col">Role</th>
                <th scope="col">Agent</th>
                <th scope="col">Applied / desired</th>
                <th scope="col">BGP established</th>
              </tr>
            </thead>
            <tbody>
              {switches.items.map((sw) => {
                const agent = agentOf(sw.metadata.name);
                const health = agentHealth(agent, now);
                const neighbors = agent?.status?.bgpNeighbors ?? [];
                return (
                  <tr key={sw.metadata.name}>
                    <td>
                      <Link to={`/switches/${sw.metadata.name}`}>{sw.metadata.name}</Link>
                    </td>
                    <td>
                      {sw.spec?.role ?? '—'} <span className="muted">{sw.spec?.os ?? ''}</span>
                    </td>
                    <td>
                      <ToneDot tone={health.tone} label={health.label} />
                    </td>
                    <td>{agent === undefined ? '—' : `${agent.status?.appliedGeneration ?? '—'} / ${agent.spec?.generation ?? '—'}`}</td>
                    <td>{neighbors.length === 0 ? '—' : `${neighbors.filter(isEstablished).length} of ${neighbors.length}`}</td>
                  </tr>
                );
              })}
            </tbody>
          </TableFrame>
        )}
      </Section>
      {can.policy ? (
        <Section title="Wiring">
          <TableFrame label="Connections">
            <thead>
              <tr>
                <th scope="col">Connection</th>
                <th scope="col">Kind</th>
                <th scope="col">Ends</th>
              </tr>
            </thead>
            <tbody>
              {connections.items.map((c) => {
                const { kind, ends } = connectionKind(c);
                return (
                  <tr key={c.metadata.name}>
                    <td>{c.metadata.name}</td>
                    <td>{kind}</td>
                    <td className="wrap">{ends}</td>
                  </tr>
                );
              })}
            </tbody>
          </TableFrame>
        </Section>
      ) : null}
    </>
  );
}
