// A sample fabric compiled as `weft compile -f ...` would: wiring and example files of the repo,
// each folder's YAML files in name order. For tests that read compiled devices (weft inspect).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compile, type CompileResult } from '#compiler';
import { groupResources, parseDocuments, type AnyResource } from '#domain';
import { parseFileText } from '#loader';
import { REPO_ROOT } from './tools.js';

/** The resources of `paths` (files or folders, relative to the repository). */
export function sampleResources(...paths: readonly string[]): AnyResource[] {
  const files = paths.flatMap((path) =>
    statSync(join(REPO_ROOT, path)).isDirectory()
      ? readdirSync(join(REPO_ROOT, path))
          .filter((f) => f.endsWith('.yaml'))
          .sort()
          .map((f) => `${path}/${f}`)
      : [path],
  );
  const parsed = parseDocuments(files.flatMap((file) => parseFileText(readFileSync(join(REPO_ROOT, file), 'utf8'), file).docs));
  if (parsed.diagnostics.length > 0) throw new Error(`the samples do not parse: ${parsed.diagnostics.map((d) => d.message).join('; ')}`);
  return parsed.resources;
}

/** The compiled fabric of `resources`; throws on an error diagnostic. */
export function compileSamples(resources: readonly AnyResource[]): CompileResult {
  const result = compile(groupResources(resources));
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`the samples do not compile: ${errors.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  return result;
}
