// `npm run test:mutation [-- libs|service|tooling|<folders of a scope>] [--force|--cached|--own-tests]`: mutation testing with StrykerJS (see
// docs/adr/0020-mutation-testing.md). Each scope mutates its TypeScript in a sandbox, builds it
// with tsc, and runs the compiled node:test files that cover each mutant (scripts/mutation-runner.mjs).
// Results are kept per scope in .cache/mutation/ (incremental mode), so a re-run after a small
// change only runs the mutants it touches; --force runs everything again. Ctrl-C keeps what was
// done. Ends with the score per folder, and exits 1 when a scope is under its threshold.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Stryker } from '@stryker-mutator/core';
import { cachedResults, handToScope, seedFromScope } from './mutation-cache.mjs';

const THRESHOLD = 85;

/** The cross-cutting test files that run the pure libraries the way users meet them. */
const END_TO_END = [
  'dist/test/samples.test.js',
  'dist/test/golden/golden.test.js',
  // the real validators on the renderers' output; compiled.test.js (every device of the lab
  // through every validator, ~30 s) and large-fabric.test.js are left to the ordinary suite
  'dist/test/conformance/frr.test.js',
  'dist/test/conformance/sonic.test.js',
  'dist/test/conformance/vyos.test.js',
];

/** The pure libraries, as eslint.config.mjs lists them (PURE_LIBS): `libs/<name>/**\/*.ts`. */
function pureLibs() {
  const config = readFileSync('eslint.config.mjs', 'utf8');
  const list = /const PURE_LIBS = \[([^\]]*)\]/.exec(config)?.[1] ?? '';
  const names = [...list.matchAll(/'libs\/([a-z0-9-]+)\/\*\*\/\*\.ts'/g)].map((m) => m[1]);
  if (names.length === 0) throw new Error('no libs/ entry found in PURE_LIBS of eslint.config.mjs');
  return names;
}

/**
 * The scopes, each its own Stryker run: what is mutated and which test files may kill it.
 * `libs` is the pure core as eslint.config.mjs defines it (PURE_LIBS); `service` the service's
 * tenancy and allocation rules; `tooling` the generators and the file loader (not run unless
 * named: the generated files are held byte for byte by test/generated.test.ts).
 */
const SCOPES = {
  libs: {
    title: 'libs/ (the pure core)',
    folders: pureLibs().map((name) => `libs/${name}`),
    testFiles: [...pureLibs().map((name) => `dist/libs/${name}/*.test.js`), ...END_TO_END],
    byDefault: true,
  },
  service: {
    title: "the service's tenancy and allocation rules",
    files: ['apps/api/src/access/access-policy.ts', 'apps/api/src/access/switch-view.ts', 'apps/api/src/store/agent-rules.ts'],
    testFiles: [
      'dist/apps/api/test/tenancy.test.js',
      'dist/apps/api/test/tenant-boundaries.test.js',
      'dist/apps/api/test/agents.test.js',
      'dist/apps/api/test/graphql.test.js',
      // the rules one by one, without a server (apps/api/test/unit/access-policy.test.ts and others)
      'dist/apps/api/test/unit/*.test.js',
    ],
    byDefault: true,
    // one PostgreSQL server for every run of the scope: each test file makes its own databases
    // on it (apps/api/test/support/postgres.ts) instead of starting a server of its own
    postgres: true,
  },
  tooling: {
    title: 'libs/codegen and libs/loader (generators and the file loader)',
    folders: ['libs/codegen', 'libs/loader'],
    testFiles: ['dist/libs/codegen/*.test.js', 'dist/test/generated.test.js', 'dist/test/cli.test.js', 'dist/libs/compiler/allocation.test.js'],
    byDefault: false,
  },
};

/** The files of a scope, as Stryker's `mutate` patterns. */
function mutatePatterns(scope) {
  return scope.files ?? scope.folders.flatMap((folder) => [`${folder}/**/*.ts`, `!${folder}/**/*.test.ts`]);
}

