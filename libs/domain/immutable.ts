/**
 * Fields an object keeps for life. A VPC's tenant is one: its numbers, audit and access follow
 * the tenant, so moving a VPC to another tenant is a new VPC. The CRD says the same in CEL
 * (`self == oldSelf`), so REST, GraphQL and kubectl refuse the same change with the same words.
 */
import { DIAGNOSTIC_CODES, objectPath, type Diagnostic } from './diagnostics.js';
import { refOf, type AnyResource } from './resources.js';

export const VPC_TENANT_IMMUTABLE = 'the tenant of a VPC cannot change: create a new VPC for the other tenant';

/** What a replace of `before` by `after` (same kind and name) changes that may not change. */
export function immutableFieldChanges(before: AnyResource, after: AnyResource): Diagnostic[] {
  if (before.kind !== 'VPC' || after.kind !== 'VPC' || before.spec.tenant === after.spec.tenant) return [];
  return [
    {
      code: DIAGNOSTIC_CODES.IMMUTABLE_FIELD,
      severity: 'error',
      path: objectPath(refOf(after), 'spec.tenant'),
      message: `${VPC_TENANT_IMMUTABLE} (it is ${JSON.stringify(before.spec.tenant)}, the request says ${JSON.stringify(after.spec.tenant)})`,
    },
  ];
}
