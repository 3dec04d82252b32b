/**
 * A byte proxy in front of a server (a TCP port or a unix socket) whose connections a test can cut,
 * as a failing link or a rebooting hypervisor would: `cut()` destroys every open connection and
 * refuses new ones until `restore()`.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export type Endpoint = { readonly port: number; readonly host?: string } | { readonly path: string };

export class CutProxy {
  private readonly server: Server;
  private readonly open = new Set<Socket>();
  private down = false;
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

  restore(): void {
    this.down = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => { resolve(); }));
  }

  private accept(client: Socket): void {
    if (this.down) {
      client.destroy();
      return;
    }
    const upstream = 'path' in this.target ? connect(this.target.path) : connect(this.target.port, this.target.host ?? '127.0.0.1');
    for (const socket of [client, upstream]) {
      this.open.add(socket);
      socket.on('close', () => {
        this.open.delete(socket);
        client.destroy();
        upstream.destroy();
      });
      socket.on('error', () => {
        socket.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
