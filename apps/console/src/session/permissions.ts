/**
 * What each role sees and may do in the console. The service enforces the same (a tenant's write
 * to another tenant is refused there too); the console only hides what would be refused.
 */
import type { Identity } from '#console-model';

export interface Permissions {
  /** create, edit and delete VPCs, attachments and peerings */
  readonly write: boolean;
  /** the fabric drawing, switches and agents */
  readonly fabric: boolean;
  /** the isolation policy and the wiring */
  readonly policy: boolean;
  /** the VPC form fixes the tenant to this one */
  readonly tenant?: string;
}

export function permissionsOf(identity: Identity): Permissions {
  switch (identity.role) {
    case 'architect':
      return { write: true, fabric: true, policy: true };
    case 'tenant':
      return { write: true, fabric: false, policy: false, ...(identity.tenant === undefined ? {} : { tenant: identity.tenant }) };
    case 'viewer':
      return { write: false, fabric: true, policy: false };
    case 'agent':
      return { write: false, fabric: false, policy: false };
  }
}
