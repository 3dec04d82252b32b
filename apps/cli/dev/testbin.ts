/**
 * The kube-apiserver, etcd and kubectl binaries: built from the Go module proxy by
 * scripts/build-k8s-testbin.sh (committed wrapper modules), cached outside the work tree. The
 * script is idempotent; a cold build takes minutes, so its progress is passed on as it comes.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** dist/apps/cli/dev/ -> the repository root */
export const REPO_ROOT = resolve(import.meta.dirname, '../../../..');
const BUILD_SCRIPT = join(REPO_ROOT, 'scripts/build-k8s-testbin.sh');

export interface Testbin {
  readonly dir: string;
  readonly etcd: string;
  readonly kubeApiserver: string;
  readonly kubectl: string;
}

function testbinIn(dir: string): Testbin {
  return { dir, etcd: join(dir, 'etcd'), kubeApiserver: join(dir, 'kube-apiserver'), kubectl: join(dir, 'kubectl') };
}

/**
 * The directory holding the binaries, building them when missing. `progress` gets the build's
 * own lines and, every 30 s of a long build, how long it has been running.
 */
export async function ensureTestbin(progress: (line: string) => void = () => undefined): Promise<Testbin> {
  if (!existsSync(BUILD_SCRIPT)) throw new Error(`${BUILD_SCRIPT} is missing: weft dev cluster runs from a clone of the repository`);
  const child = spawn('bash', [BUILD_SCRIPT], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let partial = '';
  const started = Date.now();
  const ticker = setInterval(() => {
    progress(`still building (${Math.round((Date.now() - started) / 1000)} s; a cold build takes about 15 min on 2 cores, once per machine)`);
  }, 30_000);
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') progress(line);
  });
  const code = await new Promise<number | null>((resolveExit, reject) => {
    child.on('error', reject);
    child.on('exit', resolveExit);
  }).finally(() => {
    clearInterval(ticker);
  });
  if (partial.trim() !== '') progress(partial);
  const dir = stdout.trim().split('\n').pop() ?? '';
  if (code !== 0 || dir === '') throw new Error(`building kube-apiserver and etcd failed (exit ${String(code)}); see the lines above`);
  const bin = testbinIn(dir);
  for (const path of [bin.etcd, bin.kubeApiserver, bin.kubectl]) if (!existsSync(path)) throw new Error(`the build did not produce ${path}`);
  return bin;
}
