/**
 * SSH to a VyOS router with ssh2: key authentication, host keys pinned (known_hosts or one key
 * from the Switch's spec), one connection reused for every script until it fails or the driver
 * asks for a fresh one, a timeout on connecting and on each script, keepalives to notice a dead
 * link. A script goes to the login shell's standard input as data: the remote command writes it
 * to a private temporary file (mktemp, mode 0600) and runs it with vbash, then removes the file.
 */
import { readFile } from 'node:fs/promises';
import { Client, type ClientChannel } from 'ssh2';
import { DeviceError } from '../core/device-driver.js';
import { KnownHosts } from './known-hosts.js';
import type { RunOptions, ScriptRun, VyosTransport } from './transport.js';

export interface SshTargetOptions {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly privateKeyFile: string;
  readonly passphrase?: string;
  /** a known_hosts file; or */
  readonly knownHostsFile?: string;
  /** one pinned key, `ssh-ed25519 AAAA...` */
  readonly hostKey?: string;
  readonly connectTimeoutMs: number;
  readonly keepaliveIntervalMs: number;
  /** the switch, for messages */
  readonly label: string;
  readonly vbash: string;
}

/** The command the login shell runs; the script arrives on its standard input. */
export function remoteCommand(vbash: string): string {
  return `f=$(mktemp /tmp/weft-XXXXXXXXXX) || exit 97; cat > "$f" && ${vbash} "$f"; rc=$?; rm -f -- "$f"; exit $rc`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class SshTransport implements VyosTransport {
  readonly description: string;
  private client: Client | undefined;
  private connecting: Promise<Client> | undefined;
  private readonly closed = new WeakSet<Client>();

  constructor(private readonly options: SshTargetOptions) {
    this.description = `ssh ${options.user}@${options.host}:${options.port}`;
  }

  private async knownHosts(): Promise<KnownHosts> {
    const { hostKey, knownHostsFile, host, port, label } = this.options;
    try {
      if (hostKey !== undefined) return KnownHosts.pinned(hostKey, host, port, `the pinned host key of ${label}`);
      if (knownHostsFile === undefined) throw new Error('no known_hosts file and no pinned host key');
      return KnownHosts.parse(await readFile(knownHostsFile, 'utf8'), knownHostsFile);
    } catch (error) {
      throw new DeviceError(`cannot read the pinned SSH host keys for ${label}: ${errorText(error)}`, false);
    }
  }

  private async privateKey(): Promise<Buffer> {
    try {
      return await readFile(this.options.privateKeyFile);
    } catch (error) {
      throw new DeviceError(`cannot read the SSH private key ${this.options.privateKeyFile} for ${this.options.label}: ${errorText(error)}`, false);
    }
  }

  private async connection(): Promise<Client> {
    if (this.client !== undefined) return this.client;
    this.connecting ??= this.open().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async open(): Promise<Client> {
    const [knownHosts, privateKey] = await Promise.all([this.knownHosts(), this.privateKey()]);
    const { host, port, user, label } = this.options;
    const client = new Client();
    let refusal: string | undefined;
    client.on('close', () => {
      this.closed.add(client);
    });
    return new Promise<Client>((resolve, reject) => {
      client.once('ready', () => {
        this.client = client;
        client.on('close', () => {
          if (this.client === client) this.client = undefined;
        });
        resolve(client);
      });
      client.on('error', (error: Error & { level?: string }) => {
        if (this.client === client) this.client = undefined;
        client.end();
        if (refusal !== undefined) reject(new DeviceError(refusal, false));
        else if (error.level === 'client-authentication') reject(new DeviceError(`${label} refused the SSH key ${this.options.privateKeyFile} for ${user}@${host}:${port}: ${error.message}`, false));
        else reject(new DeviceError(`cannot reach ${label} over SSH (${host}:${port}): ${error.message}`, true));
      });
      client.connect({
        host,
        port,
        username: user,
        privateKey,
        ...(this.options.passphrase === undefined ? {} : { passphrase: this.options.passphrase }),
        readyTimeout: this.options.connectTimeoutMs,
        keepaliveInterval: this.options.keepaliveIntervalMs,
        keepaliveCountMax: 3,
        hostVerifier: (key: Buffer): boolean => {
          const verdict = knownHosts.verify(host, port, key, `${label} (${host}:${port})`);
          if (!verdict.ok) refusal = verdict.message;
          return verdict.ok;
        },
      });
    });
  }

  async runScript(script: string, options: RunOptions): Promise<ScriptRun> {
    const client = await this.connection();
    const { label } = this.options;
    return new Promise<ScriptRun>((resolve, reject) => {
      let settled = false;
      let channel: ClientChannel | undefined;
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let exitCode: number | undefined;
      const fail = (error: DeviceError): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        channel?.destroy();
        this.drop(client);
        reject(error);
      };
      const timer = setTimeout(() => {
        fail(new DeviceError(`a script on ${label} did not finish within ${options.timeoutMs} ms; the connection was closed`, true));
      }, options.timeoutMs);
      const lost = (): void => {
        fail(new DeviceError(`the SSH connection to ${label} was lost while a script ran; it may or may not have finished`, true));
      };
      client.once('close', lost);
      client.exec(remoteCommand(this.options.vbash), (error, opened) => {
        if (error !== undefined) {
          fail(new DeviceError(`cannot start a script on ${label} over SSH: ${error.message}`, true));
          return;
        }
        channel = opened;
        opened.on('data', (chunk: Buffer) => stdout.push(chunk));
        opened.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
        opened.on('exit', (code: number | null) => {
          exitCode = code ?? undefined;
        });
        opened.on('close', () => {
          client.removeListener('close', lost);
          if (exitCode === undefined) {
            lost();
            return;
          }
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({ stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), exitCode });
        });
        opened.end(script);
      });
    });
  }

  private drop(client: Client): void {
    if (this.client === client) this.client = undefined;
    client.end();
  }

  async reconnect(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client !== undefined && !this.closed.has(client)) {
      const closed = new Promise<void>((resolve) => client.once('close', () => { resolve(); }));
      client.end();
      await closed;
    }
  }

  async close(): Promise<void> {
    await this.reconnect();
  }
}
