/**
 * Pinned SSH host keys: OpenSSH's known_hosts format (hashed and plain host patterns, `*` and `?`
 * wildcards, `!` negation, `[host]:port` for ports other than 22, `@revoked` markers), or one key
 * given directly (a Switch's spec.management.ssh.hostKey). An unknown or changed key is refused
 * with a message that names the host, the key offered and its SHA256 fingerprint, as ssh prints it.
 */
import { createHash, createHmac } from 'node:crypto';

export interface PinnedKey {
  readonly type: string;
  readonly blob: Buffer;
  /** where it was pinned: `FILE:LINE` */
  readonly source: string;
  readonly revoked: boolean;
}

interface Entry extends PinnedKey {
  readonly patterns: readonly string[];
}

/** OpenSSH's fingerprint: `SHA256:` and the unpadded base64 of the key blob's SHA-256. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type written inside an SSH public key blob (`ssh-ed25519`, `rsa-sha2-512`'s `ssh-rsa`...). */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const length = blob.readUInt32BE(0);
  return length > 0 && 4 + length <= blob.length ? blob.subarray(4, 4 + length).toString('latin1') : 'unknown';
}

/** The name known_hosts files use for a host and port. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function wildcardMatch(pattern: string, text: string): boolean {
  const expression = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${expression}$`, 'i').test(text);
}

function hashedMatch(pattern: string, name: string): boolean {
  const [, magic, salt, hash] = pattern.split('|');
  if (magic !== '1' || salt === undefined || hash === undefined) return false;
  return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
}

function patternMatches(pattern: string, name: string): boolean {
  return pattern.startsWith('|') ? hashedMatch(pattern, name) : wildcardMatch(pattern, name);
}

/** A host matches a comma-separated list when a pattern matches and no negated one does. */
function hostMatches(patterns: readonly string[], name: string): boolean {
  let matched = false;
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) {
      if (patternMatches(pattern.slice(1), name)) return false;
    } else if (patternMatches(pattern, name)) {
      matched = true;
    }
  }
  return matched;
}

function decodeKey(type: string, base64: string, source: string): Buffer {
  const blob = Buffer.from(base64, 'base64');
  if (blob.length === 0 || keyTypeOf(blob) !== type) throw new SyntaxError(`${source}: the key is not a valid ${type} key`);
  return blob;
}

export type HostKeyVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: 'unknown' | 'changed' | 'revoked'; readonly message: string };

export class KnownHosts {
  private constructor(
    private readonly entries: readonly Entry[],
    /** what the keys came from, for messages */
    readonly origin: string,
  ) {}

  /** A known_hosts file's text. Lines that cannot be read are errors (a typo must not unpin a host). */
  static parse(text: string, file: string): KnownHosts {
    const entries: Entry[] = [];
    text.split('\n').forEach((raw, index) => {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) return;
      const source = `${file}:${index + 1}`;
      const fields = line.split(/\s+/);
      let marker: string | undefined;
      if (fields[0]?.startsWith('@') === true) marker = fields.shift();
      const [hosts, type, key] = fields;
      if (hosts === undefined || type === undefined || key === undefined) throw new SyntaxError(`${source}: expected "HOSTS KEYTYPE KEY", got ${JSON.stringify(line)}`);
      if (marker === '@cert-authority') return; // certificates are not used for VyOS routers
      if (marker !== undefined && marker !== '@revoked') throw new SyntaxError(`${source}: unknown marker ${marker}`);
      entries.push({ patterns: hosts.split(','), type, blob: decodeKey(type, key, source), source, revoked: marker === '@revoked' });
    });
    return new KnownHosts(entries, file);
  }

  /** One pinned key, `TYPE BASE64 [comment]` (or a known_hosts line), valid for the given host only. */
  static pinned(key: string, host: string, port: number, origin: string): KnownHosts {
    const fields = key.trim().split(/\s+/);
    const typeIndex = fields.findIndex((field) => /^(ssh-|ecdsa-|sk-)/.test(field));
    const type = fields[typeIndex];
    const base64 = fields[typeIndex + 1];
    if (typeIndex < 0 || type === undefined || base64 === undefined) throw new SyntaxError(`${origin}: expected "KEYTYPE KEY", such as "ssh-ed25519 AAAA..."`);
    return new KnownHosts([{ patterns: [knownHostsName(host, port)], type, blob: decodeKey(type, base64, origin), source: origin, revoked: false }], origin);
  }

  /** Whether the key a server offered for host:port is the pinned one. */
  verify(host: string, port: number, blob: Buffer, label: string): HostKeyVerdict {
    const name = knownHostsName(host, port);
    const offered = `${keyTypeOf(blob)} ${fingerprint(blob)}`;
    const forHost = this.entries.filter((entry) => hostMatches(entry.patterns, name));
    const revoked = forHost.find((entry) => entry.revoked && entry.blob.equals(blob));
    if (revoked !== undefined) {
      return { ok: false, reason: 'revoked', message: `the SSH host key of ${label} is revoked: the server offered ${offered}, marked @revoked at ${revoked.source}; refusing to connect` };
    }
    if (forHost.some((entry) => !entry.revoked && entry.blob.equals(blob))) return { ok: true };
    const pinned = forHost.filter((entry) => !entry.revoked);
    if (pinned.length === 0) {
      return {
        ok: false,
        reason: 'unknown',
        message: `the SSH host key of ${label} is not known: the server offered ${offered}, and ${this.origin} has no key for ${name}; refusing to connect. Check the fingerprint on the router's console and pin it (ssh-keyscan${port === 22 ? '' : ` -p ${port}`} ${host} >> ${this.origin})`,
      };
    }
    const expected = pinned.map((entry) => `${entry.type} ${fingerprint(entry.blob)} (${entry.source})`).join(', ');
    return {
      ok: false,
      reason: 'changed',
      message: `the SSH host key of ${label} has CHANGED: the server offered ${offered}, but the pinned key is ${expected}; refusing to connect (someone may be intercepting the connection; if the router was reinstalled, replace the pinned key)`,
    };
  }
}
