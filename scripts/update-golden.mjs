// Rewrites every golden case's expected/ directory from the current compiler, then shows what
// changed. Review the diff as you would a change to the switches: it is one.
//   node scripts/update-golden.mjs
import { spawnSync } from 'node:child_process';

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// tsc emits even when some file has type errors; the golden run below is what must succeed.
spawnSync('npx', ['tsc', '-p', '.'], { stdio: 'inherit' });
run(process.execPath, ['scripts/run-tests.mjs', 'test/golden/golden.test'], { ...process.env, UPDATE_GOLDEN: '1' });
run('git', ['status', '--short', '--', 'test/golden/cases']);
