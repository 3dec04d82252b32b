/**
 * Failed authentications are limited per source address and per presented token: past the
 * limit, requests from that address (or with that token) are refused with 429 and Retry-After
 * before the token store is asked, so guessing tokens costs the guesser, not the database.
 * Counters are rate-limiter-flexible's in-memory ones, per process.
 */
import { createHash } from 'node:crypto';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { StoreError } from '../store/store.types.js';

export interface AuthFailureLimits {
  /** failures from one address within `windowSeconds` before it is refused */
  readonly perAddress: number;
  /** failures with one token within `windowSeconds` before it is refused */
  readonly perToken: number;
  readonly windowSeconds: number;
}

export const DEFAULT_AUTH_FAILURE_LIMITS: AuthFailureLimits = { perAddress: 30, perToken: 10, windowSeconds: 60 };

export class AuthFailureLimiter {
  private readonly byAddress: RateLimiterMemory;
  private readonly byToken: RateLimiterMemory;

  constructor(private readonly limits: AuthFailureLimits = DEFAULT_AUTH_FAILURE_LIMITS) {
    this.byAddress = new RateLimiterMemory({ keyPrefix: 'address', points: limits.perAddress, duration: limits.windowSeconds });
    this.byToken = new RateLimiterMemory({ keyPrefix: 'token', points: limits.perToken, duration: limits.windowSeconds });
  }

  /** Throws 429 when this address or this token has failed too often lately. */
  async check(address: string | undefined, token: string | undefined): Promise<void> {
    const [fromAddress, withToken] = await Promise.all([
      address === undefined ? null : this.byAddress.get(address),
      token === undefined ? null : this.byToken.get(tokenKey(token)),
    ]);
    const wait = Math.max(exhausted(fromAddress, this.limits.perAddress), exhausted(withToken, this.limits.perToken));
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      throw new StoreError('too-many-requests', `too many failed authentications ${withToken !== null && exhausted(withToken, this.limits.perToken) > 0 ? 'with this token' : 'from this address'}; try again in ${seconds} s`, [], seconds);
    }
  }

  /** Counts a failed authentication against the address and the token. */
  async fail(address: string | undefined, token: string | undefined): Promise<void> {
    await Promise.all([address === undefined ? undefined : spend(this.byAddress, address), token === undefined ? undefined : spend(this.byToken, tokenKey(token))]);
  }
}

/** Milliseconds until the key may try again, or 0 while it has attempts left. */
function exhausted(state: RateLimiterRes | null, points: number): number {
  return state !== null && state.consumedPoints >= points ? state.msBeforeNext : 0;
}

async function spend(limiter: RateLimiterMemory, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (e) {
    // out of points: the next check refuses; anything else is a defect of the limiter
    if (!(e instanceof RateLimiterRes)) throw e;
  }
}

/** Tokens are never kept as they are, not even in counters. */
function tokenKey(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
