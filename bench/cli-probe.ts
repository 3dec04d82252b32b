/**
 * Runs the weft CLI in this process and reports its own wall time and peak memory on stderr as
 * one JSON line, so the benchmark measures the CLI as a user runs it, in a fresh process.
 */
import { performance } from 'node:perf_hooks';
import { main } from '../apps/cli/main.js';

const started = performance.now();
const quiet = { out: (): void => undefined, err: (text: string): void => void process.stderr.write(text.startsWith('error') ? text : '') };
const code = await main(process.argv.slice(2), quiet);
const ms = performance.now() - started;
process.stderr.write(`${JSON.stringify({ probe: true, code, ms, maxRssKb: process.resourceUsage().maxRSS })}\n`);
process.exitCode = code;
