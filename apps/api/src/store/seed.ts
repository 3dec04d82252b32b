/** The sample fabric and policy loaded into an empty database: wiring/lab.yaml and examples/lab. */
import { join, resolve } from 'node:path';
import type { RawDocument } from '#domain';
import { loadPaths } from '#loader';

/** The repository root, from dist/apps/api/src/store/. */
export const REPO_ROOT = resolve(import.meta.dirname, '..', '..', '..', '..', '..');

export async function sampleFabric(root = REPO_ROOT): Promise<readonly RawDocument[]> {
  const loaded = await loadPaths([join(root, 'wiring', 'lab.yaml'), join(root, 'examples', 'lab')], root);
  return loaded.docs;
}
