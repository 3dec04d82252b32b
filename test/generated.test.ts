/**
 * Generated files are committed; this fails when they differ from what the generators produce
 * from api/ now, or when crds/ holds a file no resource definition produces.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '#testing';
import { CRD_DIRECTORY, driftProblems, generatedFiles } from '../libs/codegen/index.js';

/** Every generated path that exists, and every file in crds/, with its committed content. */
function committedFiles(paths: readonly string[]): Map<string, string> {
  const crdDirectory = join(REPO_ROOT, CRD_DIRECTORY);
  const crdPaths = existsSync(crdDirectory) ? readdirSync(crdDirectory).map((name) => `${CRD_DIRECTORY}/${name}`) : [];
  const committed = new Map<string, string>();
  for (const path of [...new Set([...paths, ...crdPaths])].sort()) {
    const absolute = join(REPO_ROOT, path);
    if (existsSync(absolute)) committed.set(path, readFileSync(absolute, 'utf8'));
  }
  return committed;
}

test('committed crds/ and api/openapi.json are what npm run generate produces from api/', () => {
  const expected = generatedFiles();
  const problems = driftProblems(expected, committedFiles(expected.map((file) => file.path)));
  if (problems.length > 0) assert.fail(problems.join('\n'));
});
