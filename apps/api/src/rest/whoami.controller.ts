/**
 * `GET /api/v1/whoami`: who the bearer token stands for, so a client (the web console) can show
 * what the token's role allows without trying and failing. The token itself is never echoed.
 */
import { Controller, Get } from '@nestjs/common';
import { CurrentActor } from '../http/auth.js';
import type { Actor, Role } from '../store/store.types.js';

export interface Identity {
  readonly name: string;
  readonly role: Role;
  /** the tenant a tenant token acts for */
  readonly tenant?: string;
  /** the switch an agent token acts for */
  readonly switch?: string;
}

export function identityOf(actor: Actor): Identity {
  return {
    name: actor.name,
    role: actor.role,
    ...(actor.tenant === undefined ? {} : { tenant: actor.tenant }),
    ...(actor.switch === undefined ? {} : { switch: actor.switch }),
  };
}

@Controller('api/v1/whoami')
export class WhoamiController {
  @Get()
  whoami(@CurrentActor() actor: Actor): Identity {
    return identityOf(actor);
  }
}
