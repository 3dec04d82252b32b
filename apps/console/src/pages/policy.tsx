/** The isolation policy, for architects: rules in the order they are tried, and the VPCs each chose. */
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { policyRules, type FabricPolicy, type Vpc } from '#console-model';
import { POLICIES, VPCS } from '../api/documents';
import { useLiveList } from '../api/live';
import { Empty, ErrorNote, Loading, PageHeader, Section, TableFrame } from '../ui/page';

export function PolicyPage(): ReactNode {
  const policies = useLiveList<FabricPolicy>('FabricPolicy', POLICIES, 'fabricPolicies');
  const vpcs = useLiveList<Vpc>('VPC', VPCS, 'vpcs');
  return (
    <>
      <PageHeader title="Isolation policy" subtitle="The first rule that matches a VPC chooses how it is isolated; no match: the policy default." />
      {policies.error === undefined ? null : <ErrorNote title="The policy could not be read">{policies.error}</ErrorNote>}
      {policies.loading || vpcs.loading ? <Loading what="the policy" /> : null}
      {!policies.loading && policies.items.length === 0 ? <Empty>No FabricPolicy: every VPC gets the built-in default, evpn-l3vni.</Empty> : null}
      {(vpcs.loading ? [] : policies.items).map((policy) => (
        <Section key={policy.metadata.name} title={`FabricPolicy ${policy.metadata.name}`}>
          <TableFrame label={`Rules of ${policy.metadata.name}`}>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Rule</th>
                <th scope="col">Matches</th>
                <th scope="col">Method</th>
                <th scope="col">VPCs it chose</th>
              </tr>
            </thead>
            <tbody>
              {policyRules(policy, vpcs.items).map((rule) => (
                <tr key={rule.name}>
                  <td>{rule.position}</td>
                  <td>{rule.name}</td>
                  <td className="wrap">{rule.match}</td>
                  <td>{rule.method}</td>
                  <td className="wrap">
                    {rule.vpcs.length === 0 ? (
                      <span className="muted">none</span>
                    ) : (
                      rule.vpcs.map((key, index) => (
                        <span key={key}>
                          {index === 0 ? '' : ', '}
                          <Link to={`/vpcs/${key}`}>{key}</Link>
                        </span>
                      ))
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </TableFrame>
        </Section>
      ))}
    </>
  );
}
