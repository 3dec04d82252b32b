/**
 * The clock and the source of object ids, injected so that what depends on them (creation
 * timestamps, token expiry, heartbeats, uids) is deterministic under test.
 */
import { randomUUID } from 'node:crypto';
import { Injectable, type Provider } from '@nestjs/common';

export abstract class Clock {
  abstract now(): Date;
}

@Injectable()
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

export abstract class IdGenerator {
  /** a new object uid (UUID) */
  abstract uid(): string;
}

@Injectable()
export class RandomIds extends IdGenerator {
  uid(): string {
    return randomUUID();
  }
}

export const CLOCK_PROVIDERS: Provider[] = [
  { provide: Clock, useClass: SystemClock },
  { provide: IdGenerator, useClass: RandomIds },
];
