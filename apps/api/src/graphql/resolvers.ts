/**
 * The root resolvers, written once for every kind from GRAPHQL_FIELD_NAMES, as thin as the REST
 * controllers: arguments are checked the way REST checks its query string, then the store (or the
 * token service) does the work with the same validation and permissions. Nested fields need no
 * resolvers: the store's objects already have the exact shape of the schema's types.
 */
import { findResourceDefinitionByKind } from '#api';
import { AUDIT_PAGE, GRAPHQL_FIELD_NAMES } from '#codegen';
import { decodeToken, encodeToken, keyOfObject, sortedObjects } from '../http/pagination.js';
import { namespaceParam } from '../rest/query.js';
import { AGENT_NAMESPACE, type FabricStore } from '../store/fabric-store.js';
import type { TokenService } from '../store/tokens.js';
import { StoreError, type Actor, type AuditEntry, type AuditQuery, type ListQuery, type ObjectKey, type ResourceObject, type WriteRequest, type WriteResult } from '../store/store.types.js';
import { connectionOf, keyedConnection, pageArguments, type Connection } from './connections.js';
import { storeEvents } from './events.js';

/** What the resolvers use of the store. */
export type GraphqlStore = Pick<FabricStore, 'list' | 'get' | 'apply' | 'audit' | 'agent' | 'listAgents' | 'reportStatus' | 'subscribe'>;

/** What createToken uses of the token service (absent when the service runs without one). */
export type TokenIssuer = Pick<TokenService, 'create'>;

/** The third resolver argument: who asks, through which request, and the services. */
export interface GraphqlContext {
  readonly actor: Actor;
  readonly requestId: string;
  readonly store: GraphqlStore;
  readonly tokens?: TokenIssuer;
}

export type Arguments = Readonly<Record<string, unknown>>;
export type RootResolver = (source: unknown, args: Arguments, context: GraphqlContext) => unknown;

export interface SubscriptionResolver {
  readonly subscribe: (source: unknown, args: Arguments, context: GraphqlContext) => AsyncIterable<unknown>;
  readonly resolve: (payload: unknown) => unknown;
}

export interface RootResolvers {
  readonly Query: Readonly<Record<string, RootResolver>>;
  readonly Mutation: Readonly<Record<string, RootResolver>>;
  readonly Subscription: Readonly<Record<string, SubscriptionResolver>>;
}

const MAX_FILTER_LENGTH = 253;

// ---- arguments ------------------------------------------------------------------------------

/** An optional string argument; GraphQL's explicit null means absent, as an omitted one. */
function optionalString(args: Arguments, name: string): string | undefined {
  const value = args[name];
  return typeof value === 'string' ? value : undefined;
}

function requiredString(args: Arguments, name: string): string {
  const value = optionalString(args, name);
  // the schema declares it String!, so graphql-js refuses the request before this
  if (value === undefined) throw new StoreError('invalid', `argument ${name} is required`);
  return value;
}

function namespaceArgument(args: Arguments): string | undefined {
  return namespaceParam(optionalString(args, 'namespace'));
}

function filterArgument(args: Arguments, name: string): string | undefined {
  const value = optionalString(args, name);
  if (value !== undefined && value.length > MAX_FILTER_LENGTH) throw new StoreError('invalid', `argument ${name} is longer than ${MAX_FILTER_LENGTH} characters`);
  return value;
}

function kindArgument(args: Arguments): string | undefined {
  const kind = filterArgument(args, 'kind');
  if (kind !== undefined && findResourceDefinitionByKind(kind) === undefined) throw new StoreError('invalid', `unknown kind ${kind}`);
  return kind;
}

function listQuery(args: Arguments): ListQuery {
  const namespace = namespaceArgument(args);
  return namespace === undefined ? {} : { namespace };
}

function objectKey(kind: string, args: Arguments): ObjectKey {
  const namespace = namespaceArgument(args);
  return { kind, name: requiredString(args, 'name'), ...(namespace === undefined ? {} : { namespace }) };
}

/** `input: {metadata, spec}` as the body REST would receive; null metadata fields are left out. */
function inputBody(args: Arguments): { metadata: Record<string, unknown>; spec: unknown } {
  const input = args.input as { metadata: Readonly<Record<string, unknown>>; spec: unknown };
  const metadata = Object.fromEntries(Object.entries(input.metadata).filter(([, value]) => value !== null && value !== undefined));
  return { metadata, spec: input.spec };
}

// ---- queries --------------------------------------------------------------------------------

/** A single object, or null when there is none (or the actor may not see it: the same answer). */
function orNull(read: () => ResourceObject): ResourceObject | null {
  try {
    return read();
  } catch (e) {
    if (e instanceof StoreError && e.code === 'not-found') return null;
    throw e;
  }
}

function resourceQueries(kind: string, list: string, single: string): Record<string, RootResolver> {
  return {
    [list]: (_source, args, { store, actor }): Connection<ResourceObject> => keyedConnection(store.list(kind, listQuery(args), actor), keyOfObject, pageArguments(args)),
    [single]: (_source, args, { store, actor }) => orNull(() => store.get(objectKey(kind, args), actor)),
  };
}

