/**
 * `npm run generate`: writes crds/<plural>.<group>.yaml for every resource definition and
 * api/openapi.json, and removes CRD files no definition produces any more. Files whose content
 * did not change are left untouched.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CRD_DIRECTORY, generatedFiles } from '../libs/codegen/index.js';

// Compiled to dist/scripts/, so the repository is two levels up.
const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

function writeIfChanged(path: string, content: string): boolean {
  const absolute = join(REPO_ROOT, path);
  if (existsSync(absolute) && readFileSync(absolute, 'utf8') === content) return false;
  mkdirSync(dirname(absolute), { recursive: true });
  writeFileSync(absolute, content);
  return true;
}

function removeStaleCrds(written: ReadonlySet<string>): string[] {
  const directory = join(REPO_ROOT, CRD_DIRECTORY);
  const stale = readdirSync(directory)
    .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
    .map((name) => `${CRD_DIRECTORY}/${name}`)
    .filter((path) => !written.has(path))
    .sort();
  for (const path of stale) rmSync(join(REPO_ROOT, path));
  return stale;
}

function main(): void {
  const files = generatedFiles();
  let changed = 0;
  for (const file of files) {
    if (writeIfChanged(file.path, file.content)) {
      console.log(`wrote ${file.path}`);
      changed += 1;
    }
  }
  const removed = removeStaleCrds(new Set(files.map((file) => file.path)));
  for (const path of removed) console.log(`removed ${path} (no resource definition produces it)`);
  console.log(`${files.length} generated files, ${changed} changed, ${removed.length} removed`);
}

main();
