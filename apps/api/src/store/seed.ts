/** What an empty database is loaded with: the sample fabric (wiring/lab.yaml and examples/lab), or WEFT_SEED's files. */
import { join, resolve } from 'node:path';
import type { RawDocument } from '#domain';
import { loadPaths } from '#loader';

/** The repository root, from dist/apps/api/src/store/. */
export const REPO_ROOT = resolve(import.meta.dirname, '..', '..', '..', '..', '..');

export async function sampleFabric(root = REPO_ROOT): Promise<readonly RawDocument[]> {
  const loaded = await loadPaths([join(root, 'wiring', 'lab.yaml'), join(root, 'examples', 'lab')], root);
  return loaded.docs;
}

/** WEFT_SEED: the documents of these files and directories (a file that cannot be read stops the start). */
export async function seedFiles(paths: readonly string[]): Promise<readonly RawDocument[]> {
  const loaded = await loadPaths(paths.map((path) => resolve(path)));
  if (loaded.diagnostics.some((d) => d.severity === 'error')) {
    throw new Error(`WEFT_SEED: ${loaded.diagnostics.map((d) => `${d.path}: ${d.message}`).join('; ')}`);
  }
  return loaded.docs;
}
