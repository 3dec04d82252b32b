/**
 * The QEMU guest agent as a transport, for router VMs without a reachable management address (as
 * vRouter-Operator does it): the script is written with guest-file-open/write/close into a new
 * directory only root can enter (guest-exec `mkdir -m 0700`; guest-file-open creates files
 * world-writable), run with guest-exec `vbash FILE`, polled with guest-exec-status, and the
 * directory removed. Nothing of the script passes through a command line or a here-document.
 */
import { randomBytes } from 'node:crypto';
import { DeviceError } from '../core/device-driver.js';
import { QgaClient, QgaCommandError } from './qga-client.js';
import type { RunOptions, ScriptRun, VyosTransport } from './transport.js';

export interface QgaTargetOptions {
  readonly socket: string;
  readonly label: string;
  readonly vbash: string;
  /** how long one guest agent command may take (not the script: that is RunOptions.timeoutMs) */
  readonly commandTimeoutMs: number;
  /** between guest-exec-status polls */
  readonly pollIntervalMs: number;
}

interface ExecStatus {
  readonly exited: boolean;
  readonly exitcode?: number;
  readonly signal?: number;
  readonly 'out-data'?: string;
  readonly 'err-data'?: string;
}

/** guest-file-write takes base64; qemu-ga accepts large buffers, but small writes keep each command short. */
const WRITE_CHUNK = 48 * 1024;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class QgaTransport implements VyosTransport {
  readonly description: string;
  private readonly client: QgaClient;
  /** script directories a lost connection kept us from removing: removed on the next chance */
  private readonly leftovers = new Set<string>();

  constructor(private readonly options: QgaTargetOptions) {
    this.description = `qga ${options.socket}`;
    this.client = new QgaClient(options.socket);
  }

  private deviceError(error: unknown, doing: string): DeviceError {
    if (error instanceof DeviceError) return error;
    const text = error instanceof Error ? error.message : String(error);
    // a command the guest refused (no such program, a full disk) will fail the same way again
    return new DeviceError(`${doing} on ${this.options.label} through the guest agent failed: ${text}`, !(error instanceof QgaCommandError));
  }

  private call<T>(execute: string, args?: Record<string, unknown>): Promise<T> {
    return this.client.call<T>(execute, args, this.options.commandTimeoutMs);
  }

  /** guest-exec with captured output, polled until it exits. */
  private async exec(argv: readonly string[], timeoutMs: number): Promise<ScriptRun> {
    const [path, ...arg] = argv;
    const { pid } = await this.call<{ pid: number }>('guest-exec', { path, arg, 'capture-output': true });
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const status = await this.call<ExecStatus>('guest-exec-status', { pid }).catch((error: unknown) => {
        // a guest agent that restarted forgets its processes: the script may or may not have run
        throw new DeviceError(`lost track of ${argv.join(' ')} on ${this.options.label} (guest pid ${pid}): ${error instanceof Error ? error.message : String(error)}`, true);
      });
      if (status.exited) {
        return {
          stdout: Buffer.from(status['out-data'] ?? '', 'base64').toString('utf8'),
          stderr: Buffer.from(status['err-data'] ?? '', 'base64').toString('utf8'),
          exitCode: status.exitcode ?? 128 + (status.signal ?? 0),
        };
      }
      if (performance.now() > deadline) throw new DeviceError(`${argv.join(' ')} on ${this.options.label} did not finish within ${timeoutMs} ms (guest pid ${pid})`, true);
      await sleep(this.options.pollIntervalMs);
    }
  }

  private async writeFile(path: string, content: string): Promise<void> {
    const handle = await this.call<number>('guest-file-open', { path, mode: 'w' });
    try {
      const bytes = Buffer.from(content, 'utf8');
      for (let offset = 0; offset < bytes.length; offset += WRITE_CHUNK) {
        await this.call('guest-file-write', { handle, 'buf-b64': bytes.subarray(offset, offset + WRITE_CHUNK).toString('base64') });
      }
    } finally {
      await this.call('guest-file-close', { handle });
    }
  }

  private async removeLeftovers(): Promise<void> {
    for (const dir of [...this.leftovers]) {
      const removed = await this.exec(['rm', '-rf', '--', dir], this.options.commandTimeoutMs).catch(() => undefined);
      if (removed?.exitCode === 0) this.leftovers.delete(dir);
    }
  }

  async runScript(script: string, options: RunOptions): Promise<ScriptRun> {
    const dir = `/tmp/weft-${randomBytes(12).toString('hex')}`;
    const file = `${dir}/script.sh`;
    try {
      await this.removeLeftovers();
      this.leftovers.add(dir);
      const made = await this.exec(['mkdir', '-m', '0700', dir], this.options.commandTimeoutMs);
      if (made.exitCode !== 0) throw new DeviceError(`cannot create ${dir} on ${this.options.label}: ${made.stderr.trim()}`, true);
      await this.writeFile(file, script);
      return await this.exec([this.options.vbash, file], options.timeoutMs);
    } catch (error) {
      throw this.deviceError(error, 'running a script');
    } finally {
      await this.removeLeftovers();
    }
  }

  reconnect(): Promise<void> {
    this.client.disconnect();
    return Promise.resolve();
  }

  async close(): Promise<void> {
    await this.removeLeftovers();
    this.client.disconnect();
  }
}
