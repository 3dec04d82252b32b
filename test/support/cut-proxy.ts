/**
 * A byte proxy in front of a server (a TCP port or a unix socket) whose connections a test can cut,
 * as a failing link or a rebooting hypervisor would: `cut()` destroys every open connection on the
 * client's side and refuses new ones until `restore()`.
 *
 * The server's side is closed as a hypervisor closes it when its client goes: half-closed, and
 * what the server still sends read and dropped. Destroying it with an answer unread would reset
 * the connection, and `qemu-ga -m unix-listen` (standing in for the guest agent behind QEMU's
 * chardev, which never sees the host-side client go) stops for good on a reset.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export type Endpoint = { readonly port: number; readonly host?: string } | { readonly path: string };

export class CutProxy {
  private readonly server: Server;
  private readonly open = new Set<Socket>();
  private readonly upstreams = new Set<Socket>();
  /** client -> upstream, for hold() */
  private readonly pairs = new Map<Socket, Socket>();
  private down = false;
  private held = false;
  cuts = 0;

  private constructor(private readonly target: Endpoint) {
    this.server = createServer((client) => {
      this.accept(client);
    });
  }

  /** Listens on a free loopback port, or on `path` (a unix socket). */
  static async start(target: Endpoint, path?: string): Promise<CutProxy> {
    const proxy = new CutProxy(target);
    await new Promise<void>((resolve, reject) => {
      proxy.server.once('error', reject);
      if (path === undefined) proxy.server.listen(0, '127.0.0.1', () => { resolve(); });
      else proxy.server.listen(path, () => { resolve(); });
    });
    return proxy;
  }

  get port(): number {
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('the proxy listens on a unix socket');
    return address.port;
  }

  cut(): void {
    this.down = true;
    this.cuts += 1;
    for (const socket of this.open) socket.destroy();
    this.open.clear();
  }

  /** Stops forwarding either way, connections left open (a link that drops everything without a reset), until restore(). */
  hold(): void {
    this.held = true;
    for (const [client, upstream] of this.pairs) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      client.pause();
      upstream.pause();
    }
  }

  restore(): void {
    this.down = false;
    if (!this.held) return;
    this.held = false;
    for (const [client, upstream] of this.pairs) {
      client.pipe(upstream);
      upstream.pipe(client);
    }
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => { resolve(); }));
    for (const upstream of this.upstreams) upstream.destroy();
  }

  private accept(client: Socket): void {
    if (this.down) {
      client.destroy();
      return;
    }
    const upstream = 'path' in this.target ? connect(this.target.path) : connect(this.target.port, this.target.host ?? '127.0.0.1');
    this.open.add(client);
    this.upstreams.add(upstream);
    client.on('error', () => {
      client.destroy();
    });
    upstream.on('error', () => {
      upstream.destroy();
    });
    client.on('close', () => {
      this.open.delete(client);
      this.pairs.delete(client);
      release(upstream);
    });
    upstream.on('close', () => {
      this.upstreams.delete(upstream);
      client.destroy();
    });
    this.pairs.set(client, upstream);
    if (this.held) return;
    client.pipe(upstream);
    upstream.pipe(client);
  }
}

/** Half-closes the server's side and drops what it still sends; it closes once the server has read the end. */
function release(upstream: Socket): void {
  upstream.unpipe();
  upstream.on('data', () => undefined);
  upstream.resume();
  upstream.end();
}
