/**
 * What a lab test leaves for the person reading a failure: the lab's logs copied into
 * test-artifacts/lab/<prefix> (gitignored) before `lab down` removes them, and one line per
 * repair the shim made (FRR restarted, a VRF shown to zebra again, a VNI flapped) and per FRR
 * daemon crash, so a CI log shows whether the emulation was recovering when a probe failed.
 */
import { cp, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT } from './lab-process.js';

const REPAIR = /started FRR again|to zebra again|flapped|never heard of|reset/;

async function text(path: string): Promise<string> {
  return readFile(path, 'utf8').catch(() => '');
}

/** The shim's repairs (time, switch, what) and the FRR crashes its daemons logged. */
export async function labRepairs(dir: string): Promise<string[]> {
  const lines: string[] = [];
  for (const line of (await text(join(dir, '_logs', 'shim.log'))).split('\n')) {
    if (line === '') continue;
    try {
      const event = JSON.parse(line) as { time?: string; switch?: string; changes?: unknown };
      const changes = Array.isArray(event.changes) ? event.changes.filter((c): c is string => typeof c === 'string' && REPAIR.test(c)) : [];
      for (const change of changes) lines.push(`${event.time ?? '?'} ${event.switch ?? '?'}: ${change}`);
    } catch {
      // a line cut by `lab down` is not a repair
    }
  }
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const node of entries.filter((e) => e.isDirectory() && !e.name.startsWith('_'))) {
    for (const daemon of ['zebra', 'bgpd', 'staticd']) {
      for (const line of (await text(join(dir, node.name, 'frr-log', `${daemon}.log`))).split('\n')) {
        if (/Received signal|crashed|Backtrace/.test(line)) lines.push(`${node.name} ${daemon}: ${line.trim()}`);
      }
    }
  }
  return lines;
}

/** Copies the lab's logs (service, shim, agents, FRR) to test-artifacts/lab/<prefix>; returns where. */
export async function keepLabLogs(dir: string, prefix: string): Promise<string> {
  const into = join(ROOT, 'test-artifacts', 'lab', prefix.replace(/-$/, ''));
  await rm(into, { recursive: true, force: true });
  await mkdir(into, { recursive: true });
  await cp(join(dir, '_logs'), join(into, '_logs'), { recursive: true }).catch(() => undefined);
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const node of entries.filter((e) => e.isDirectory() && !e.name.startsWith('_'))) {
    await cp(join(dir, node.name, 'frr-log'), join(into, node.name, 'frr-log'), { recursive: true }).catch(() => undefined);
  }
  return into;
}
