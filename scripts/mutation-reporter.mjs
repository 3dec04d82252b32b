// node:test reporter for `npm run test:mutation` (scripts/mutation-runner.mjs). With
// WEFT_MUTATION_REPORT=all (the initial run) it writes every top-level test as one JSON line
// ({file, name, line, column, status, ms, message}); otherwise (a mutant run) it writes the first failed test
// and ends the process: one failing test is enough to kill a mutant.
import { writeSync } from 'node:fs';

const ALL = process.env.WEFT_MUTATION_REPORT === 'all';

function messageOf(details) {
  const error = details?.error;
  if (!(error instanceof Error)) return String(error ?? 'failed');
  return (error.cause instanceof Error ? error.cause.message : error.message).slice(0, 2000);
}

export default async function* mutationReporter(source) {
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { file, name, line, column, nesting, details, skip, todo } = event.data;
    if (ALL) {
      if (nesting !== 0) continue;
      const status = event.type === 'test:fail' ? 'fail' : skip !== undefined || todo !== undefined ? 'skip' : 'pass';
      writeSync(1, `${JSON.stringify({ file, name, line, column, status, ms: details?.duration_ms ?? 0, ...(status === 'fail' ? { message: messageOf(details) } : {}) })}\n`);
    } else if (event.type === 'test:fail') {
      writeSync(1, `${JSON.stringify({ file, name, status: 'fail', message: messageOf(details) })}\n`);
      process.exit(1);
    }
  }
  yield '';
}
