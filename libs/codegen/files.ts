/**
 * Everything generated from api/ (the one source of truth): CRDs, the OpenAPI document and the
 * GraphQL schema, as file contents keyed by their path in the repository. scripts/generate.ts
 * writes them, test/generated.test.ts compares them with what is committed.
 */
import { RESOURCE_DEFINITIONS, type ResourceDefinition } from '#api';
import { crdName, renderCrd } from './crd.js';
import { renderGraphqlSchema } from './graphql.js';
import { renderOpenApi } from './openapi.js';

export const CRD_DIRECTORY = 'crds';
export const OPENAPI_FILE = 'api/openapi.json';
export const GRAPHQL_FILE = 'api/schema.graphql';

export interface GeneratedFile {
  /** relative to the repository root, `/`-separated */
  readonly path: string;
  readonly content: string;
}

export function crdFile(definition: ResourceDefinition): string {
  return `${CRD_DIRECTORY}/${crdName(definition)}.yaml`;
}

/** Every generated file, sorted by path. */
export function generatedFiles(definitions: readonly ResourceDefinition[] = RESOURCE_DEFINITIONS): readonly GeneratedFile[] {
  const files: GeneratedFile[] = definitions.map((definition) => ({ path: crdFile(definition), content: renderCrd(definition) }));
  files.push({ path: OPENAPI_FILE, content: renderOpenApi(definitions) });
  files.push({ path: GRAPHQL_FILE, content: renderGraphqlSchema(definitions) });
  const paths = files.map((file) => file.path);
  const duplicate = paths.find((path, index) => paths.indexOf(path) !== index);
  if (duplicate !== undefined) throw new Error(`two resource definitions generate ${duplicate}`);
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
