/** The Query and Mutation field names of each kind (`vpcs`, `vpc`, `createVpc`...), shared by the schema and the resolvers. */

import { RESOURCE_DEFINITIONS, type ResourceDefinition } from '#api';
import { restCollection } from './openapi.js';

/** The Query and Mutation field names of one kind, so resolvers can be written once for all. */
export interface GraphqlFieldNames {
  readonly list: string;
  readonly single: string;
  readonly create: string;
  readonly replace: string;
  readonly delete: string;
}

export function graphqlFieldNames(definition: ResourceDefinition): GraphqlFieldNames {
  const { kind } = definition;
  return {
    list: kebabToCamel(restCollection(kind)),
    single: lowerCamel(kind),
    create: `create${kind}`,
    replace: `replace${kind}`,
    delete: `delete${kind}`,
  };
}

/** Kind -> its Query and Mutation field names, e.g. VPCAttachment -> vpcAttachments, vpcAttachment, createVPCAttachment. */
export const GRAPHQL_FIELD_NAMES: Readonly<Record<string, GraphqlFieldNames>> = Object.fromEntries(
  RESOURCE_DEFINITIONS.map((definition) => [definition.kind, graphqlFieldNames(definition)]),
);

function kebabToCamel(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/** `VPCAttachment` -> `vpcAttachment`, `VPC` -> `vpc`, `FabricPolicy` -> `fabricPolicy`. */
function lowerCamel(pascal: string): string {
  const acronym = /^([A-Z]+)([A-Z][a-z].*)$/.exec(pascal);
  if (acronym !== null) return `${(acronym[1] ?? '').toLowerCase()}${acronym[2] ?? ''}`;
  if (/^[A-Z]+$/.test(pascal)) return pascal.toLowerCase();
  return `${pascal.charAt(0).toLowerCase()}${pascal.slice(1)}`;
}

/** `a VPC`, `an External`. */
export function withArticle(kind: string): string {
  return /^[AEIOU]/.test(kind) ? `an ${kind}` : `a ${kind}`;
}

export function upperFirst(name: string): string {
  return `${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}

/** The type name of one item of a list field: `...Links` -> `...Link`, `...Policies` -> `...Policy`. */
export function singular(name: string): string {
  if (name.endsWith('ies')) return `${name.slice(0, -3)}y`;
  if (name.endsWith('s') && !name.endsWith('ss') && !name.endsWith('us')) return name.slice(0, -1);
  return `${name}Item`;
}
