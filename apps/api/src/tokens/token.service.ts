/**
 * Bearer tokens: random, shown once, stored as SHA-256 hashes, optionally expiring. Roles:
 * architect (everything), tenant (its own tenant's VPCs, attachments and peerings), viewer
 * (read-only), agent (its own switch's desired state and status). Revoking a token ends the
 * streams it opened (onRevoked).
 */
import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { requestFailure } from '../database/database-errors.js';
import type { TokenEntity } from '../database/entities/index.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { Clock } from '../repositories/clock.provider.js';
import { TokenRepository } from '../repositories/token.repository.js';
import { StoreError, type Actor, type Role } from '../store/store.types.js';

export const ROLES: readonly Role[] = ['architect', 'tenant', 'viewer', 'agent'];
const NAME_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const TOKEN_FIELDS: readonly string[] = ['name', 'role', 'tenant', 'switch', 'expiresAt', 'ttlSeconds'];
/** Longer than anyone should keep a token that is meant to expire: ten years. */
const MAX_TTL_SECONDS = 10 * 365 * 24 * 3600;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newToken(): string {
  return `weft_${randomBytes(32).toString('base64url')}`;
}

export interface TokenRequest {
  readonly name?: unknown;
  readonly role?: unknown;
  readonly tenant?: unknown;
  readonly switch?: unknown;
  readonly expiresAt?: unknown;
  readonly ttlSeconds?: unknown;
}

export interface TokenInfo {
  readonly name: string;
  readonly role: Role;
  readonly tenant?: string;
  readonly switch?: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly expiresAt?: string;
}

@Injectable()
export class TokenService {
  /** hash -> actor; tokens are few and checked on every request */
  private readonly cache = new Map<string, Actor>();
  private readonly revokedListeners: ((name: string) => void)[] = [];

  constructor(
    private readonly uow: UnitOfWork,
    private readonly tokens: TokenRepository,
    private readonly clock: Clock,
  ) {}

  private now(): Date {
    return this.clock.now();
  }

  /** Called with the name of every token revoked (its streams end). */
  onRevoked(listener: (name: string) => void): void {
    this.revokedListeners.push(listener);
  }

  async authenticate(token: string): Promise<Actor | undefined> {
    const hash = hashToken(token);
    const cached = this.cache.get(hash);
    if (cached !== undefined) return this.unexpired(cached);
    let row: TokenEntity | null;
    try {
      row = await this.tokens.findActive(this.uow.manager, hash);
    } catch (e) {
      // a token not seen before cannot be checked while the database is away
      throw requestFailure(e, 'the token cannot be checked');
    }
    if (row === null) return undefined;
    const actor: Actor = {
      name: row.name,
      role: row.role,
      ...(row.tenant === null ? {} : { tenant: row.tenant }),
      ...(row.switch === null ? {} : { switch: row.switch }),
      ...(row.expiresAt === null ? {} : { expiresAt: row.expiresAt.toISOString() }),
    };
    this.cache.set(hash, actor);
    return this.unexpired(actor);
  }

  private unexpired(actor: Actor): Actor | undefined {
    return actor.expiresAt !== undefined && Date.parse(actor.expiresAt) <= this.now().getTime() ? undefined : actor;
  }

  /** `expiresAt` (RFC 3339, in the future) or `ttlSeconds`; undefined when neither is given. */
  private expiryOf(request: TokenRequest, problems: string[]): Date | undefined {
    const { expiresAt, ttlSeconds } = request;
    if (expiresAt !== undefined && expiresAt !== null && ttlSeconds !== undefined && ttlSeconds !== null) {
      problems.push('expiresAt: give expiresAt or ttlSeconds, not both');
      return undefined;
    }
    if (ttlSeconds !== undefined && ttlSeconds !== null) {
      if (typeof ttlSeconds !== 'number' || !Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS) {
        problems.push(`ttlSeconds: a whole number of seconds from 1 to ${MAX_TTL_SECONDS}`);
        return undefined;
      }
      return new Date(this.now().getTime() + ttlSeconds * 1000);
    }
    if (expiresAt === undefined || expiresAt === null) return undefined;
    const at = typeof expiresAt === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(expiresAt) ? new Date(expiresAt) : undefined;
    if (at === undefined || Number.isNaN(at.getTime())) problems.push('expiresAt: an RFC 3339 date and time such as 2027-01-31T12:00:00Z');
    else if (at.getTime() <= this.now().getTime()) problems.push('expiresAt: must be in the future');
    else return at;
    return undefined;
  }