/** The row a mutated file is counted under: its folder, or the file itself. */
function rowOf(scope, file) {
  return scope.files === undefined ? (scope.folders.find((folder) => file.startsWith(`${folder}/`)) ?? file) : file;
}

/**
 * One folder of a scope (`libs/compiler`), or one file of a scope that lists files, as a scope
 * of its own: only its code is mutated, all of the scope's test files may kill it, and its
 * results are kept apart (`.cache/mutation/libs-compiler.incremental.json`), so a cold run
 * (hours here for `libs`) can be done a part at a time.
 */
function folderScope(folder) {
  const parent = Object.entries(SCOPES).find(([, scope]) => scope.folders?.includes(folder) || scope.files?.includes(folder));
  if (parent === undefined) return undefined;
  const [parentName, scope] = parent;
  const part = scope.files === undefined ? { folders: [folder] } : { files: [folder] };
  return { ...scope, title: `${folder} (part of ${parentName})`, ...part, parent: parentName };
}

const args = process.argv.slice(2);
const force = args.includes('--force');
const named = args.filter((a) => !a.startsWith('--')).map((a) => a.replace(/\/+$/, ''));
/**
 * Scopes named whole, then the folders (or files) of one scope named together, which run as one
 * part (one build, one initial test run): `-- libs/allocator libs/render-frr` is the part
 * `libs/allocator+libs/render-frr`, with its results kept under that name and handed to `libs`.
 */
const chosen = named.filter((name) => name in SCOPES);
const parts = new Map();
for (const name of named.filter((n) => !(n in SCOPES))) {
  const scope = folderScope(name);
  if (scope === undefined) {
    const folders = Object.values(SCOPES).flatMap((s) => s.folders ?? s.files ?? []);
    console.error(`unknown scope ${name}; the scopes are ${Object.keys(SCOPES).join(', ')}, or one of their folders or files: ${folders.join(', ')}`);
    process.exit(2);
  }
  const part = parts.get(scope.parent);
  if (part === undefined) parts.set(scope.parent, scope);
  else if (part.folders !== undefined) parts.set(scope.parent, { ...part, folders: [...part.folders, name] });
  else parts.set(scope.parent, { ...part, files: [...part.files, name] });
}
/**
 * --own-tests: a part's mutants against the test files of its own folders only (minutes instead
 * of the scope's hours): a lower bound of its score, to find survivors while writing tests. Its
 * results are kept apart (`libs-lab.own-tests.incremental.json`) and never handed to the scope,
 * whose runs also count the other folders' and the end-to-end tests.
 */
const ownTests = args.includes('--own-tests');
if (ownTests && (parts.size === 0 || [...parts.values()].some((part) => part.folders === undefined))) {
  console.error('--own-tests needs folders of libs/ (their tests sit beside them): `npm run test:mutation -- libs/lab --own-tests`');
  process.exit(2);
}
for (const part of parts.values()) {
  const name = (part.folders ?? part.files).join('+') + (ownTests ? '.own-tests' : '');
  const listed = (part.folders ?? part.files).join(', ');
  SCOPES[name] = ownTests
    ? { ...part, parent: undefined, title: `${listed} (its own tests only: a lower bound)`, testFiles: part.folders.map((folder) => `dist/${folder}/*.test.js`) }
    : { ...part, title: `${listed} (part of ${part.parent})` };
  chosen.push(name);
}
/** A scope's name as a file name: `libs/compiler` -> `libs-compiler`, `libs/a+libs/b` -> `libs-a+libs-b`. */
const fileName = (name) => name.replaceAll('/', '-');
const scopes = chosen.length > 0 ? chosen : Object.keys(SCOPES).filter((name) => SCOPES[name].byDefault);

// The sandbox lives in .stryker-tmp/, so ../shared (the conformance tools) is not beside it.
const shared = resolve('..', 'shared');
if (process.env.WEFT_SHARED_DIR === undefined && existsSync(shared)) process.env.WEFT_SHARED_DIR = shared;

mkdirSync('.cache/mutation', { recursive: true });
// seeded walks run their first seed only in a mutation run (test/support/walks.ts, ADR 24)
process.env.WEFT_MUTATION_RUN = '1';

