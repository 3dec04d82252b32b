/**
 * One VPC: its state (live), the isolation and the policy rule that chose it with weft explain's
 * reasons, every number allocated, per-switch state, attachments, peerings and conditions.
 */
import type { ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { acceptedState, agentHealth, vpcState, type Agent, type Vpc, type VpcAttachment, type VpcPeering } from '#console-model';
import { AGENTS, ATTACHMENTS, PEERINGS, VPCS } from '../api/documents';
import { useLiveList } from '../api/live';
import { useExplanation } from '../api/rest';
import { useSession } from '../session/context';
import { useNow } from '../ui/now';
import { Badge, ToneDot } from '../ui/badge';
import { ConditionsTable } from '../ui/conditions';
import { DeleteButton } from '../ui/delete-dialog';
import { Empty, ErrorNote, Facts, Loading, PageHeader, Section, TableFrame, formatTime } from '../ui/page';

export function VpcDetailPage(): ReactNode {
  const { namespace = 'default', name = '' } = useParams();
  const { items, loading } = useLiveList<Vpc>('VPC', VPCS, 'vpcs');
  const vpc = items.find((v) => v.metadata.name === name && (v.metadata.namespace ?? 'default') === namespace);
  if (vpc === undefined) {
    return loading ? <Loading what="the VPC" /> : <ErrorNote title="No such VPC">{`${namespace}/${name}`} does not exist or this token cannot see it.</ErrorNote>;
  }
  return <VpcDetail vpc={vpc} />;
}

function VpcDetail({ vpc }: { readonly vpc: Vpc }): ReactNode {
  const { can } = useSession();
  const navigate = useNavigate();
  const namespace = vpc.metadata.namespace ?? 'default';
  const name = vpc.metadata.name;
  const attachments = useLiveList<VpcAttachment>('VPCAttachment', ATTACHMENTS, 'vpcAttachments');
  const peerings = useLiveList<VpcPeering>('VPCPeering', PEERINGS, 'vpcPeerings');
  const agents = useLiveList<Agent>('Agent', AGENTS, 'agents', !can.fabric);
  const { explanation, error } = useExplanation(namespace, name, JSON.stringify(vpc.status ?? null) + (vpc.metadata.resourceVersion ?? ''));
  const state = vpcState(vpc.status?.conditions);
  const status = vpc.status;
  const writable = can.write && vpc.metadata.owner !== 'kubernetes';
  const mine = attachments.items.filter((a) => (a.metadata.namespace ?? 'default') === namespace && a.spec.subnet.split('/')[0] === name);
  const peered = peerings.items.filter((p) => (p.metadata.namespace ?? 'default') === namespace && p.spec.vpcs.includes(name));
  const now = useNow();
  return (
    <>
      <PageHeader
        title={`VPC ${name}`}
        subtitle={
          <>
            <Badge summary={state} live /> <span className="muted">{state.message}</span>
          </>
        }
      >
        {writable ? (
          <>
            <Link className="button" to={`/vpcs/${namespace}/${name}/edit`}>
              Edit VPC
            </Link>
            <DeleteButton kind="VPC" namespace={namespace} name={name} label="Delete VPC" onDeleted={() => void navigate('/vpcs')} />
          </>
        ) : null}
      </PageHeader>
      {vpc.metadata.owner === 'kubernetes' ? <p className="notice">This VPC is owned by its Kubernetes object: change it with kubectl or GitOps.</p> : null}
      <Section title="Overview">
        <Facts
          items={[
            ['Tenant', vpc.spec.tenant],
            ['Namespace', namespace],
            ['Isolation', status?.isolation ?? '—'],
            ['Chosen by', status?.rule === undefined || status.rule === null ? '—' : status.rule === 'default' ? 'the policy default' : `rule ${status.rule}`],
            ['VRF', status?.vrf ?? '—'],
            ['L3VNI', status?.vni ?? '—'],
            ['Generation', `${vpc.metadata.generation ?? '—'} (observed ${status?.observedGeneration ?? '—'})`],
            ['Created', formatTime(vpc.metadata.creationTimestamp)],
          ]}
        />
        {vpc.spec.description === undefined || vpc.spec.description === null ? null : <p>{vpc.spec.description}</p>}
      </Section>
      <Section title="Why this isolation">
        {error === undefined ? null : <ErrorNote title="No explanation">{error}</ErrorNote>}
        {explanation === undefined ? (
          error === undefined ? <Loading what="the explanation" /> : null
        ) : (
          <>
            <p>
              Policy <strong>{explanation.policy}</strong>, rules tried in order (weft explain vpc/{name}):
            </p>
            <ol className="trace">
              {explanation.trace.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ol>
            {explanation.vrf === undefined ? null : (
              <p className="muted">
                VRF {explanation.vrf.name} (id {explanation.vrf.id}, table {explanation.vrf.table})
                {explanation.vrf.l3vni === undefined ? '' : `, L3VNI ${explanation.vrf.l3vni}, route target ${explanation.vrf.routeTarget ?? ''}`}
                {explanation.gatewaySwitch === undefined ? '' : `; gateway on ${explanation.gatewaySwitch}`}
              </p>
            )}
          </>
        )}
      </Section>
      <Section title="Subnets">
        <TableFrame label="Subnets and their numbers">
          <thead>
            <tr>
              <th scope="col">Subnet</th>
              <th scope="col">CIDR</th>
              <th scope="col">Gateway</th>
              <th scope="col">VLAN</th>
              <th scope="col">VNI</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(vpc.spec.subnets).map(([subnet, spec]) => {
              const allocated = status?.subnets?.[subnet];
              const vlans = allocated?.vlans === undefined || allocated.vlans === null ? undefined : Object.entries(allocated.vlans).map(([sw, v]) => `${sw}: ${v}`).join(', ');
              return (
                <tr key={subnet}>
                  <td>{subnet}</td>
                  <td>{spec.cidr}</td>
                  <td>{allocated?.gateway ?? spec.gateway ?? '—'}</td>
                  <td className="wrap">{allocated?.vlan ?? vlans ?? '—'}</td>
                  <td>{allocated?.vni ?? '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </TableFrame>
      </Section>
      <Section title="Switches">
        {(status?.switches ?? []).length === 0 ? (
          <Empty>No switch carries this VPC yet: attach a server to one of its subnets.</Empty>
        ) : (
          <TableFrame label="Per-switch state">
            <thead>
              <tr>
                <th scope="col">Switch</th>
                <th scope="col">State</th>
                <th scope="col">Applied / desired</th>
                <th scope="col">Last heartbeat</th>
              </tr>
            </thead>
            <tbody>
              {(status?.switches ?? []).map((sw) => {
                const agent = agents.items.find((a) => a.metadata.name === sw);
                const health = can.fabric ? agentHealth(agent, now) : undefined;
                const pendingHere = state.tone === 'pending' && (state.message ?? '').includes(sw);
                return (
                  <tr key={sw}>
                    <td>{can.fabric ? <Link to={`/switches/${sw}`}>{sw}</Link> : sw}</td>
                    <td>{health === undefined ? <ToneDot tone={pendingHere ? 'pending' : state.tone} label={pendingHere ? 'Applying' : state.label} /> : <ToneDot tone={health.tone} label={health.label} />}</td>
                    <td>{agent === undefined ? '—' : `${agent.status?.appliedGeneration ?? '—'} / ${agent.spec?.generation ?? '—'}`}</td>
                    <td>{formatTime(agent?.status?.lastHeartbeat)}</td>
                  </tr>
                );
              })}
            </tbody>
          </TableFrame>
        )}
      </Section>
      <Section
        title="Attachments"
        actions={
          writable ? (
            <Link className="button" to={`/vpcs/${namespace}/${name}/attachments/new`}>
              Attach a server
            </Link>
          ) : null
        }
      >
        {mine.length === 0 ? (
          <Empty>No server is attached.</Empty>
        ) : (
          <TableFrame label="Attachments">
            <thead>
              <tr>
                <th scope="col">Attachment</th>
                <th scope="col">Subnet</th>
                <th scope="col">Connection</th>
                <th scope="col">Switch ports</th>
                <th scope="col">Status</th>
                {writable ? <th scope="col">Actions</th> : null}
              </tr>
            </thead>
            <tbody>
              {mine.map((a) => {
                const placed = explanation?.attachments.find((x) => x.key.endsWith(`/${a.metadata.name}`));
                return (
                  <tr key={a.metadata.name}>
                    <td>{a.metadata.name}</td>
                    <td>{a.spec.subnet}</td>
                    <td>{a.spec.connection}</td>
                    <td className="wrap">{placed === undefined ? '—' : `${placed.switch} ${placed.ports.join(', ')} (${placed.tagging})`}</td>
                    <td>
                      <Badge summary={acceptedState(a.status?.conditions)} />
                    </td>
                    {writable ? (
                      <td className="row-actions">
                        <Link to={`/attachments/${namespace}/${a.metadata.name}/edit`} aria-label={`Edit attachment ${a.metadata.name}`}>
                          Edit
                        </Link>
                        <DeleteButton kind="VPCAttachment" namespace={namespace} name={a.metadata.name} label="Detach" onDeleted={() => undefined} />
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </TableFrame>
        )}
      </Section>
      <Section
        title="Peerings"
        actions={
          writable ? (
            <Link className="button" to={`/vpcs/${namespace}/${name}/peerings/new`}>
              Peer with a VPC
            </Link>
          ) : null
        }
      >
        {peered.length === 0 ? (
          <Empty>Not peered: no other VPC reaches this one.</Empty>
        ) : (
          <ul className="plain-list">
            {peered.map((p) => (
              <li key={p.metadata.name}>
                <strong>{p.metadata.name}</strong>: with {p.spec.vpcs.filter((v) => v !== name).join(', ') || name}
                {p.spec.permit === undefined || p.spec.permit === null ? ', every subnet' : `, only ${p.spec.permit.map((pair) => pair.join(' ↔ ')).join('; ')}`}{' '}
                <Badge summary={acceptedState(p.status?.conditions)} />
                {writable ? (
                  <>
                    {' '}
                    <Link to={`/peerings/${namespace}/${p.metadata.name}/edit`} aria-label={`Edit peering ${p.metadata.name}`}>
                      Edit
                    </Link>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {explanation === undefined || explanation.externalPeerings.length === 0 ? null : (
          <p className="muted">Outside: {explanation.externalPeerings.join('; ')}</p>
        )}
      </Section>
      <Section title="Conditions">
        <ConditionsTable conditions={status?.conditions} label="VPC conditions" />
        {explanation === undefined || explanation.diagnostics.length === 0 ? null : (
          <ul className="warnings" aria-label="Diagnostics">
            {explanation.diagnostics.map((d) => (
              <li key={`${d.code}${d.path}${d.message}`}>
                <code>{d.code}</code> {d.path}: {d.message}
              </li>
            ))}
          </ul>
        )}
      </Section>
    </>
  );
}
