// node:test reporter for mutant runs (scripts/mutation-runner.mjs): writes each failed test as
// one JSON line ({file, name, message}) and ends the process at the first failure, since one
// failing test is enough to kill a mutant. Test files run in this process (--test-isolation=none).
import { writeSync } from 'node:fs';

export default async function* mutationReporter(source) {
  for await (const event of source) {
    if (event.type !== 'test:fail') continue;
    const { file, name, details } = event.data;
    const error = details?.error;
    const message = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error ?? 'failed');
    writeSync(1, `${JSON.stringify({ file, name, message: message.slice(0, 2000) })}\n`);
    process.exit(1);
  }
  yield '';
}
