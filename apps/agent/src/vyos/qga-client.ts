/**
 * The QEMU guest agent protocol over its unix socket (the hypervisor's end of the virtio-serial
 * channel, or `qemu-ga -m unix-listen`): one JSON command at a time, `{"execute", "arguments"}`
 * in, `{"return"}` or `{"error": {"class", "desc"}}` out, one per line. A connection starts with
 * `guest-sync-delimited`, whose answer follows a 0xFF byte, to skip whatever an earlier client
 * left unread.
 *
 * A connection is never reset: it is half-closed and what the guest agent still sends is read and
 * dropped until it closes its end. Closing with an answer unread resets the connection, and
 * `qemu-ga -m unix-listen` stops for good on a reset ("error reading channel"); an answer arrives
 * unread whenever a command times out while the event loop is stalled (timers run before I/O).
 */
import { randomInt } from 'node:crypto';
import { connect, type Socket } from 'node:net';

export class QgaConnectionError extends Error {
  override readonly name = 'QgaConnectionError';
}

export class QgaCommandError extends Error {
  override readonly name = 'QgaCommandError';
  constructor(
    readonly command: string,
    readonly errorClass: string,
    description: string,
  ) {
    super(`${command}: ${description}`);
  }
}

interface Waiter {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
}

export class QgaClient {
  private socket: Socket | undefined;
  private buffer = Buffer.alloc(0);
  private synced = false;
  private waiter: Waiter | undefined;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(readonly path: string) {}

  /** Opens the socket and synchronises; idempotent while the connection lives. */
  private async ensureOpen(timeoutMs: number): Promise<void> {
    if (this.socket !== undefined) return;
    const socket = connect(this.path);
    this.socket = socket;
    this.buffer = Buffer.alloc(0);
    this.synced = false;
    socket.on('data', (chunk: Buffer) => {
      if (this.socket !== socket) return;
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.drain();
    });
    // a connection given up on (disconnect) no longer speaks for the client: its end must not fail a newer one's command
    const gone = (why: string): void => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      const waiter = this.waiter;
      this.waiter = undefined;
      waiter?.reject(new QgaConnectionError(why));
    };
    socket.on('error', (error) => {
      gone(`guest agent socket ${this.path}: ${error.message}`);
    });
    socket.on('close', () => {
      gone(`guest agent socket ${this.path} closed`);
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    }).catch((error: unknown) => {
      throw new QgaConnectionError(`cannot connect to the guest agent at ${this.path}: ${error instanceof Error ? error.message : String(error)}`);
    });
    const id = randomInt(1, 2 ** 31 - 1);
    try {
      const answer = await this.exchange({ execute: 'guest-sync-delimited', arguments: { id } }, timeoutMs, true);
      if (answer !== id) throw new QgaConnectionError(`the guest agent at ${this.path} answered sync ${String(answer)} instead of ${id}`);
    } catch (error) {
      // an unsynchronised connection is of no use: the next call starts over
      this.disconnect();
      throw error;
    }
  }

  /** Hands the buffered answers to the waiting command, one answer per command; the rest waits for the next one. */
  private drain(): void {
    while (this.waiter !== undefined) {
      if (!this.synced) {
        const start = this.buffer.indexOf(0xff);
        if (start < 0) {
          this.buffer = Buffer.alloc(0);
          return;
        }
        this.buffer = this.buffer.subarray(start + 1);
        this.synced = true;
      }
      const end = this.buffer.indexOf(0x0a);
      if (end < 0) return;
      const line = this.buffer.subarray(0, end).toString('utf8').trim();
      this.buffer = this.buffer.subarray(end + 1);
      if (line === '') continue;
      const waiter = this.waiter;
      this.waiter = undefined;
      try {
        const message = JSON.parse(line) as { return?: unknown; error?: { class?: string; desc?: string } };
        if (message.error !== undefined) waiter.reject(new QgaCommandError('', message.error.class ?? 'GenericError', message.error.desc ?? 'unknown error'));
        else waiter.resolve(message.return);
      } catch (error) {
        waiter.reject(new QgaConnectionError(`the guest agent sent something that is not JSON: ${error instanceof Error ? error.message : String(error)}`));
      }
    }
  }

  private exchange(request: { execute: string; arguments?: unknown }, timeoutMs: number, delimited = false): Promise<unknown> {
    const socket = this.socket;
    if (socket === undefined) return Promise.reject(new QgaConnectionError(`not connected to ${this.path}`));
    const answer = this.nextAnswer(request.execute, timeoutMs, delimited);
    socket.write(`${JSON.stringify(request)}\n`);
    return answer;
  }

  /** The next answer on the connection; `delimited`: only after the next 0xFF. */
  private nextAnswer(execute: string, timeoutMs: number, delimited: boolean): Promise<unknown> {
    if (this.socket === undefined) return Promise.reject(new QgaConnectionError(`not connected to ${this.path}`));
    const request = { execute };
    return new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        this.disconnect();
        reject(new QgaConnectionError(`the guest agent at ${this.path} did not answer ${request.execute} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiter = {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error instanceof QgaCommandError ? new QgaCommandError(request.execute, error.errorClass, error.message.replace(/^: /, '')) : error);
        },
      };
      // guest-sync-delimited: the guest agent writes 0xFF before its answer
      if (delimited) this.synced = false;
      this.drain();
    });
  }

  /** One command; commands are serialised, the connection opened (and synchronised) on demand. */
  call<T>(execute: string, args: Record<string, unknown> | undefined, timeoutMs: number): Promise<T> {
    const run = async (): Promise<T> => {
      await this.ensureOpen(timeoutMs);
      return (await this.exchange(args === undefined ? { execute } : { execute, arguments: args }, timeoutMs)) as T;
    };
    const result = this.chain.then(run, run);
    this.chain = result.catch(() => undefined);
    return result;
  }

  /** Gives the connection up: a command still waiting fails; the next call opens a new one. */
  disconnect(): void {
    const socket = this.socket;
    if (socket === undefined) return;
    this.socket = undefined;
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.reject(new QgaConnectionError(`the connection to the guest agent at ${this.path} was given up`));
    // half-close and drain (see the top of this file); the guest agent closes its end when it reads the end of ours
    socket.on('data', () => undefined);
    socket.resume();
    socket.end();
    socket.unref();
  }
}
