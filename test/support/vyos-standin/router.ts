/**
 * A stand-in for a VyOS router's configuration system, for tests: VyOS itself cannot run on these
 * machines. It keeps an active, a saved and a per-session working configuration, and answers the
 * commands a vbash script-template script runs (configure, set, delete, commit, commit-confirm N,
 * confirm, discard, save, exit, `run show configuration commands`) the way VyOS answers them:
 *
 * - every `set` / `delete` is checked by vyos-validate's line checker; a rejected one prints
 *   VyOS's message and "Set failed" (or "Delete failed") and, like VyOS's command wrappers,
 *   still exits 0, so a client must read the output;
 * - `commit` runs `vyos-validate --commit` on the candidate and prints "Commit failed" when VyOS's
 *   commit-time checks would refuse it (nothing is applied then);
 * - `commit-confirm N` starts the confirmation timer before committing, as config-mgmt does; if
 *   `confirm` does not come within N minutes the router goes back to its saved configuration (VyOS
 *   reboots into it). A minute lasts WEFT_VYOS_STANDIN_MINUTE_MS milliseconds (default 60000);
 * - `systemctl is-active commit-confirm.timer` and `vtysh -c 'show ip bgp vrf all summary json'`
 *   answer from that state (the stand-in has no BGP speaker: peers are Active unless a test says
 *   otherwise).
 *
 * The shell side (test/support/vyos-standin/shell.ts) is real bash running the client's real
 * script; each command reaches this router over a loopback TCP connection with a per-router token.
 * Every command is recorded with its session, the transport it came through, output and status.
 */
import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { StandinConfig } from './config.js';
import { VyosValidator } from './validator.js';

export interface StandinEntry {
  readonly seq: number;
  /** `ssh`, `qga`, or `shell` */
  readonly via: string;
  /** the shell's PID: VyOS keys configuration sessions by it */
  readonly session: string;
  readonly argv: readonly string[];
  readonly output: string;
  readonly rc: number;
}

export interface StandinSession {
  readonly via: string;
  readonly session: string;
  readonly commands: readonly string[];
}

export interface BgpPeerState {
  readonly state: string;
  readonly pfxRcd?: number;
  readonly peerUptime?: string;
}

interface Reply {
  readonly output: string;
  readonly rc: number;
}

const DEFAULT_MINUTE_MS = 60_000;

function minuteFromEnvironment(): number {
  const text = process.env.WEFT_VYOS_STANDIN_MINUTE_MS;
  if (text === undefined || text === '') return DEFAULT_MINUTE_MS;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`WEFT_VYOS_STANDIN_MINUTE_MS must be a positive number of milliseconds, got ${JSON.stringify(text)}`);
  return value;
}

const words = (line: string): string[] => {
  const found = line.match(/'[^']*'|\S+/g) ?? [];
  return found.map((word) => (word.startsWith("'") ? word.slice(1, -1) : word));
};

/** A VyOS CLI message block: indented lines between blank lines, as vyatta-cfg-run prints them. */
const block = (...lines: string[]): string => `\n${lines.map((line) => `  ${line}`).join('\n')}\n\n`;

export interface VyosStandinOptions {
  readonly validator?: VyosValidator;
  /** how long a minute of commit-confirm lasts, in milliseconds */
  readonly minuteMs?: number;
}

export class VyosStandinRouter extends EventEmitter {
  readonly token = randomBytes(16).toString('hex');
  /** how long a commit-confirm minute lasts here, in milliseconds (tests may change it) */
  minuteMs: number;
  private readonly validator: VyosValidator;
  private active: StandinConfig;
  private saved: StandinConfig;
  private readonly sessions = new Map<string, StandinConfig>();
  private readonly entries: StandinEntry[] = [];
  private readonly bgp = new Map<string, BgpPeerState>();
  private confirmTimer: NodeJS.Timeout | undefined;
  private queue: Promise<void> = Promise.resolve();
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private seq = 0;
  rollbacks = 0;
  port = 0;

