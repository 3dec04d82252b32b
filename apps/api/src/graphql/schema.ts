/**
 * The schema's source and its resolvers: api/schema.graphql as generated from api/ (never written
 * by hand here) is what @nestjs/graphql builds the schema from; the resolver map holds the
 * scalars and the root resolvers of every kind. Every root field must have a resolver and every
 * resolver a field, so a regenerated schema that gains or loses an operation stops the service at
 * start instead of answering with nulls.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { GraphQLObjectType, GraphQLSchema } from 'graphql';
import { OWNER_ANNOTATION } from '../store/store.types.js';
import { rootResolvers, type RootResolvers } from './resolvers.js';
import { DATE_TIME_SCALAR, JSON_SCALAR } from './scalars.js';

/** dist/apps/api/src/graphql/ -> the repository root, where api/schema.graphql is committed. */
export const GRAPHQL_SCHEMA_PATH = resolve(import.meta.dirname, '../../../../../api/schema.graphql');

/** The schema file, which must exist: the service does not start on an empty schema. */
export function graphqlSchemaPath(path: string = GRAPHQL_SCHEMA_PATH): string {
  if (!existsSync(path)) throw new Error(`cannot read the GraphQL schema ${path} (run npm run generate)`);
  return path;
}

/**
 * The resolver map for @nestjs/graphql: the scalars, `metadata.owner` (the store keeps it as the
 * `weft.dev/owner` annotation), then Query, Mutation and Subscription.
 */
export function graphqlResolvers(resolvers: RootResolvers = rootResolvers()): Record<string, unknown> {
  return { JSON: JSON_SCALAR, DateTime: DATE_TIME_SCALAR, ObjectMeta: { owner: objectOwner }, ...resolvers };
}

function objectOwner(metadata: { readonly annotations?: Readonly<Record<string, string>> }): string | null {
  return metadata.annotations?.[OWNER_ANNOTATION] ?? null;
}

/** Throws unless the root fields of the built schema and the root resolvers match one to one. */
export function checkRootResolvers(schema: GraphQLSchema, resolvers: RootResolvers = rootResolvers()): GraphQLSchema {
  const problems = [
    ...mismatch(schema.getQueryType(), 'Query', resolvers.Query),
    ...mismatch(schema.getMutationType(), 'Mutation', resolvers.Mutation),
    ...mismatch(schema.getSubscriptionType(), 'Subscription', resolvers.Subscription),
  ];
  if (problems.length > 0) {
    throw new Error(`the GraphQL schema and the resolvers disagree (${problems.join('; ')}); regenerate api/schema.graphql or fix apps/api/src/graphql/resolvers.ts`);
  }
  return schema;
}

function mismatch(type: GraphQLObjectType | null | undefined, name: string, resolvers: Readonly<Record<string, unknown>>): string[] {
  if (type === null || type === undefined) return [`the schema has no ${name} type`];
  const fields = type.getFields();
  const unresolved = Object.keys(fields).filter((field) => !Object.hasOwn(resolvers, field)).sort();
  const unknown = Object.keys(resolvers).filter((field) => !Object.hasOwn(fields, field)).sort();
  return [
    ...(unresolved.length === 0 ? [] : [`${name} fields without a resolver: ${unresolved.join(', ')}`]),
    ...(unknown.length === 0 ? [] : [`${name} resolvers without a field: ${unknown.join(', ')}`]),
  ];
}
