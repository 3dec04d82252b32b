/** Create or edit a VPC: its subnets, then a dry run showing what changes where, then save. */
import { useEffect, useState, type ReactNode } from 'react';
import { Button, Form } from 'react-aria-components';
import { Link, useNavigate, useParams } from 'react-router';
import { EMPTY_SUBNET, emptyVpcForm, placeDiagnostics, vpcBody, vpcFieldOf, vpcFormOf, type SubnetRow, type Vpc, type VpcForm } from '#console-model';
import { VPCS } from '../api/documents';
import { useLiveList } from '../api/live';
import { useWriteFlow } from '../api/write';
import { useSession } from '../session/context';
import { TextInput } from '../ui/fields';
import { ErrorNote, Loading, PageHeader } from '../ui/page';
import { ProblemNote, WritePanel } from '../ui/write-panel';

export function VpcEditPage(): ReactNode {
  const { namespace, name } = useParams();
  const editing = name !== undefined;
  const { items, loading } = useLiveList<Vpc>('VPC', VPCS, 'vpcs', !editing);
  const existing = editing ? items.find((v) => v.metadata.name === name && (v.metadata.namespace ?? 'default') === namespace) : undefined;
  if (editing && existing === undefined) {
    return loading ? <Loading what="the VPC" /> : <ErrorNote title="No such VPC">{`${namespace ?? ''}/${name}`} does not exist or this token cannot see it.</ErrorNote>;
  }
  return <VpcFormPage key={existing === undefined ? 'new' : `${existing.metadata.namespace ?? 'default'}/${existing.metadata.name}`} existing={existing} />;
}

function VpcFormPage({ existing }: { readonly existing: Vpc | undefined }): ReactNode {
  const { can } = useSession();
  const navigate = useNavigate();
  const [form, setForm] = useState<VpcForm>(() => (existing === undefined ? emptyVpcForm(can.tenant ?? '') : vpcFormOf(existing)));
  const flow = useWriteFlow(existing === undefined ? 'create' : 'replace', 'VPC');
  const placed = placeDiagnostics(flow.problem?.diagnostics ?? [], vpcFieldOf(form));
  const title = existing === undefined ? 'New VPC' : `Edit VPC ${existing.metadata.name}`;
  useEffect(() => {
    if (existing?.metadata.owner === 'kubernetes') void navigate(`/vpcs/${existing.metadata.namespace ?? 'default'}/${existing.metadata.name}`);
  }, [existing, navigate]);
  const update = (change: Partial<VpcForm>): void => {
    setForm((current) => ({ ...current, ...change }));
    flow.reset();
  };
  const updateSubnet = (index: number, change: Partial<SubnetRow>): void => {
    update({ subnets: form.subnets.map((row, i) => (i === index ? { ...row, ...change } : row)) });
  };
  const review = (event: { preventDefault(): void }): void => {
    event.preventDefault();
    void flow.review(vpcBody(form));
  };
  const save = (): void => {
    void flow.save(vpcBody(form)).then((result) => {
      if (result !== undefined) void navigate(`/vpcs/${result.object?.metadata.namespace ?? form.namespace}/${result.object?.metadata.name ?? form.name}`);
    });
  };
  return (
    <>
      <PageHeader title={title} subtitle="Name the subnets; the fabric policy chooses VLAN or EVPN and allocates every number." />
      <ProblemNote flow={flow} general={placed.general} what="VPC" />
      <Form className="form" onSubmit={review} validationErrors={placed.fields} validationBehavior="aria" aria-label={title}>
        <fieldset className="grid">
          <legend>VPC</legend>
          <TextInput name="name" label="Name" value={form.name} onChange={(value) => { update({ name: value }); }} isReadOnly={existing !== undefined} isRequired description="Lower-case letters, digits and -" />
          <TextInput name="namespace" label="Namespace" value={form.namespace} onChange={(value) => { update({ namespace: value }); }} isReadOnly={existing !== undefined} />
          <TextInput name="tenant" label="Tenant" value={form.tenant} onChange={(value) => { update({ tenant: value }); }} isReadOnly={can.tenant !== undefined} isRequired />
          <TextInput name="description" label="Description" value={form.description} onChange={(value) => { update({ description: value }); }} className="wide" />
        </fieldset>
        <fieldset className="subnets">
          <legend>Subnets</legend>
          {placed.fields.subnets === undefined ? null : (
            <p className="field-error" role="alert">
              {placed.fields.subnets.join(' ')}
            </p>
          )}
          {form.subnets.map((row, index) => (
            <div className="subnet-row" key={index} role="group" aria-label={`Subnet ${index + 1}${row.name === '' ? '' : ` (${row.name})`}`}>
              <TextInput name={`subnets.${index}.name`} label="Subnet name" value={row.name} onChange={(value) => { updateSubnet(index, { name: value }); }} isRequired />
              <TextInput name={`subnets.${index}.cidr`} label="CIDR" value={row.cidr} onChange={(value) => { updateSubnet(index, { cidr: value }); }} placeholder="10.77.0.0/24" isRequired />
              <TextInput name={`subnets.${index}.gateway`} label="Gateway" value={row.gateway} onChange={(value) => { updateSubnet(index, { gateway: value }); }} description="Default: the first host" />
              <TextInput name={`subnets.${index}.dhcpStart`} label="DHCP start" value={row.dhcpStart} onChange={(value) => { updateSubnet(index, { dhcpStart: value }); }} />
              <TextInput name={`subnets.${index}.dhcpEnd`} label="DHCP end" value={row.dhcpEnd} onChange={(value) => { updateSubnet(index, { dhcpEnd: value }); }} />
              <Button
                className="button quiet remove"
                isDisabled={form.subnets.length === 1}
                aria-label={`Remove subnet ${row.name === '' ? index + 1 : row.name}`}
                onPress={() => {
                  update({ subnets: form.subnets.filter((_, i) => i !== index) });
                }}
              >
                Remove
              </Button>
            </div>
          ))}
          <Button
            className="button"
            onPress={() => {
              update({ subnets: [...form.subnets, { ...EMPTY_SUBNET }] });
            }}
          >
            Add subnet
          </Button>
        </fieldset>
        <WritePanel flow={flow} what="VPC" onSave={save} saveLabel={existing === undefined ? 'Create VPC' : 'Save VPC'} />
      </Form>
      <p>
        <Link to={existing === undefined ? '/vpcs' : `/vpcs/${existing.metadata.namespace ?? 'default'}/${existing.metadata.name}`}>Cancel</Link>
      </p>
    </>
  );
}
