/** Peer two VPCs (all subnets, or the permitted pairs), with the plan first. */
import { useState, type ReactNode } from 'react';
import { Form } from 'react-aria-components';
import { Link, useNavigate, useParams } from 'react-router';
import { peeringBody, peeringFieldOf, peeringFormOf, placeDiagnostics, type PeeringForm, type Vpc, type VpcPeering } from '#console-model';
import { PEERINGS, VPCS } from '../api/documents';
import { useLiveList } from '../api/live';
import { useWriteFlow } from '../api/write';
import { SelectInput, TextInput } from '../ui/fields';
import { ErrorNote, Loading, PageHeader } from '../ui/page';
import { ProblemNote, WritePanel } from '../ui/write-panel';

export function PeeringEditPage(): ReactNode {
  const { namespace = 'default', name, peering } = useParams();
  const peerings = useLiveList<VpcPeering>('VPCPeering', PEERINGS, 'vpcPeerings', peering === undefined);
  const existing = peering === undefined ? undefined : peerings.items.find((p) => p.metadata.name === peering && (p.metadata.namespace ?? 'default') === namespace);
  if (peering !== undefined && existing === undefined) {
    return peerings.loading ? <Loading what="the peering" /> : <ErrorNote title="No such peering">{`${namespace}/${peering}`} does not exist or this token cannot see it.</ErrorNote>;
  }
  const initial: PeeringForm = existing === undefined ? { namespace, name: '', vpcA: name ?? '', vpcB: '', permit: '' } : peeringFormOf(existing);
  return <PeeringFormPage initial={initial} editing={existing !== undefined} />;
}

function PeeringFormPage({ initial, editing }: { readonly initial: PeeringForm; readonly editing: boolean }): ReactNode {
  const navigate = useNavigate();
  const vpcs = useLiveList<Vpc>('VPC', VPCS, 'vpcs');
  const [form, setForm] = useState<PeeringForm>(initial);
  const flow = useWriteFlow(editing ? 'replace' : 'create', 'VPCPeering');
  const placed = placeDiagnostics(flow.problem?.diagnostics ?? [], peeringFieldOf);
  const update = (change: Partial<PeeringForm>): void => {
    setForm((current) => ({ ...current, ...change }));
    flow.reset();
  };
  const options = vpcs.items.filter((v) => (v.metadata.namespace ?? 'default') === form.namespace).map((v) => ({ id: v.metadata.name, label: v.metadata.name }));
  const back = `/vpcs/${form.namespace}/${initial.vpcA === '' ? form.vpcA : initial.vpcA}`;
  const title = editing ? `Edit peering ${form.name}` : 'Peer two VPCs';
  const review = (event: { preventDefault(): void }): void => {
    event.preventDefault();
    void flow.review(peeringBody(form));
  };
  const save = (): void => {
    void flow.save(peeringBody(form)).then((result) => {
      if (result !== undefined) void navigate(back);
    });
  };
  return (
    <>
      <PageHeader title={title} subtitle="Peered VPCs reach each other's permitted subnets; VPCs without a peering never do." />
      <ProblemNote flow={flow} general={placed.general} what="peering" />
      <Form className="form" onSubmit={review} validationErrors={placed.fields} validationBehavior="aria" aria-label={title}>
        <fieldset className="grid">
          <legend>Peering</legend>
          <TextInput name="name" label="Name" value={form.name} onChange={(value) => { update({ name: value }); }} isReadOnly={editing} isRequired description="e.g. red--blue" />
          <SelectInput name="vpcA" label="First VPC" value={form.vpcA} onChange={(value) => { update({ vpcA: value }); }} options={options} isRequired />
          <SelectInput name="vpcB" label="Second VPC" value={form.vpcB} onChange={(value) => { update({ vpcB: value }); }} options={options} isRequired />
          <TextInput
            name="permit"
            label="Permitted subnet pairs"
            value={form.permit}
            onChange={(value) => { update({ permit: value }); }}
            multiline
            className="wide"
            description="One pair per line, e.g. red/web blue/db. Empty: every subnet of both."
          />
        </fieldset>
        <WritePanel flow={flow} what="peering" onSave={save} saveLabel={editing ? 'Save peering' : 'Create peering'} />
      </Form>
      <p>
        <Link to={back}>Cancel</Link>
      </p>
    </>
  );
}