/** Agents are not stored objects: they are read as REST's /api/v1/agents reads them. */
function agentQueries(list: string, single: string): Record<string, RootResolver> {
  const inAgentNamespace = (args: Arguments): boolean => {
    const namespace = namespaceArgument(args);
    return namespace === undefined || namespace === AGENT_NAMESPACE;
  };
  return {
    [list]: (_source, args, { store, actor }): Connection<ResourceObject> => {
      const page = pageArguments(args);
      const agents = inAgentNamespace(args) ? sortedObjects(store.listAgents(actor)) : [];
      return keyedConnection(agents, keyOfObject, page);
    },
    [single]: (_source, args, { store, actor }) => (inAgentNamespace(args) ? orNull(() => store.agent(requiredString(args, 'name'), actor)) : null),
  };
}

/** An audit entry's cursor: its id, which only grows. */
function auditCursor(entry: AuditEntry): string {
  return encodeToken(['audit', entry.id]);
}

function auditAfter(args: Arguments): number | undefined {
  const after = optionalString(args, 'after');
  if (after === undefined) return undefined;
  const value = decodeToken(after, 'the cursor after');
  if (!Array.isArray(value) || value[0] !== 'audit' || typeof value[1] !== 'number' || !Number.isSafeInteger(value[1]) || value[1] < 0) {
    throw new StoreError('invalid', 'the cursor after is not valid: pass the value from the previous page unchanged');
  }
  return value[1];
}

/** Newest first, paged by id: one more entry than asked tells whether a next page exists. */
const audit: RootResolver = async (_source, args, { store, actor }): Promise<Connection<AuditEntry>> => {
  const first = pageArguments(args, AUDIT_PAGE.max).first ?? AUDIT_PAGE.default;
  const before = auditAfter(args);
  const filters: AuditQuery = {
    kind: kindArgument(args),
    namespace: namespaceArgument(args),
    name: filterArgument(args, 'name'),
    tenant: filterArgument(args, 'tenant'),
    actor: filterArgument(args, 'actor'),
    since: optionalString(args, 'since'),
    before,
    limit: first + 1,
  };
  const defined = Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined)) as AuditQuery;
  const entries = first === 0 ? [] : await store.audit(defined, actor);
  return connectionOf(entries.slice(0, first), auditCursor, { hasNextPage: entries.length > first, hasPreviousPage: before !== undefined });
};

// ---- mutations ------------------------------------------------------------------------------

function writeRequest(action: WriteRequest['action'], kind: string, args: Arguments, context: GraphqlContext): WriteRequest {
  return { action, kind, dryRun: args.dryRun === true, actor: context.actor, via: 'graphql', requestId: context.requestId };
}

/**
 * The store's WriteResult already has the shape of the schema's <Kind>WriteResult and
 * DeleteResult (object, plan, diagnostics, dryRun), so it is returned as it is.
 */
function resourceMutations(kind: string, names: { create: string; replace: string; delete: string }): Record<string, RootResolver> {
  return {
    [names.create]: (_source, args, context): Promise<WriteResult> => context.store.apply({ ...writeRequest('create', kind, args, context), body: inputBody(args) }),
    // the object is addressed by input.metadata, as REST's PUT addresses it by the URL
    [names.replace]: (_source, args, context): Promise<WriteResult> => {
      const body = inputBody(args);
      const { name, namespace } = body.metadata;
      const key: ObjectKey = { kind, name: typeof name === 'string' ? name : '', ...(typeof namespace === 'string' ? { namespace } : {}) };
      return context.store.apply({ ...writeRequest('replace', kind, args, context), key, body });
    },
    [names.delete]: (_source, args, context): Promise<WriteResult> => context.store.apply({ ...writeRequest('delete', kind, args, context), key: objectKey(kind, args) }),
  };
}

/** The Agent spec is compiled by Weft, so nobody writes it; an agent reports only its status. */
function agentMutations(): Record<string, RootResolver> {
  return {
    reportAgentStatus: (_source, args, { store, actor }) => store.reportStatus(requiredString(args, 'name'), args.status, actor),
  };
}

const createToken: RootResolver = async (_source, args, { tokens, actor }) => {
  if (tokens === undefined) throw new StoreError('unavailable', 'this service has no token store; tokens cannot be created');
  const { token, info } = await tokens.create(
    { name: args.name, role: args.role, tenant: args.tenant ?? undefined, switch: args.switch ?? undefined, expiresAt: args.expiresAt ?? undefined, ttlSeconds: args.ttlSeconds ?? undefined },
    actor,
  );
  return { token, ...info };
};

// ---- subscriptions --------------------------------------------------------------------------

const events: SubscriptionResolver = {
  subscribe: (_source, args, { store, actor }) => storeEvents(store, actor, kindArgument(args)),
  // each payload of the source stream is the ResourceEvent itself
  resolve: (payload) => payload,
};

// ---- all of them ----------------------------------------------------------------------------

export function rootResolvers(): RootResolvers {
  const query: Record<string, RootResolver> = { audit };
  const mutation: Record<string, RootResolver> = { createToken };
  for (const [kind, names] of Object.entries(GRAPHQL_FIELD_NAMES)) {
    const isAgent = kind === 'Agent';
    Object.assign(query, isAgent ? agentQueries(names.list, names.single) : resourceQueries(kind, names.list, names.single));
    Object.assign(mutation, isAgent ? agentMutations() : resourceMutations(kind, names));
  }
  return { Query: query, Mutation: mutation, Subscription: { events } };
}
