/**
 * TEST-ONLY: pushes each switch's compiled files into a running lab by hand (CONFIG_DB with
 * ioredis, frr.conf with frr-reload.py) and reports the generation, for checking the lab's data
 * plane before the real `weft agent` is available. The lab itself always starts `weft agent`.
 *
 *   node dist/test/support/lab-push.js --dir /tmp/wl-lab
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { isWeftOwnedConfigDbKey } from '#render-sonic';
import { LabApi } from '../../apps/lab/src/api.js';
import { daemonPid, frrPaths } from '../../apps/lab/src/frr.js';
import { readState, switchDir, tokenPath } from '../../apps/lab/src/lab-state.js';
import { redisSocket } from '../../apps/lab/src/redis.js';
import { runOk } from '../../apps/lab/src/system.js';

interface AgentObject {
  readonly metadata: { readonly name: string };
  readonly spec: { readonly generation: number; readonly configDb?: Record<string, Record<string, Record<string, string | string[]>>>; readonly frr?: string };
}

async function pushConfigDb(home: string, db: NonNullable<AgentObject['spec']['configDb']>): Promise<void> {
  const redis = new Redis({ path: redisSocket(home), db: 4 });
  try {
    const multi = redis.multi();
    const wanted = new Set(Object.entries(db).flatMap(([table, entries]) => Object.keys(entries).map((key) => `${table}|${key}`)));
    for (const key of await redis.keys('*|*')) {
      const [table = ''] = key.split('|');
      if (!wanted.has(key) && isWeftOwnedConfigDbKey(table, key.slice(table.length + 1)) && table !== 'PORT' && table !== 'DEVICE_METADATA') multi.del(key);
    }
    for (const [table, entries] of Object.entries(db)) {
      for (const [key, fields] of Object.entries(entries)) {
        const hash: Record<string, string> = {};
        for (const [f, v] of Object.entries(fields)) {
          if (Array.isArray(v)) hash[`${f}@`] = v.join(',');
          else hash[f] = v;
        }
        if (Object.keys(hash).length === 0) hash.NULL = 'NULL';
        multi.hset(`${table}|${key}`, hash);
      }
    }
    await multi.exec();
  } finally {
    redis.disconnect();
  }
}

async function pushFrr(home: string, frr: string): Promise<void> {
  const paths = frrPaths(home);
  const file = join(paths.etc, 'weft.conf');
  await writeFile(file, frr);
  const zebra = await daemonPid(paths, 'zebra');
  // additive (vtysh -f), not frr-reload: a reload would delete the `netns` lines zebra shows
  // under each netns VRF, which unbinds the VRF from its namespace
  await runOk(['nsenter', `--uts=/proc/${zebra ?? 1}/ns/uts`, '--', 'vtysh', '--vty_socket', paths.run, '-f', file], { timeoutMs: 120_000 });
}

async function main(): Promise<void> {
  const dir = process.argv[process.argv.indexOf('--dir') + 1] ?? '/tmp/weft-lab';
  const state = await readState(dir);
  if (state?.serve === undefined || state.plan === undefined) throw new Error(`no lab in ${dir}`);
  const api = new LabApi(state.serve.url, (await readFile(tokenPath(dir, 'architect'), 'utf8')).trim());
  for (const sw of state.plan.switches) {
    const agent = (await api.request('GET', `/api/v1/agents/${sw.name}`)) as AgentObject;
    const home = switchDir(dir, sw.name);
    if (agent.spec.configDb !== undefined) await pushConfigDb(home, agent.spec.configDb);
    if (agent.spec.frr !== undefined) await pushFrr(home, agent.spec.frr);
    const token = (await readFile(tokenPath(dir, `agent-${sw.name}`), 'utf8')).trim();
    await new LabApi(state.serve.url, token).request('PUT', `/api/v1/agents/${sw.name}/status`, { appliedGeneration: agent.spec.generation });
    console.log(`${sw.name}: generation ${agent.spec.generation} pushed`);
  }
}

await main();