  /** Creates a token; only architects may. Returns the token itself, which is not stored. */
  async create(request: TokenRequest, by: Actor): Promise<{ token: string; info: TokenInfo }> {
    if (by.role !== 'architect') throw new StoreError('forbidden', `role ${by.role} may not create tokens`);
    const problems: string[] = Object.keys(request)
      .filter((field) => !TOKEN_FIELDS.includes(field))
      .sort()
      .map((field) => `${field.slice(0, 63)}: unknown field; a token request has ${TOKEN_FIELDS.join(', ')}`);
    const name = request.name;
    const role = request.role;
    if (typeof name !== 'string' || name.length > 63 || !NAME_PATTERN.test(name)) problems.push('name: use at most 63 lower-case letters, digits and "-"');
    if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) problems.push(`role: one of ${ROLES.join(', ')}`);
    const tenant = request.tenant ?? undefined;
    const sw = request.switch ?? undefined;
    if (role === 'tenant' && (typeof tenant !== 'string' || !NAME_PATTERN.test(tenant))) problems.push('tenant: required for role tenant (a tenant name)');
    if (role !== 'tenant' && tenant !== undefined) problems.push('tenant: only for role tenant');
    if (role === 'agent' && (typeof sw !== 'string' || !NAME_PATTERN.test(sw))) problems.push('switch: required for role agent (a switch name)');
    if (role !== 'agent' && sw !== undefined) problems.push('switch: only for role agent');
    const expires = this.expiryOf(request, problems);
    if (problems.length > 0 || typeof name !== 'string' || typeof role !== 'string') {
      throw new StoreError(
        'invalid',
        `token ${typeof name === 'string' ? JSON.stringify(name.slice(0, 63)) : ''}: ${problems.join('; ')}`,
        problems.map((p) => ({ code: 'WF103', severity: 'error' as const, path: `Token ${typeof name === 'string' ? name.slice(0, 63) : '?'} ${p.split(':')[0] ?? ''}`, message: p })),
      );
    }
    const token = newToken();
    let created: Date | undefined;
    try {
      created = await this.tokens.insert(this.uow.manager, {
        name,
        hash: hashToken(token),
        role: role as Role,
        tenant: typeof tenant === 'string' ? tenant : null,
        switch: typeof sw === 'string' ? sw : null,
        createdBy: by.name,
        expiresAt: expires ?? null,
      });
    } catch (e) {
      throw requestFailure(e, `token ${name} was not created`);
    }
    if (created === undefined) throw new StoreError('conflict', `a token named ${name} exists already`);
    return {
      token,
      info: {
        name,
        role: role as Role,
        ...(typeof tenant === 'string' ? { tenant } : {}),
        ...(typeof sw === 'string' ? { switch: sw } : {}),
        createdAt: created.toISOString(),
        createdBy: by.name,
        ...(expires === undefined ? {} : { expiresAt: expires.toISOString() }),
      },
    };
  }

  async list(): Promise<TokenInfo[]> {
    let rows: TokenEntity[];
    try {
      rows = await this.tokens.listActive(this.uow.manager);
    } catch (e) {
      throw requestFailure(e, 'the tokens cannot be listed');
    }
    return rows.map((r) => ({
      name: r.name,
      role: r.role,
      ...(r.tenant === null ? {} : { tenant: r.tenant }),
      ...(r.switch === null ? {} : { switch: r.switch }),
      createdAt: r.createdAt.toISOString(),
      createdBy: r.createdBy,
      ...(r.expiresAt === null ? {} : { expiresAt: r.expiresAt.toISOString() }),
    }));
  }

  async revoke(name: string, by: Actor): Promise<void> {
    if (by.role !== 'architect') throw new StoreError('forbidden', `role ${by.role} may not revoke tokens`);
    let revoked: boolean;
    try {
      // every replica hears it (the change feed) and forgets the token
      revoked = await this.uow.transaction((manager) => this.tokens.revoke(manager, name));
    } catch (e) {
      throw requestFailure(e, `token ${name.slice(0, 80)} was not revoked`);
    }
    if (!revoked) throw new StoreError('not-found', `no token named ${name.slice(0, 80)}`);
    this.forget(name);
  }

  /** A token revoked here or on another replica: it is checked again, and its streams end. */
  forget(name: string): void {
    this.cache.clear();
    for (const listener of this.revokedListeners) listener(name);
  }

  /** The change feed was interrupted: a revocation may have been missed, every token is checked again. */
  forgetAll(): void {
    this.cache.clear();
  }

  /**
   * The bootstrap admin: WEFT_ADMIN_TOKEN when set (its hash replaces the stored one), else a
   * generated token on the first start, returned so the caller prints it once.
   */
  async bootstrap(adminToken: string | undefined): Promise<string | undefined> {
    if (adminToken !== undefined) {
      await this.tokens.setAdmin(this.uow.manager, hashToken(adminToken));
      this.cache.clear();
      return undefined;
    }
    const token = newToken();
    // shown only when this start created it (a replica starting beside another prints nothing)
    return (await this.tokens.createAdminIfAbsent(this.uow.manager, hashToken(token))) ? token : undefined;
  }
}
