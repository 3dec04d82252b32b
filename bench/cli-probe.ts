/**
 * Runs the weft CLI in this process, the way bin/weft.js does (its modules loaded after start), and
 * reports on stderr as one JSON line: the command's own time, the time since the process started
 * (Node's start-up and module loading included) and peak memory.
 */
import { performance } from 'node:perf_hooks';

const loading = performance.now();
const { main } = await import('../apps/cli/main.js');
const started = performance.now();
const quiet = { out: (): void => undefined, err: (text: string): void => void process.stderr.write(text.startsWith('error') ? text : '') };
const code = await main(process.argv.slice(2), quiet);
const ended = performance.now();
process.stderr.write(`${JSON.stringify({ probe: true, code, ms: ended - started, loadMs: started - loading, sinceStartMs: ended, maxRssKb: process.resourceUsage().maxRSS })}\n`);
process.exitCode = code;
