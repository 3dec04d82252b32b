/**
 * Generators for what is derived from api/: Kubernetes CRDs (crds/), the OpenAPI document
 * (api/openapi.json) and the GraphQL schema (api/schema.graphql). Pure functions returning text;
 * scripts/generate.ts does the writing.
 */
export * from './kubernetes-schema.js';
export * from './crd.js';
export * from './openapi.js';
export * from './graphql.js';
export * from './files.js';
export * from './drift.js';
