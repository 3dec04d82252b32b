/**
 * One switch: what its agent applied against what it should run, drift, BGP neighbours, remote
 * VTEPs, the last error, and the files Weft rendered for it. Live: a report shows as it arrives.
 */
import { useCallback, useState, type ReactNode } from 'react';
import { Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { useParams } from 'react-router';
import { useQuery } from 'urql';
import { acceptedState, agentHealth, isEstablished, type Agent, type Switch, type WatchEvent } from '#console-model';
import { AGENT, SWITCHES } from '../api/documents';
import { useEvents, useLiveList } from '../api/live';
import { useNow } from '../ui/now';
import { Badge, ToneDot } from '../ui/badge';
import { ConditionsTable } from '../ui/conditions';
import { Empty, ErrorNote, Facts, Loading, PageHeader, Section, TableFrame, formatTime } from '../ui/page';

function useLiveAgent(name: string): { agent?: Agent; loading: boolean; error?: string } {
  const [result] = useQuery<{ agent: Agent | null }>({ query: AGENT, variables: { name } });
  const fetched = result.data?.agent ?? undefined;
  const [state, setState] = useState<{ readonly source?: Agent; readonly agent?: Agent }>({});
  if (fetched !== undefined && fetched !== state.source) setState({ source: fetched, agent: fetched });
  const agent = fetched !== undefined && fetched !== state.source ? fetched : state.agent;
  const onEvent = useCallback(
    (event: WatchEvent) => {
      if (event.object.metadata.name === name && event.type !== 'DELETED') setState((current) => ({ ...current, agent: event.object as Agent }));
    },
    [name],
  );
  useEvents('Agent', onEvent);
  return { ...(agent === undefined ? {} : { agent }), loading: result.fetching && agent === undefined, ...(result.error === undefined ? {} : { error: result.error.graphQLErrors[0]?.message ?? result.error.message }) };
}

export function SwitchPage(): ReactNode {
  const { name = '' } = useParams();
  const switches = useLiveList<Switch>('Switch', SWITCHES, 'switches');
  const sw = switches.items.find((s) => s.metadata.name === name);
  const { agent, loading, error } = useLiveAgent(name);
  const now = useNow();
  if (sw === undefined && !switches.loading) return <ErrorNote title="No such switch">{name} does not exist or this token cannot see it.</ErrorNote>;
  const health = agentHealth(agent, now);
  const status = agent?.status;
  const files: [string, string][] = [];
  if (agent?.spec?.configDb !== undefined && agent.spec.configDb !== null) files.push(['config_db.json', JSON.stringify(agent.spec.configDb, null, 2)]);
  if (agent?.spec?.frr !== undefined && agent.spec.frr !== null) files.push(['frr.conf', agent.spec.frr]);
  if (agent?.spec?.vyos !== undefined && agent.spec.vyos !== null) files.push(['vyos.set', agent.spec.vyos]);
  return (
    <>
      <PageHeader
        title={`Switch ${name}`}
        subtitle={
          <>
            <ToneDot tone={health.tone} label={health.label} /> <span className="muted">{health.reasons.join('; ')}</span>
          </>
        }
      />
      {error === undefined ? null : <ErrorNote title="No agent state">{error}</ErrorNote>}
      {loading ? <Loading what="the agent" /> : null}
      <Tabs className="tabs">
        <TabList aria-label="Switch details" className="tab-list">
          <Tab id="overview">Overview</Tab>
          <Tab id="bgp">BGP neighbours</Tab>
          <Tab id="vteps">VTEPs</Tab>
          <Tab id="drift">Drift</Tab>
          <Tab id="files">Rendered files</Tab>
        </TabList>
        <TabPanel id="overview" className="tab-panel">
          <Facts
            items={[
              ['Role', sw?.spec?.role ?? '—'],
              ['OS', sw?.spec?.os ?? '—'],
              ['ASN', sw?.spec?.asn ?? '—'],
              ['Router id', sw?.spec?.routerId ?? '—'],
              ['Desired generation', agent?.spec?.generation ?? '—'],
              ['Applied generation', status?.appliedGeneration ?? '—'],
              ['Last applied', formatTime(status?.lastAppliedTime)],
              ['Last heartbeat', formatTime(status?.lastHeartbeat)],
              ['Wiring', sw === undefined ? '—' : <Badge summary={acceptedState(sw.status?.conditions)} />],
            ]}
          />
          <Section title="Last error">
            {status?.lastError === undefined || status.lastError === null || status.lastError === '' ? <Empty>None reported.</Empty> : <pre className="error-text">{status.lastError}</pre>}
          </Section>
          <Section title="Conditions">
            <ConditionsTable conditions={[...(sw?.status?.conditions ?? []), ...(status?.conditions ?? [])]} label="Switch conditions" />
          </Section>
        </TabPanel>
        <TabPanel id="bgp" className="tab-panel">
          {(status?.bgpNeighbors ?? []).length === 0 ? (
            <Empty>No BGP neighbours reported.</Empty>
          ) : (
            <TableFrame label="BGP neighbours">
              <thead>
                <tr>
                  <th scope="col">Peer</th>
                  <th scope="col">VRF</th>
                  <th scope="col">Remote AS</th>
                  <th scope="col">State</th>
                  <th scope="col">Prefixes</th>
                  <th scope="col">Up</th>
                </tr>
              </thead>
              <tbody>
                {(status?.bgpNeighbors ?? []).map((n) => (
                  <tr key={`${n.vrf ?? ''}/${n.peer}`}>
                    <td>{n.peer}</td>
                    <td>{n.vrf ?? 'default'}</td>
                    <td>{n.remoteAs ?? '—'}</td>
                    <td>
                      <ToneDot tone={isEstablished(n) ? 'ok' : 'error'} label={n.state} />
                    </td>
                    <td>{n.prefixesReceived ?? '—'}</td>
                    <td>{n.uptime ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </TableFrame>
          )}
        </TabPanel>
        <TabPanel id="vteps" className="tab-panel">
          {(status?.remoteVteps ?? []).length === 0 ? (
            <Empty>No remote VTEPs reported.</Empty>
          ) : (
            <TableFrame label="Remote VTEPs">
              <thead>
                <tr>
                  <th scope="col">VTEP</th>
                  <th scope="col">VNIs</th>
                </tr>
              </thead>
              <tbody>
                {(status?.remoteVteps ?? []).map((v) => (
                  <tr key={v.ip}>
                    <td>{v.ip}</td>
                    <td className="wrap">{(v.vnis ?? []).join(', ') || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </TableFrame>
          )}
        </TabPanel>
        <TabPanel id="drift" className="tab-panel">
          <p>{status?.driftCount === undefined || status.driftCount === null ? 'The agent reports no drift count.' : `${status.driftCount} drift event${status.driftCount === 1 ? '' : 's'} since the agent started.`}</p>
          {(status?.drift ?? []).length === 0 ? (
            <Empty>No drift reported.</Empty>
          ) : (
            <TableFrame label="Drift events">
              <thead>
                <tr>
                  <th scope="col">Detected</th>
                  <th scope="col">What</th>
                  <th scope="col">Change</th>
                  <th scope="col">Repaired</th>
                </tr>
              </thead>
              <tbody>
                {(status?.drift ?? []).map((d) => (
                  <tr key={`${d.detectedAt}${d.key}`}>
                    <td>{formatTime(d.detectedAt)}</td>
                    <td className="wrap">
                      <code>{d.key}</code>
                    </td>
                    <td>{d.change}</td>
                    <td>{d.repaired ? 'yes' : 'no'}</td>
                  </tr>
                ))}
              </tbody>
            </TableFrame>
          )}
        </TabPanel>
        <TabPanel id="files" className="tab-panel">
          {files.length === 0 ? (
            <Empty>No rendered files for this token.</Empty>
          ) : (
            files.map(([file, text]) => (
              <details key={file} className="file">
                <summary>
                  {file} <span className="muted">({text.split('\n').length} lines)</span>
                </summary>
                <pre tabIndex={0} aria-label={file}>
                  {text}
                </pre>
              </details>
            ))
          )}
        </TabPanel>
      </Tabs>
    </>
  );
}
