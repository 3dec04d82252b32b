/** Every VPC the token may see: status, isolation, tenant; search and filters live in the URL. */
import type { ReactNode } from 'react';
import { Input, Label, SearchField } from 'react-aria-components';
import { Link, useSearchParams } from 'react-router';
import { vpcState, type Vpc } from '#console-model';
import { VPCS } from '../api/documents';
import { useLiveList } from '../api/live';
import { useSession } from '../session/context';
import { Badge } from '../ui/badge';
import { SelectInput } from '../ui/fields';
import { Empty, ErrorNote, Loading, PageHeader, TableFrame } from '../ui/page';

const ANY = 'any';

export function VpcListPage(): ReactNode {
  const { can } = useSession();
  const { items, loading, error } = useLiveList<Vpc>('VPC', VPCS, 'vpcs');
  const [params, setParams] = useSearchParams();
  const search = params.get('q') ?? '';
  const status = params.get('status') ?? ANY;
  const isolation = params.get('isolation') ?? ANY;
  const tenant = params.get('tenant') ?? ANY;
  const set = (name: string, value: string): void => {
    const next = new URLSearchParams(params);
    if (value === '' || value === ANY) next.delete(name);
    else next.set(name, value);
    setParams(next, { replace: true });
  };
  const tenants = [...new Set(items.map((v) => v.spec.tenant))].sort();
  const isolations = [...new Set(items.map((v) => v.status?.isolation).filter((i): i is string => typeof i === 'string'))].sort();
  const needle = search.trim().toLowerCase();
  const shown = items.filter((vpc) => {
    const state = vpcState(vpc.status?.conditions).label;
    const text = `${vpc.metadata.namespace ?? ''}/${vpc.metadata.name} ${vpc.spec.tenant} ${vpc.spec.description ?? ''} ${Object.values(vpc.spec.subnets).map((s) => s.cidr).join(' ')}`.toLowerCase();
    return (
      (needle === '' || text.includes(needle)) &&
      (status === ANY || state === status) &&
      (isolation === ANY || vpc.status?.isolation === isolation) &&
      (tenant === ANY || vpc.spec.tenant === tenant)
    );
  });
  return (
    <>
      <PageHeader title="VPCs" subtitle={`${items.length} VPC${items.length === 1 ? '' : 's'}${shown.length === items.length ? '' : `, ${shown.length} shown`}`}>
        {can.write ? (
          <Link to="/vpcs/new" className="button primary">
            New VPC
          </Link>
        ) : null}
      </PageHeader>
      <div className="filters" role="search" aria-label="Filter VPCs">
        <SearchField
          className="field"
          value={search}
          onChange={(value) => {
            set('q', value);
          }}
        >
          <Label>Search</Label>
          <Input placeholder="name, tenant, CIDR" />
        </SearchField>
        <SelectInput
          name="status"
          label="Status"
          value={status}
          onChange={(value) => {
            set('status', value);
          }}
          options={[ANY, 'Ready', 'Applying', 'Invalid', 'Degraded', 'Unknown'].map((s) => ({ id: s, label: s === ANY ? 'Any status' : s }))}
        />
        <SelectInput
          name="isolation"
          label="Isolation"
          value={isolation}
          onChange={(value) => {
            set('isolation', value);
          }}
          options={[{ id: ANY, label: 'Any isolation' }, ...isolations.map((i) => ({ id: i, label: i }))]}
        />
        <SelectInput
          name="tenant"
          label="Tenant"
          value={tenant}
          onChange={(value) => {
            set('tenant', value);
          }}
          options={[{ id: ANY, label: 'Any tenant' }, ...tenants.map((t) => ({ id: t, label: t }))]}
        />
      </div>
      {error === undefined ? null : <ErrorNote title="The VPCs could not be read">{error}</ErrorNote>}
      {loading ? (
        <Loading what="VPCs" />
      ) : shown.length === 0 ? (
        <Empty>{items.length === 0 ? 'No VPCs yet.' : 'No VPC matches these filters.'}</Empty>
      ) : (
        <TableFrame label="VPCs">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Tenant</th>
              <th scope="col">Status</th>
              <th scope="col">Isolation</th>
              <th scope="col">Subnets</th>
              <th scope="col">Switches</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((vpc) => {
              const namespace = vpc.metadata.namespace ?? 'default';
              return (
                <tr key={`${namespace}/${vpc.metadata.name}`}>
                  <td>
                    <Link to={`/vpcs/${namespace}/${vpc.metadata.name}`}>{vpc.metadata.name}</Link>
                    {namespace === 'default' ? null : <span className="muted"> · {namespace}</span>}
                  </td>
                  <td>{vpc.spec.tenant}</td>
                  <td>
                    <Badge summary={vpcState(vpc.status?.conditions)} />
                  </td>
                  <td>{vpc.status?.isolation ?? '—'}</td>
                  <td className="wrap">{Object.entries(vpc.spec.subnets).map(([name, s]) => `${name} ${s.cidr}`).join(', ')}</td>
                  <td className="wrap">{(vpc.status?.switches ?? []).join(', ') || '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </TableFrame>
      )}
    </>
  );
}
