/**
 * Compares what the generators produce now with what is committed, and says for each file
 * what is wrong and how to fix it. Pure: the caller reads the committed files.
 */
import { CRD_DIRECTORY, type GeneratedFile } from './files.js';

const FIX = 'run npm run generate';

/** 1-based number of the first line where the two texts differ; undefined when they are equal. */
export function firstDifferentLine(a: string, b: string): number | undefined {
  const left = a.split('\n');
  const right = b.split('\n');
  const length = Math.max(left.length, right.length);
  for (let index = 0; index < length; index += 1) {
    if (left[index] !== right[index]) return index + 1;
  }
  return undefined;
}

/**
 * `committed` maps repository paths to their content: every generated path that exists, and
 * every file in crds/. Returns one message per problem, sorted by path; empty when up to date.
 */
export function driftProblems(expected: readonly GeneratedFile[], committed: ReadonlyMap<string, string>): string[] {
  const problems: { path: string; message: string }[] = [];
  const expectedPaths = new Set(expected.map((file) => file.path));
  for (const file of expected) {
    const current = committed.get(file.path);
    if (current === undefined) {
      problems.push({ path: file.path, message: `${file.path} is missing: ${FIX}` });
      continue;
    }
    const line = firstDifferentLine(current, file.content);
    if (line !== undefined) problems.push({ path: file.path, message: `${file.path} is stale: ${FIX} (first difference at line ${line})` });
  }
  for (const path of committed.keys()) {
    if (path.startsWith(`${CRD_DIRECTORY}/`) && !expectedPaths.has(path)) {
      problems.push({ path, message: `${path} is not produced by any resource definition: ${FIX} (it removes the file)` });
    }
  }
  return problems.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map((problem) => problem.message);
}
