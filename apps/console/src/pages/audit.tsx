/** The audit log: every accepted change, newest first, with its plan; filtered by kind, name, tenant, actor. */
import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { Button, Form } from 'react-aria-components';
import { useQuery } from 'urql';
import type { DevicePlan } from '#console-model';
import { AUDIT } from '../api/documents';
import { useEvents } from '../api/live';
import { useSession } from '../session/context';
import { SelectInput, TextInput } from '../ui/fields';
import { Empty, ErrorNote, Loading, PageHeader, TableFrame, formatTime } from '../ui/page';
import { PlanView } from '../ui/plan';

interface AuditEntry {
  readonly id: number;
  readonly at: string;
  readonly actor: string;
  readonly role: string;
  readonly tenant?: string | null;
  readonly via: string;
  readonly action: string;
  readonly kind: string;
  readonly namespace?: string | null;
  readonly name: string;
  readonly plan?: readonly DevicePlan[] | null;
}

const KINDS = ['VPC', 'VPCAttachment', 'VPCPeering', 'External', 'ExternalAttachment', 'ExternalPeering', 'Switch', 'Server', 'Connection', 'FabricPolicy', 'ConfigTemplate'];

interface Filters {
  readonly kind: string;
  readonly name: string;
  readonly tenant: string;
  readonly actor: string;
}

const NONE: Filters = { kind: '', name: '', tenant: '', actor: '' };

export function AuditPage(): ReactNode {
  const { identity } = useSession();
  const [draft, setDraft] = useState<Filters>(NONE);
  const [applied, setApplied] = useState<Filters>(NONE);
  const variables = useMemo(() => {
    const out: Record<string, unknown> = { first: 100 };
    for (const [key, value] of Object.entries(applied) as [string, string][]) if (value.trim() !== '') out[key] = value.trim();
    return out;
  }, [applied]);
  const [result, refetch] = useQuery<{ audit: { nodes: AuditEntry[] } }>({ query: AUDIT, variables });
  // every accepted write may add an entry: read the page again when something changes
  const onEvent = useCallback(() => {
    refetch({ requestPolicy: 'network-only' });
  }, [refetch]);
  useEvents(undefined, onEvent);
  const entries = result.data?.audit.nodes ?? [];
  const submit = (event: { preventDefault(): void }): void => {
    event.preventDefault();
    setApplied(draft);
  };
  return (
    <>
      <PageHeader title="Audit log" subtitle={identity.role === 'tenant' ? `Changes to tenant ${identity.tenant ?? ''}'s objects, newest first` : 'Every accepted change, newest first'} />
      <Form className="filters" onSubmit={submit} aria-label="Filter the audit log">
        <SelectInput name="kind" label="Kind" value={draft.kind === '' ? 'any' : draft.kind} onChange={(value) => { setDraft({ ...draft, kind: value === 'any' ? '' : value }); }} options={[{ id: 'any', label: 'Any kind' }, ...KINDS.map((k) => ({ id: k, label: k }))]} />
        <TextInput name="name" label="Object name" value={draft.name} onChange={(value) => { setDraft({ ...draft, name: value }); }} />
        {identity.role === 'tenant' ? null : <TextInput name="tenant" label="Tenant" value={draft.tenant} onChange={(value) => { setDraft({ ...draft, tenant: value }); }} />}
        <TextInput name="actor" label="Actor (token name)" value={draft.actor} onChange={(value) => { setDraft({ ...draft, actor: value }); }} />
        <div className="filter-actions">
          <Button type="submit" className="button primary">
            Apply filters
          </Button>
          <Button
            className="button quiet"
            onPress={() => {
              setDraft(NONE);
              setApplied(NONE);
            }}
          >
            Clear
          </Button>
        </div>
      </Form>
      {result.error === undefined ? null : <ErrorNote title="The audit log could not be read">{result.error.graphQLErrors[0]?.message ?? result.error.message}</ErrorNote>}
      {result.fetching && result.data === undefined ? (
        <Loading what="the audit log" />
      ) : entries.length === 0 ? (
        <Empty>No entries match.</Empty>
      ) : (
        <TableFrame label="Audit entries">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Object</th>
              <th scope="col">Plan</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td>{formatTime(entry.at)}</td>
                <td>
                  {entry.actor} <span className="muted">({entry.role} via {entry.via})</span>
                </td>
                <td>{entry.action}</td>
                <td className="wrap">
                  {entry.kind} {entry.namespace === undefined || entry.namespace === null ? '' : `${entry.namespace}/`}
                  {entry.name}
                  {entry.tenant === undefined || entry.tenant === null ? null : <span className="muted"> · {entry.tenant}</span>}
                </td>
                <td>
                  {entry.plan === undefined || entry.plan === null || entry.plan.length === 0 ? (
                    <span className="muted">no device change</span>
                  ) : (
                    <details>
                      <summary>{entry.plan.map((d) => d.device).join(', ')}</summary>
                      <PlanView plan={entry.plan} title={`Plan of entry ${entry.id}`} />
                    </details>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </TableFrame>
      )}
    </>
  );
}
