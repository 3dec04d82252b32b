// The incremental files of `npm run test:mutation` shared between a scope and its folders
// (docs/adr/0022-mutation-runs-a-folder-at-a-time.md): a folder run starts from what the whole
// scope's file knows about the folder, and hands its results back to it, so that `libs` run a
// folder at a time ends with a `libs` file that re-uses every folder's results.
//
// Stryker's incremental files are mutation-testing-report-schema reports whose test ids are
// only unique within one report; tests are known across reports by file and name (Stryker's own
// identity for tests without a location). A test file that both reports hold with different
// sources is taken from the newer report only: what the older report's mutants say about its
// tests is dropped, so Stryker runs them again instead of trusting a result from other tests.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';

const read = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined);

/**
 * `newer`'s results for the source files `inPart` accepts, and `older`'s for the rest, with the
 * test files of both; the frame (schema version, config) is `newer`'s.
 */
export function mergeReports(older, newer, inPart) {
  const testFiles = {};
  /** per report: its test id -> the merged report's test id */
  const ids = [new Map(), new Map()];
  let next = 0;
  const reports = [older, newer];
  const byFile = new Map();
  for (const [index, report] of reports.entries()) {
    for (const [file, testFile] of Object.entries(report.testFiles ?? {})) {
      const kept = byFile.get(file);
      // a newer source replaces the older one; the same source adds the tests the older lacked
      if (kept === undefined || kept.source !== testFile.source) byFile.set(file, { source: testFile.source, tests: new Map(), from: index });
      const entry = byFile.get(file);
      for (const test of testFile.tests) {
        if (!entry.tests.has(test.name)) entry.tests.set(test.name, { ...test, id: String(next++) });
      }
    }
  }
  for (const [index, report] of reports.entries()) {
    for (const [file, testFile] of Object.entries(report.testFiles ?? {})) {
      const entry = byFile.get(file);
      if (entry.source !== testFile.source) continue;
      for (const test of testFile.tests) ids[index].set(test.id, entry.tests.get(test.name).id);
    }
  }
  for (const [file, entry] of byFile) testFiles[file] = { source: entry.source, tests: [...entry.tests.values()] };

  const remap = (index, list) => (list === undefined ? undefined : list.map((id) => ids[index].get(id)).filter((id) => id !== undefined));
  const files = {};
  for (const [index, report] of reports.entries()) {
    for (const [path, file] of Object.entries(report.files ?? {})) {
      if (inPart(path) !== (index === 1)) continue;
      files[path] = { ...file, mutants: file.mutants.map((m) => ({ ...m, coveredBy: remap(index, m.coveredBy), killedBy: remap(index, m.killedBy) })) };
    }
  }
  return { ...newer, files, testFiles };
}

/** Before a folder run: the folder's file gets what the scope's file knows, when that is newer. */
export function seedFromScope(folderFile, scopeFile, inFolder) {
  const scope = read(scopeFile);
  if (scope === undefined) return;
  const folder = read(folderFile);
  if (folder !== undefined && statSync(folderFile).mtimeMs >= statSync(scopeFile).mtimeMs) return;
  writeFileSync(folderFile, JSON.stringify(folder === undefined ? onlyPart(scope, inFolder) : onlyPart(mergeReports(folder, scope, inFolder), inFolder)));
}

/** After a folder run: the scope's file takes the folder's results. */
export function handToScope(folderFile, scopeFile, inFolder) {
  const folder = read(folderFile);
  if (folder === undefined) return;
  const scope = read(scopeFile);
  writeFileSync(scopeFile, JSON.stringify(scope === undefined ? folder : mergeReports(scope, folder, inFolder)));
}

function onlyPart(report, inPart) {
  return { ...report, files: Object.fromEntries(Object.entries(report.files ?? {}).filter(([path]) => inPart(path))) };
}

/**
 * The results a scope's file holds, as Stryker's mutant results for the table (absolute file
 * names): what the folders run so far say about the scope, without running anything.
 */
export function cachedResults(scopeFile) {
  const report = read(scopeFile);
  if (report === undefined) return [];
  return Object.entries(report.files ?? {}).flatMap(([path, file]) => file.mutants.map((m) => ({ ...m, fileName: path })));
}