const incrementalFile = (name) => `.cache/mutation/${fileName(name)}.incremental.json`;
/** Whether a source file (relative path) is mutated by a scope. */
const inScopeOf = (scope) => (path) => (scope.files ?? scope.folders.map((folder) => `${folder}/`)).some((prefix) => path === prefix || path.startsWith(prefix));

/** Drops results of files outside the scope from its incremental file (after a scope change). */
function pruneIncremental(name) {
  const file = incrementalFile(name);
  if (!existsSync(file)) return;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const inScope = inScopeOf(SCOPES[name]);
  const kept = Object.fromEntries(Object.entries(report.files ?? {}).filter(([path]) => inScope(path)));
  if (Object.keys(kept).length !== Object.keys(report.files ?? {}).length) writeFileSync(file, JSON.stringify({ ...report, files: kept }));
}

function options(name) {
  const scope = SCOPES[name];
  return {
    testRunner: 'weft-node-test',
    appendPlugins: [resolve('scripts/mutation-runner.mjs')],
    tap: { testFiles: scope.testFiles, nodeArgs: ['--test-reporter=tap'] },
    mutate: mutatePatterns(scope),
    // instrumented sources are built like the real ones; tests run on dist/ as in `npm test`
    buildCommand: 'tsc -p tsconfig.json',
    // dist/ is copied (and rebuilt): its test files are what incremental mode compares between runs
    ignorePatterns: ['.weft', 'out', 'reports', '.cache', '*.tsbuildinfo'],
    coverageAnalysis: 'perTest',
    concurrency: Number(process.env.WEFT_MUTATION_CONCURRENCY ?? 2),
    // the runner stops endless loops by the CPU they use (and Stryker's hit limit by the times
    // the mutant runs); this wall-clock limit is a backstop, so that a busy machine never turns
    // a slow run into a "detected" mutant
    timeoutMS: 600_000,
    // the first run of every test file with coverage: the service's files take minutes on a busy
    // machine (Stryker's default of 5 minutes stopped them half-way)
    dryRunTimeoutMinutes: 45,
    incremental: true,
    incrementalFile: incrementalFile(name),
    force,
    reporters: ['progress-append-only', 'clear-text', 'html', 'json', 'weft-survivors'],
    clearTextReporter: { reportMutants: false, reportTests: false, allowEmojis: false },
    htmlReporter: { fileName: `reports/mutation/${fileName(name)}.html` },
    jsonReporter: { fileName: `reports/mutation/${fileName(name)}.json` },
    thresholds: { high: 90, low: THRESHOLD, break: null },
    tempDirName: '.stryker-tmp',
    cleanTempDir: 'always',
  };
}

