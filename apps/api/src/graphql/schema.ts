/**
 * The executable schema: api/schema.graphql as generated from api/ (never written by hand here),
 * with the scalars' behaviour and the root resolvers attached. Every root field must have a
 * resolver and every resolver a field, so a regenerated schema that gains or loses an operation
 * stops the service at start instead of answering with nulls.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { assertValidSchema, buildSchema, isObjectType, isScalarType, type GraphQLObjectType, type GraphQLScalarType, type GraphQLSchema } from 'graphql';
import { OWNER_ANNOTATION } from '../store/store.types.js';
import { rootResolvers, type RootResolver, type RootResolvers, type SubscriptionResolver } from './resolvers.js';
import { installScalars } from './scalars.js';

/** dist/apps/api/src/graphql/ -> the repository root, where api/schema.graphql is committed. */
export const GRAPHQL_SCHEMA_PATH = resolve(import.meta.dirname, '../../../../../api/schema.graphql');

export function loadGraphqlSchema(path: string = GRAPHQL_SCHEMA_PATH, resolvers: RootResolvers = rootResolvers()): GraphQLSchema {
  let sdl: string;
  try {
    sdl = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`cannot read the GraphQL schema ${path} (run npm run generate): ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  return executableSchema(sdl, resolvers);
}

export function executableSchema(sdl: string, resolvers: RootResolvers): GraphQLSchema {
  const schema = buildSchema(sdl);
  assertValidSchema(schema);
  installScalars(scalar(schema, 'JSON'), scalar(schema, 'DateTime'));
  resolveOwner(schema);
  attach(rootType(schema.getQueryType(), 'Query'), resolvers.Query, (field, resolver) => (field.resolve = resolver));
  attach(rootType(schema.getMutationType(), 'Mutation'), resolvers.Mutation, (field, resolver) => (field.resolve = resolver));
  attach(rootType(schema.getSubscriptionType(), 'Subscription'), resolvers.Subscription, (field, resolver: SubscriptionResolver) => {
    field.subscribe = resolver.subscribe;
    field.resolve = resolver.resolve;
  });
  return schema;
}

/** `metadata.owner` in GraphQL: the store keeps it as the `weft.dev/owner` annotation. */
function resolveOwner(schema: GraphQLSchema): void {
  const meta = schema.getType('ObjectMeta');
  if (!isObjectType(meta)) throw new Error('the GraphQL schema has no ObjectMeta type');
  const field = meta.getFields().owner;
  if (field === undefined) throw new Error('the GraphQL schema has no ObjectMeta.owner');
  field.resolve = (metadata: { annotations?: Readonly<Record<string, string>> }) => metadata.annotations?.[OWNER_ANNOTATION] ?? null;
}

function scalar(schema: GraphQLSchema, name: string): GraphQLScalarType {
  const type = schema.getType(name);
  if (!isScalarType(type)) throw new Error(`the GraphQL schema has no scalar ${name}`);
  return type;
}

function rootType(type: GraphQLObjectType | null | undefined, name: string): GraphQLObjectType {
  if (type === null || type === undefined) throw new Error(`the GraphQL schema has no ${name} type`);
  return type;
}

type Field = ReturnType<GraphQLObjectType['getFields']>[string];

function attach<Resolver extends RootResolver | SubscriptionResolver>(type: GraphQLObjectType, resolvers: Readonly<Record<string, Resolver>>, install: (field: Field, resolver: Resolver) => void): void {
  const fields = type.getFields();
  const unresolved = Object.keys(fields).filter((name) => !Object.hasOwn(resolvers, name));
  const unknown = Object.keys(resolvers).filter((name) => !Object.hasOwn(fields, name));
  if (unresolved.length > 0 || unknown.length > 0) {
    const problems = [
      ...(unresolved.length === 0 ? [] : [`fields without a resolver: ${unresolved.sort().join(', ')}`]),
      ...(unknown.length === 0 ? [] : [`resolvers without a field: ${unknown.sort().join(', ')}`]),
    ];
    throw new Error(`the GraphQL schema and the resolvers of ${type.name} disagree (${problems.join('; ')}); regenerate api/schema.graphql or fix apps/api/src/graphql/resolvers.ts`);
  }
  for (const [name, field] of Object.entries(fields)) {
    const resolver = resolvers[name];
    if (resolver !== undefined) install(field, resolver);
  }
}
