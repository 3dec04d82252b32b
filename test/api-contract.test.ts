/**
 * The committed OpenAPI document as the ecosystem's own checkers see it: swagger-parser finds it
 * valid (OpenAPI 3.1, every $ref resolved), and Redocly's CLI with its recommended rules reports
 * no error and no warning (servers, license, a summary and a 4xx answer on every operation, tags
 * described, no unused components).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { REPO_ROOT } from '#testing';

const DOCUMENT = join(REPO_ROOT, 'api', 'openapi.json');

test('swagger-parser validates api/openapi.json', async () => {
  const api = await SwaggerParser.validate(DOCUMENT);
  assert.equal((api as { openapi?: string }).openapi, '3.1.0');
});

interface RedoclyReport {
  readonly totals: { readonly errors: number; readonly warnings: number; readonly ignored: number };
  readonly problems: readonly { readonly ruleId: string; readonly severity: string; readonly message: string; readonly location?: readonly { readonly pointer?: string }[] }[];
}

test("Redocly's recommended rules find nothing in api/openapi.json", () => {
  const cli = join(REPO_ROOT, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
  const run = spawnSync(process.execPath, [cli, 'lint', DOCUMENT, '--extends=recommended', '--format=json'], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } });
  const start = run.stdout.indexOf('{');
  assert.ok(start >= 0, `redocly printed no report (exit ${String(run.status)}): ${run.stderr.slice(0, 2000)}`);
  const report = JSON.parse(run.stdout.slice(start)) as RedoclyReport;
  const problems = report.problems.map((problem) => `${problem.severity} ${problem.ruleId} at ${problem.location?.[0]?.pointer ?? '?'}: ${problem.message}`);
  assert.deepEqual(problems, []);
  assert.deepEqual(report.totals, { errors: 0, warnings: 0, ignored: 0 });
  assert.equal(run.status, 0);
});
