/** Attach a server connection to a VPC subnet (or change an attachment), with the plan first. */
import { useState, type ReactNode } from 'react';
import { Form } from 'react-aria-components';
import { Link, useNavigate, useParams } from 'react-router';
import { attachmentBody, attachmentFieldOf, attachmentFormOf, placeDiagnostics, type AttachmentForm, type Connection, type Vpc, type VpcAttachment } from '#console-model';
import { ATTACHMENTS, CONNECTIONS, VPCS } from '../api/documents';
import { useLiveList } from '../api/live';
import { useWriteFlow } from '../api/write';
import { CheckboxInput, SelectInput, TextInput } from '../ui/fields';
import { ErrorNote, Loading, PageHeader } from '../ui/page';
import { ProblemNote, WritePanel } from '../ui/write-panel';

export function AttachmentEditPage(): ReactNode {
  const { namespace = 'default', name, attachment } = useParams();
  const attachments = useLiveList<VpcAttachment>('VPCAttachment', ATTACHMENTS, 'vpcAttachments', attachment === undefined);
  const existing = attachment === undefined ? undefined : attachments.items.find((a) => a.metadata.name === attachment && (a.metadata.namespace ?? 'default') === namespace);
  if (attachment !== undefined && existing === undefined) {
    return attachments.loading ? <Loading what="the attachment" /> : <ErrorNote title="No such attachment">{`${namespace}/${attachment}`} does not exist or this token cannot see it.</ErrorNote>;
  }
  const initial: AttachmentForm = existing === undefined ? { namespace, name: '', subnet: name === undefined ? '' : `${name}/`, connection: '', nativeVLAN: false } : attachmentFormOf(existing);
  return <AttachmentFormPage initial={initial} editing={existing !== undefined} />;
}

function AttachmentFormPage({ initial, editing }: { readonly initial: AttachmentForm; readonly editing: boolean }): ReactNode {
  const navigate = useNavigate();
  const vpcs = useLiveList<Vpc>('VPC', VPCS, 'vpcs');
  const connections = useLiveList<Connection>('Connection', CONNECTIONS, 'connections');
  const [form, setForm] = useState<AttachmentForm>(() => ({ ...initial, subnet: initial.subnet.endsWith('/') ? '' : initial.subnet }));
  const vpcName = initial.subnet.split('/')[0] ?? '';
  const flow = useWriteFlow(editing ? 'replace' : 'create', 'VPCAttachment');
  const placed = placeDiagnostics(flow.problem?.diagnostics ?? [], attachmentFieldOf);
  const update = (change: Partial<AttachmentForm>): void => {
    setForm((current) => ({ ...current, ...change }));
    flow.reset();
  };
  const subnets = vpcs.items
    .filter((v) => (v.metadata.namespace ?? 'default') === form.namespace)
    .flatMap((v) => Object.keys(v.spec.subnets).map((s) => `${v.metadata.name}/${s}`))
    .map((id) => ({ id, label: id }));
  const serverConnections = connections.items.filter((c) => [c.spec?.unbundled, c.spec?.bundled, c.spec?.eslag].some((kind) => kind !== undefined && kind !== null));
  const back = `/vpcs/${form.namespace}/${form.subnet.split('/')[0] ?? vpcName}`;
  const title = editing ? `Edit attachment ${form.name}` : 'Attach a server';
  const review = (event: { preventDefault(): void }): void => {
    event.preventDefault();
    void flow.review(attachmentBody(form));
  };
  const save = (): void => {
    void flow.save(attachmentBody(form)).then((result) => {
      if (result !== undefined) void navigate(back);
    });
  };
  return (
    <>
      <PageHeader title={title} subtitle="A server's connection joins a subnet; the plan shows the switch ports and VLANs it takes." />
      <ProblemNote flow={flow} general={placed.general} what="attachment" />
      <Form className="form" onSubmit={review} validationErrors={placed.fields} validationBehavior="aria" aria-label={title}>
        <fieldset className="grid">
          <legend>Attachment</legend>
          <TextInput name="name" label="Name" value={form.name} onChange={(value) => { update({ name: value }); }} isReadOnly={editing} isRequired description="e.g. server1-red-web" />
          <SelectInput name="subnet" label="Subnet" value={form.subnet} onChange={(value) => { update({ subnet: value }); }} options={subnets} isRequired description="<vpc>/<subnet>" />
          <TextInput name="connection" label="Connection" value={form.connection} onChange={(value) => { update({ connection: value }); }} list="server-connections" isRequired description="The server's cable, e.g. server1--leaf1" />
          <datalist id="server-connections">
            {serverConnections.map((c) => (
              <option key={c.metadata.name} value={c.metadata.name} />
            ))}
          </datalist>
          <CheckboxInput name="nativeVLAN" label="Untagged (native VLAN)" value={form.nativeVLAN} onChange={(value) => { update({ nativeVLAN: value }); }} description="The server port carries this subnet untagged." />
        </fieldset>
        <WritePanel flow={flow} what="attachment" onSave={save} saveLabel={editing ? 'Save attachment' : 'Attach'} />
      </Form>
      <p>
        <Link to={back}>Cancel</Link>
      </p>
    </>
  );
}
