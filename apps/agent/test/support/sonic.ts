/** The sample fabric's leaf1, as the service would send it, and CONFIG_DB read straight from Redis. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { REPO_ROOT } from '#testing';
import type { DesiredState } from '../../src/core/device-driver.js';

const GOLDEN = join(REPO_ROOT, 'test/golden/cases/lab/expected');

export function leafDesired(generation: number, leaf = 'leaf1'): DesiredState {
  return {
    switch: leaf,
    generation,
    role: 'leaf',
    os: 'sonic',
    configDb: JSON.parse(readFileSync(join(GOLDEN, leaf, 'config_db.json'), 'utf8')) as Record<string, unknown>,
    frr: readFileSync(join(GOLDEN, leaf, 'frr.conf'), 'utf8'),
  };
}

/** Every hash in the client's database. */
export async function dump(client: Redis): Promise<Record<string, Record<string, string>>> {
  const keys = await client.keys('*');
  const out: Record<string, Record<string, string>> = {};
  for (const key of keys.sort()) out[key] = await client.hgetall(key);
  return out;
}
