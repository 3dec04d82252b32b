/**
 * The contract between the transports (REST, GraphQL, console, agents) and the fabric store.
 * Transports parse and authorise; the store validates, compiles, allocates, persists and audits.
 */
import type { DevicePlan } from '#compiler';
import type { Diagnostic } from '#domain';

export type Role = 'architect' | 'tenant' | 'viewer' | 'agent';

/** Who is acting, from the token. */
export interface Actor {
  /** token name, or `system` */
  readonly name: string;
  readonly role: Role;
  /** for role tenant */
  readonly tenant?: string;
  /** for role agent */
  readonly switch?: string;
  /** when the token stops working (RFC 3339); absent: never */
  readonly expiresAt?: string;
}

export type Interface = 'rest' | 'graphql' | 'kubernetes' | 'system' | 'agent';

/** Why a request failed; each transport maps the code to its own status (HTTP, GraphQL). */
export type StoreErrorCode = 'invalid' | 'unauthenticated' | 'forbidden' | 'not-found' | 'conflict' | 'unavailable' | 'too-many-requests';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    readonly diagnostics: readonly Diagnostic[] = [],
    /** for too-many-requests and unavailable: when to try again, in seconds (Retry-After) */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

/**
 * Who may change an object, `api` or `kubernetes`: an annotation the store sets on every object
 * it shows (a field of its own in metadata would make kubectl refuse the object).
 */
export const OWNER_ANNOTATION = 'weft.dev/owner';

/** A resource as users see it: exactly the YAML/JSON object, with metadata filled by the store. */
export interface ResourceObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
    readonly uid: string;
    readonly resourceVersion: string;
    readonly generation: number;
    readonly creationTimestamp: string;
  };
  readonly spec: unknown;
  readonly status?: unknown;
}

export interface ObjectKey {
  readonly kind: string;
  /** namespaced kinds; `default` when absent */
  readonly namespace?: string;
  readonly name: string;
}

export type WriteAction = 'create' | 'replace' | 'delete';

export interface WriteRequest {
  readonly action: WriteAction;
  readonly kind: string;
  /** create and replace: the object as sent (validated by the store) */
  readonly body?: unknown;
  /** replace and delete: the object addressed by the URL (replace checks it matches the body) */
  readonly key?: ObjectKey;
  readonly dryRun?: boolean;
  readonly actor: Actor;
  readonly via: Interface;
  /** request id, for the audit log */
  readonly requestId?: string;
}

export interface WriteResult {
  /** the object after the write (absent for delete) */
  readonly object?: ResourceObject;
  /** what would change (dryRun) or changed, on which device */
  readonly plan: readonly DevicePlan[];
  /** warnings that did not block the write */
  readonly diagnostics: readonly Diagnostic[];
  readonly dryRun: boolean;
}

export interface ListQuery {
  readonly namespace?: string;
  readonly labelSelector?: Readonly<Record<string, string>>;
  readonly limit?: number;
}

export interface AuditQuery {
  readonly kind?: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly tenant?: string;
  readonly actor?: string;
  readonly since?: string;
  readonly limit?: number;
  readonly before?: number;
}

export interface AuditEntry {
  readonly id: number;
  readonly at: string;
  readonly actor: string;
  readonly role: Role | 'system';
  readonly tenant?: string;
  readonly via: Interface;
  readonly requestId?: string;
  readonly action: WriteAction | 'seed' | 'token' | 'status';
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly before?: unknown;
  readonly after?: unknown;
  readonly plan?: readonly DevicePlan[];
}

/** A change the store announces (for SSE and GraphQL subscriptions). */
export interface StoreEvent {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly object: ResourceObject;
}
