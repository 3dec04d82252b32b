/**
 * Capped exponential backoff with jitter: initial, 2x, 4x, ... up to the cap, each delay drawn
 * from its upper half so that a fleet of agents does not retry in step after an outage.
 */
export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 30_000 };

const MAX_EXPONENT = 30;

export class Backoff {
  private attempt = 0;

  constructor(
    private readonly options: BackoffOptions = DEFAULT_BACKOFF,
    private readonly random: () => number = Math.random,
  ) {}

  /** The delay before the next attempt; each call doubles the next one, up to the cap. */
  next(): number {
    const base = Math.min(this.options.maxMs, this.options.initialMs * 2 ** Math.min(this.attempt, MAX_EXPONENT));
    this.attempt += 1;
    return Math.round(base / 2 + (base / 2) * this.random());
  }

  /** Failures in a row since the last success. */
  get failures(): number {
    return this.attempt;
  }

  reset(): void {
    this.attempt = 0;
  }
}