  constructor(options: VyosStandinOptions = {}) {
    super();
    this.validator = options.validator ?? new VyosValidator();
    this.minuteMs = options.minuteMs ?? minuteFromEnvironment();
    this.active = new StandinConfig(this.validator);
    this.saved = new StandinConfig(this.validator);
  }

  /** Listens on 127.0.0.1 (a free port) for the stand-in shell's commands. */
  async listen(): Promise<void> {
    const server = createServer((socket) => {
      this.accept(socket);
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        resolve();
      });
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('the stand-in router has no TCP address');
    this.port = address.port;
  }

  async close(): Promise<void> {
    this.stopTimer();
    for (const socket of this.sockets) socket.destroy();
    const server = this.server;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => { resolve(); }));
  }

  /** A router that booted with these lines, saved; no sessions, no pending confirmation, an empty log. */
  load(lines: readonly string[]): void {
    this.stopTimer();
    this.sessions.clear();
    this.active = this.parse(lines);
    this.saved = this.active.clone();
    this.entries.length = 0;
    this.bgp.clear();
    this.rollbacks = 0;
  }

  /** Lines an operator commits by hand (set or delete), not saved: drift. */
  commitAsOperator(lines: readonly string[]): void {
    const next = this.active.clone();
    for (const line of lines) {
      const [verb, ...path] = words(line);
      const errors = this.validator.checkLine(verb === 'delete' ? 'delete' : 'set', path);
      if (errors.length > 0 || (verb !== 'set' && verb !== 'delete')) throw new Error(`the stand-in refuses ${line}: ${errors.join('; ')}`);
      if (verb === 'set') next.set(path);
      else if (!next.delete(path)) throw new Error(`nothing to delete: ${line}`);
    }
    this.active = next;
  }

  setBgpPeer(vrf: string, peer: string, state: BgpPeerState): void {
    this.bgp.set(`${vrf} ${peer}`, state);
  }

  /** `show configuration commands` now. */
  running(): string[] {
    return this.active.commands();
  }

  /** What a reboot would load. */
  savedConfig(): string[] {
    return this.saved.commands();
  }

  confirmPending(): boolean {
    return this.confirmTimer !== undefined;
  }

  log(): readonly StandinEntry[] {
    return [...this.entries];
  }

  /** Commands grouped by shell session, in order; config commands only (not systemctl or vtysh). */
  sessionsLog(): StandinSession[] {
    const out = new Map<string, { via: string; session: string; commands: string[] }>();
    for (const entry of this.entries) {
      const key = `${entry.via} ${entry.session}`;
      let found = out.get(key);
      if (found === undefined) {
        found = { via: entry.via, session: entry.session, commands: [] };
        out.set(key, found);
      }
      found.commands.push(entry.argv.join(' '));
    }
    return [...out.values()];
  }

  private parse(lines: readonly string[]): StandinConfig {
    const config = new StandinConfig(this.validator);
    for (const line of lines) {
      const [verb, ...path] = words(line);
      const errors = this.validator.checkLine('set', path);
      if (verb !== 'set' || errors.length > 0) throw new Error(`the stand-in cannot boot with ${line}: ${errors.join('; ')}`);
      config.set(path);
    }
    return config;
  }

  private stopTimer(): void {
    if (this.confirmTimer !== undefined) clearTimeout(this.confirmTimer);
    this.confirmTimer = undefined;
  }

  /** The rollback waits for a command in progress (a commit), as a reboot would follow it. */
  private rollBack(timer: NodeJS.Timeout | undefined): void {
    this.queue = this.queue.then(() => {
      // a confirm processed in the meantime stopped this timer
      if (timer !== undefined && this.confirmTimer === timer) this.revertToSaved();
    });
  }

  private revertToSaved(): void {
    this.confirmTimer = undefined;
    this.active = this.saved.clone();
    this.sessions.clear();
    this.rollbacks += 1;
    this.emit('rollback');
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    let buffer = Buffer.alloc(0);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      const fields = buffer.toString('utf8').split('\0');
      fields.pop();
      const argc = Number(fields[3]);
      if (fields.length < 4 || fields.length < 4 + argc) return;
      socket.pause();
      const [token, via = '?', session = '?'] = fields;
      const argv = fields.slice(4, 4 + argc);
      if (token !== this.token) {
        socket.end('stand-in: bad token\0' + '1\0');
        return;
      }
      this.queue = this.queue.then(async () => {
        const reply = await this.handle(session, argv).catch((error: unknown) => ({ output: `stand-in failure: ${String(error)}\n`, rc: 1 }));
        const entry: StandinEntry = { seq: (this.seq += 1), via, session, argv, output: reply.output, rc: reply.rc };
        this.entries.push(entry);
        this.emit('command', entry);
        socket.end(`${reply.output}\0${reply.rc}\0`);
      });
    });
  }

  private async handle(session: string, argv: readonly string[]): Promise<Reply> {
    const [command = '', ...args] = argv;
    switch (command) {
      case 'configure':
        this.sessions.set(session, this.active.clone());
        return { output: '', rc: 0 };
      case 'set':
      case 'delete':
        return this.edit(session, command, args);
      case 'commit':
        return this.commit(session, '');
      case 'commit-confirm':
        return this.commitConfirm(session, args);
      case 'confirm':
        return this.confirm();
      case 'discard':
        return this.discard(session);
      case 'save':
        return this.save(session, args);
      case 'exit':
        // script-template's `exit`: tear the session down (uncommitted changes are dropped)
        this.sessions.delete(session);
        return { output: '', rc: 0 };
      case 'run':
        return this.run(args);
      case 'systemctl':
        return this.systemctl(args);
      case 'vtysh':
        return this.vtysh(args);
      default:
        return { output: `stand-in: ${command} is not implemented\n`, rc: 1 };
    }
  }

  private working(session: string): StandinConfig | undefined {
    return this.sessions.get(session);
  }

  private edit(session: string, verb: 'set' | 'delete', path: readonly string[]): Reply {
    const failed = verb === 'set' ? 'Set failed' : 'Delete failed';
    const working = this.working(session);
    if (working === undefined) return { output: block('Not in configuration mode: run configure first', failed), rc: 0 };
    const errors = this.validator.checkLine(verb, path);
    if (errors.length > 0) return { output: block(...errors, failed), rc: 0 };
    if (verb === 'set') {
      working.set(path);
      return { output: '', rc: 0 };
    }
    // vyatta-cfg treats this as success: a message, no "Delete failed"
    if (!working.delete(path)) return { output: block('Nothing to delete (the specified node does not exist)'), rc: 0 };
    return { output: '', rc: 0 };
  }

  private async commit(session: string, prefix: string): Promise<Reply> {
    const working = this.working(session);
    if (working === undefined) return { output: `${prefix}${block('Not in configuration mode', 'Commit failed')}`, rc: 0 };
    if (working.equals(this.active)) return { output: `${prefix}No configuration changes to commit\n`, rc: 1 };
    const findings = await this.validator.commitCheck(working.commands());
    if (findings.length > 0) {
      const text = findings.map((finding) => `[ ${finding.line.replace(/^set /, '')} ]\n  ${finding.message}`);
      return { output: `${prefix}${block(...text, '', 'Commit failed')}`, rc: 0 };
    }
    this.active = working.clone();
    return { output: prefix, rc: 0 };
  }

  private async commitConfirm(session: string, args: readonly string[]): Promise<Reply> {
    const working = this.working(session);
    if (working?.equals(this.active) !== false) return { output: 'No configuration changes to commit\n', rc: 1 };
    const minutes = Number(args.find((arg) => /^\d+$/.test(arg)) ?? '10');
    if (this.confirmTimer !== undefined) return { output: 'Another confirm is pending\n', rc: 0 };
    if (!args.includes('no-prompt')) {
      // config-mgmt asks "Proceed ?" on the terminal; a script has none
      return { output: `commit-confirm will automatically reboot in ${minutes} minutes unless changes\nare confirmed.\n\nProceed ? [Y/n] \ncommit-confirm canceled\n`, rc: 0 };
    }
    const timer: NodeJS.Timeout = setTimeout(() => {
      this.rollBack(timer);
    }, minutes * this.minuteMs);
    this.confirmTimer = timer;
    return this.commit(session, `Initialized commit-confirm; ${minutes} minutes to confirm before reboot\n`);
  }

  private confirm(): Reply {
    if (this.confirmTimer === undefined) return { output: 'No confirm pending\n', rc: 0 };
    this.stopTimer();
    return { output: 'Reboot timer stopped\n', rc: 0 };
  }

  private discard(session: string): Reply {
    const working = this.working(session);
    if (working === undefined || working.equals(this.active)) return { output: block('No changes have been discarded'), rc: 0 };
    this.sessions.set(session, this.active.clone());
    return { output: block('Changes have been discarded'), rc: 0 };
  }

  private save(session: string, args: readonly string[]): Reply {
    if (args.length > 0) return { output: 'stand-in: save to a file is not implemented\n', rc: 1 };
    const working = this.working(session);
    const warning = working !== undefined && !working.equals(this.active) ? 'Warning: you have uncommitted changes that will not be saved.\n\n' : '';
    this.saved = this.active.clone();
    return { output: `${warning}Saving configuration to '/config/config.boot'...\nDone\n`, rc: 0 };
  }

  private run(args: readonly string[]): Reply {
    if (args.join(' ') === 'show configuration commands') return { output: `${this.active.commands().join('\n')}\n`, rc: 0 };
    return { output: block(`Invalid command: [${args.join(' ')}]`), rc: 1 };
  }

  private systemctl(args: readonly string[]): Reply {
    const rest = args.filter((arg) => arg !== '--quiet');
    if (rest[0] !== 'is-active' || rest.length !== 2) return { output: 'stand-in: only systemctl is-active UNIT\n', rc: 1 };
    if (rest[1] !== 'commit-confirm.timer') return { output: 'inactive\n', rc: 3 };
    const pending = this.confirmTimer !== undefined;
    return { output: args.includes('--quiet') ? '' : pending ? 'active\n' : 'inactive\n', rc: pending ? 0 : 3 };
  }

  private vtysh(args: readonly string[]): Reply {
    if (args[0] !== '-c' || args[1] !== 'show ip bgp vrf all summary json') return { output: '% stand-in: only show ip bgp vrf all summary json\n', rc: 1 };
    const summary: Record<string, unknown> = {};
    const instance = (vrf: string, base: readonly string[]): void => {
      const asn = this.active.valueOf([...base, 'system-as']);
      if (asn === undefined) return;
      const peers: Record<string, unknown> = {};
      for (const peer of this.active.childrenOf([...base, 'neighbor'])) {
        const remote = this.active.valueOf([...base, 'neighbor', peer, 'remote-as']);
        const scripted = this.bgp.get(`${vrf} ${peer}`);
        peers[peer] = {
          remoteAs: remote !== undefined && /^\d+$/.test(remote) ? Number(remote) : 0,
          state: scripted?.state ?? 'Active',
          pfxRcd: scripted?.pfxRcd ?? 0,
          peerUptime: scripted?.peerUptime ?? 'never',
        };
      }
      summary[vrf] = { routerId: this.active.valueOf([...base, 'parameters', 'router-id']) ?? '0.0.0.0', as: Number(asn), vrfName: vrf, peers };
    };
    instance('default', ['protocols', 'bgp']);
    for (const vrf of this.active.childrenOf(['vrf', 'name'])) instance(vrf, ['vrf', 'name', vrf, 'protocols', 'bgp']);
    return { output: `${JSON.stringify(summary, null, 2)}\n`, rc: 0 };
  }
}
