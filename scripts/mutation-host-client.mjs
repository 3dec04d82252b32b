// The runner's side of the test host (scripts/mutation-host.mjs, ADR 23): starts it, sends it a
// mutant run, watches the CPU it spends, and starts a new one when it stopped, was stopped, or
// has grown (every run loads the test files and the project's modules again).
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const HOST = fileURLToPath(new URL('mutation-host.mjs', import.meta.url));
const HOOKS = new URL('mutation-test-hooks.mjs', import.meta.url).href;
const HOST_TEST = new URL('mutation-host-test.mjs', import.meta.url).href;
const REGISTER = `data:text/javascript,${encodeURIComponent(
  `import { register } from 'node:module'; register(${JSON.stringify(HOOKS)}, { data: { target: ${JSON.stringify(HOST_TEST)}, host: true } });`,
)}`;
/** a host that has grown past this is replaced before its next run */
const MAX_RSS = 1.5e9;
const TICKS_PER_SECOND = 100;

/** CPU seconds a process has used so far (Linux /proc), or undefined where that cannot be read. */
export function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

export class TestHost {
  /** @param {Record<string, string>} env */
  constructor(env) {
    this.env = env;
    this.child = undefined;
    this.ready = undefined;
    this.rss = 0;
    this.runs = 0;
  }

  start() {
    const child = fork(HOST, [], {
      execArgv: ['--import', REGISTER],
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.child = child;
    this.stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk) => (this.stderr = (this.stderr + chunk).slice(-4000)));
    this.ready = new Promise((resolve, reject) => {
      child.once('message', () => resolve(child));
      child.once('exit', (code) => reject(new Error(`the mutation test host exited with ${code} before it was ready: ${this.stderr}`)));
    });
    this.ready.catch(() => undefined);
    this.rss = 0;
    this.runs = 0;
  }

  stop() {
    this.child?.kill('SIGKILL');
    this.child = undefined;
  }

  /**
   * Sends one run; resolves with the host's answer, `{status: 'timeout'}` when it spent more than
   * `cpuLimit` seconds of CPU (an endless loop; the host is replaced), or `{status: 'crash'}`
   * when it died (replaced too).
   */
  async run(message, cpuLimit) {
    if (this.child === undefined || this.rss > MAX_RSS) {
      this.stop();
      this.start();
    }
    const child = await this.ready;
    const startCpu = cpuSeconds(child.pid) ?? 0;
    const answer = await new Promise((resolve) => {
      const watch = setInterval(() => {
        if ((cpuSeconds(child.pid) ?? startCpu) - startCpu > cpuLimit) {
          finish({ status: 'timeout', message: `more than ${Math.round(cpuLimit)} s of CPU` });
        }
      }, 250);
      const onMessage = (reply) => finish(reply);
      const onExit = (code, signal) => finish({ status: 'crash', message: `the test host exited (${code ?? signal}): ${this.stderr}` });
      const finish = (result) => {
        clearInterval(watch);
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(result);
      };
      child.on('message', onMessage);
      child.on('exit', onExit);
      child.send(message);
    });
    if (answer.status === 'timeout' || answer.status === 'crash') this.stop();
    else {
      this.rss = answer.rss ?? 0;
      this.runs += 1;
    }
    return answer;
  }
}
