/** The types every schema has whatever the kinds: scalars, connections and pages, write reports, tokens, audit, plans. */

import { TOKEN_ROLES } from './openapi.js';
import type { GraphqlArgument, GraphqlField, GraphqlType } from './graphql-sdl.js';

export const SCALARS: readonly GraphqlType[] = [
  {
    keyword: 'scalar',
    name: 'JSON',
    description: 'Any JSON value, kept as is: maps such as VPC spec.subnets, labels, CONFIG_DB tables, input specs',
  },
  { keyword: 'scalar', name: 'DateTime', description: 'An RFC 3339 date and time as a string, e.g. 2025-01-31T12:00:00Z' },
];

export const WRITE_REPORT_FIELDS: readonly GraphqlField[] = [
  { name: 'plan', type: '[DevicePlan!]!', description: 'what changes (dry run: would change), device by device' },
  { name: 'diagnostics', type: '[Diagnostic!]!', description: 'warnings that did not block the write' },
  { name: 'dryRun', type: 'Boolean!', description: 'true when nothing was saved' },
];

/**
 * A Relay cursor connection of `node` items: edges with opaque cursors, the nodes alone (for
 * clients that do not need cursors), pageInfo and, where the items can be counted, totalCount.
 */
export function connectionTypes(node: string, items: string, counted: boolean): GraphqlType[] {
  return [
    {
      keyword: 'type',
      name: `${node}Connection`,
      description: `A page of ${items}: first items after the cursor after, in a stable order; a cursor stays valid while items are added or removed`,
      fields: [
        { name: 'edges', type: `[${node}Edge!]!` },
        { name: 'nodes', type: `[${node}!]!`, description: 'the items of the edges, without their cursors' },
        { name: 'pageInfo', type: 'PageInfo!' },
        ...(counted ? [{ name: 'totalCount', type: 'Int!', description: `every ${items.replace(/s$/, '')} the token may read, on every page` }] : []),
      ],
    },
    {
      keyword: 'type',
      name: `${node}Edge`,
      fields: [
        { name: 'cursor', type: 'String!', description: 'opaque: pass it as after to read on from here' },
        { name: 'node', type: `${node}!` },
      ],
    },
  ];
}

/** The arguments of a connection field: first items after a cursor. */
export const PAGE_ARGUMENTS: readonly GraphqlArgument[] = [
  { name: 'first', type: 'Int' },
  { name: 'after', type: 'String' },
];

export function supportTypes(): GraphqlType[] {
  return [
    {
      keyword: 'input',
      name: 'ObjectMetaInput',
      description: 'What a writer sets in metadata; uid, resourceVersion, generation and creationTimestamp come from the store',
      fields: [
        { name: 'name', type: 'String!' },
        { name: 'namespace', type: 'String', description: 'namespaced kinds only; default: default' },
        { name: 'labels', type: 'JSON', description: 'label name -> value' },
        { name: 'annotations', type: 'JSON', description: 'annotation name -> value' },
      ],
    },
    {
      keyword: 'type',
      name: 'Diagnostic',
      description: 'One problem: a stable code, the object (and field) it is about, and what to do',
      fields: [
        { name: 'code', type: 'String!', description: 'a stable code such as WF103' },
        { name: 'severity', type: 'String!', description: 'error or warning' },
        { name: 'path', type: 'String!', description: 'the object and field, e.g. VPC default/blue spec.subnets.web.cidr' },
        { name: 'message', type: 'String!' },
        { name: 'hint', type: 'String' },
      ],
    },
    {
      keyword: 'type',
      name: 'DevicePlan',
      description: 'The files of one device that a change adds, removes or changes',
      fields: [
        { name: 'device', type: 'String!' },
        { name: 'files', type: '[FilePlan!]!' },
      ],
    },
    {
      keyword: 'type',
      name: 'FilePlan',
      fields: [
        { name: 'file', type: 'String!', description: 'e.g. config_db.json, frr.conf' },
        { name: 'change', type: 'String!', description: 'added, removed or changed' },
        { name: 'lines', type: '[String!]!', description: '"+ line", "- line", "~ TABLE|key field: old -> new"' },
      ],
    },
    {
      keyword: 'type',
      name: 'DeleteResult',
      description: 'The outcome of a delete: what it changes on the devices',
      fields: WRITE_REPORT_FIELDS,
    },
    {
      keyword: 'type',
      name: 'AuditEntry',
      description: 'One change, by whom, through which interface and when',
      fields: [
        { name: 'id', type: 'Int!', description: 'increases with every entry' },
        { name: 'at', type: 'DateTime!' },
        { name: 'actor', type: 'String!', description: 'the token name, or system' },
        { name: 'role', type: 'String!', description: `${TOKEN_ROLES.join(', ')} or system` },
        { name: 'tenant', type: 'String', description: 'the tenant the actor acts for' },
        { name: 'via', type: 'String!', description: 'rest, graphql, kubernetes, system or agent' },
        { name: 'requestId', type: 'String' },
        { name: 'action', type: 'String!', description: 'create, replace, delete, seed, token or status' },
        { name: 'kind', type: 'String!' },
        { name: 'namespace', type: 'String' },
        { name: 'name', type: 'String!' },
        { name: 'before', type: 'JSON', description: 'the object before the change' },
        { name: 'after', type: 'JSON', description: 'the object after the change' },
        { name: 'plan', type: '[DevicePlan!]', description: 'what the change did on the devices' },
      ],
    },
    {
      keyword: 'type',
      name: 'TokenResult',
      description: 'A new token; the secret is shown once, in this answer only',
      fields: [
        { name: 'token', type: 'String!', description: 'the secret, for Authorization: Bearer <token>' },
        { name: 'name', type: 'String!' },
        { name: 'role', type: 'String!', description: TOKEN_ROLES.join(', ') },
        { name: 'tenant', type: 'String' },
        { name: 'switch', type: 'String' },
        { name: 'expiresAt', type: 'DateTime', description: 'when the token stops working; absent: never' },
      ],
    },
    {
      keyword: 'type',
      name: 'PageInfo',
      description: 'Where a page of a connection stands (Relay cursor connections): ask for the next page with after: endCursor',
      fields: [
        { name: 'hasNextPage', type: 'Boolean!', description: 'more items follow endCursor' },
        { name: 'hasPreviousPage', type: 'Boolean!', description: 'items come before startCursor' },
        { name: 'startCursor', type: 'String', description: 'the cursor of the first edge; null for an empty page' },
        { name: 'endCursor', type: 'String', description: 'the cursor of the last edge; null for an empty page' },
      ],
    },
    ...connectionTypes('AuditEntry', 'audit entries', false),
    {
      keyword: 'type',
      name: 'ResourceEvent',
      description: 'A change the store announces',
      fields: [
        { name: 'type', type: 'String!', description: 'ADDED, MODIFIED or DELETED' },
        { name: 'kind', type: 'String!' },
        { name: 'object', type: 'JSON!', description: 'the object after the change (DELETED: the last state), as in REST' },
      ],
    },
  ];
}