/** A PostgreSQL server for the test files of a scope, in a temporary directory. */
async function startPostgres() {
  const { startEmbeddedPostgres } = await import(pathToFileURL(resolve('dist/apps/api/src/database/embedded-postgres.js')).href);
  const dir = mkdtempSync(join(tmpdir(), 'weft-mutation-pg-'));
  const server = await startEmbeddedPostgres(dir);
  process.env.WEFT_TEST_POSTGRES_URL = server.url;
  const stop = async () => {
    delete process.env.WEFT_TEST_POSTGRES_URL;
    await server.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  // Ctrl-C: Stryker saves its results and exits; embedded-postgres stops the server on exit
  const removeOnExit = () => rmSync(dir, { recursive: true, force: true });
  process.on('exit', removeOnExit);
  return {
    async stop() {
      process.off('exit', removeOnExit);
      await stop();
    },
  };
}

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

function tally(results, scope) {
  const rows = new Map();
  for (const r of results) {
    const file = relative(process.cwd(), r.fileName).split(sep).join('/');
    const key = rowOf(scope, file);
    const row = rows.get(key) ?? { killed: 0, survived: 0, noCoverage: 0 };
    if (DETECTED.has(r.status)) row.killed += 1;
    else if (r.status === 'NoCoverage') row.noCoverage += 1;
    else if (UNDETECTED.has(r.status)) row.survived += 1;
    rows.set(key, row);
  }
  return rows;
}

const score = (row) => {
  const valid = row.killed + row.survived + row.noCoverage;
  return valid === 0 ? 100 : (100 * row.killed) / valid;
};

function printTable(title, rows) {
  const total = { killed: 0, survived: 0, noCoverage: 0 };
  const width = Math.max(8, ...[...rows.keys()].map((k) => k.length));
  const line = (name, row) =>
    `  ${name.padEnd(width)}  ${score(row).toFixed(1).padStart(6)}%  ${String(row.killed).padStart(6)} killed  ${String(row.survived).padStart(5)} survived  ${String(row.noCoverage).padStart(5)} no coverage`;
  console.log(`\nmutation score, ${title}:`);
  for (const [name, row] of [...rows].sort(([a], [b]) => a.localeCompare(b))) {
    console.log(line(name, row));
    total.killed += row.killed;
    total.survived += row.survived;
    total.noCoverage += row.noCoverage;
  }
  console.log(line('total', total));
  return score(total);
}

// --cached: the tables of what is kept, without running anything (a run stopped half-way, or a
// scope measured a part at a time); what a folder has no results for is named
if (args.includes('--cached')) {
  for (const name of scopes) {
    const scope = SCOPES[name];
    const rows = tally(cachedResults(incrementalFile(name)), scope);
    printTable(`${scope.title}, from the results kept in ${incrementalFile(name)} (not a run)`, rows);
    const missing = (scope.folders ?? scope.files).filter((part) => !rows.has(part));
    if (missing.length > 0) console.log(`  no results yet: ${missing.join(', ')}`);
  }
  console.log('\na run stopped half-way keeps the mutants no test covers (known when it starts) and the ones it tested; the others are not counted');
  process.exit(0);
}

const summaries = [];
for (const name of scopes) {
  const started = Date.now();
  pruneIncremental(name);
  const { parent } = SCOPES[name];
  // a folder starts from what its scope's file knows about it (ADR 22)
  if (parent !== undefined) seedFromScope(incrementalFile(name), incrementalFile(parent), inScopeOf(SCOPES[name]));
  process.env.WEFT_MUTATION_TIMES = resolve(`.cache/mutation/${fileName(name)}.test-times.json`);
  mkdirSync('reports/mutation', { recursive: true });
  process.env.WEFT_MUTATION_SURVIVORS = resolve(`reports/mutation/${fileName(name)}.survivors.txt`);
  const server = SCOPES[name].postgres === true ? await startPostgres() : undefined;
  let results;
  try {
    results = await new Stryker(options(name)).runMutationTest();
  } finally {
    await server?.stop();
  }
  // ... and hands its results back, so that the scope's next run re-uses them
  if (parent !== undefined) handToScope(incrementalFile(name), incrementalFile(parent), inScopeOf(SCOPES[name]));
  const seconds = Math.round((Date.now() - started) / 1000);
  summaries.push({ name, results, seconds });
}

let failed = false;
for (const { name, results, seconds } of summaries) {
  const scope = SCOPES[name];
  const total = printTable(`${scope.title} (${results.length} mutants, ${seconds} s)`, tally(results, scope));
  if (total < THRESHOLD) {
    console.log(`  ${name}: ${total.toFixed(1)}% is under ${THRESHOLD}%`);
    failed = true;
  }
}
// After folder runs: the whole scope as its file now stands, each folder from its latest run
for (const parent of new Set(summaries.map(({ name }) => SCOPES[name].parent).filter((p) => p !== undefined))) {
  const scope = SCOPES[parent];
  const rows = tally(cachedResults(incrementalFile(parent)), scope);
  const missing = (scope.folders ?? scope.files).filter((part) => !rows.has(part));
  printTable(`${scope.title}, from the results kept in ${incrementalFile(parent)} (not a run; \`npm run test:mutation -- ${parent}\` confirms it)`, rows);
  if (missing.length > 0) console.log(`  no results yet: ${missing.join(', ')}`);
}
console.log('\nsurvivors: reports/mutation/<scope>.survivors.txt, .html and .json');
process.exitCode = failed ? 1 : 0;
