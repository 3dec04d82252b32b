/**
 * The service's own routes: liveness, readiness and the OpenAPI document (api/openapi.json, read
 * once at boot) are public; Prometheus metrics need an architect or viewer token here (request
 * counts, pools and latencies are nobody else's business), or WEFT_METRICS_ADDRESS serves them
 * on a listener of their own.
 */
import { Controller, Get, Headers, Inject, Res, SetMetadata } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Logger } from '../observability/logger.js';
import { exposition, type WeftMetrics } from '../observability/metrics.js';
import { StoreError, type Actor } from '../store/store.types.js';
import { CurrentActor, PUBLIC_ROUTE, Public } from './auth.js';
import type { Readiness } from './dependencies.js';
import { LOGGER, METRICS, OPENAPI_DOCUMENT, READINESS } from './injection-tokens.js';

/** A probe that waits longer than this counts as "not ready": a hung database is not ready. */
export const READINESS_TIMEOUT_MS = 5000;

export interface ServiceStatus {
  readonly status: 'ok' | 'ready' | 'not-ready';
}

@Public()
@Controller()
export class ServiceController {
  constructor(
    @Inject(READINESS) private readonly ready: Readiness,
    @Inject(METRICS) private readonly metrics: WeftMetrics,
    @Inject(OPENAPI_DOCUMENT) private readonly openApiDocument: string,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** 200 as long as the process answers at all. */
  @Get('healthz')
  healthz(): ServiceStatus {
    return { status: 'ok' };
  }

  /** 200 when the service can do its work; 503 otherwise (load balancers stop sending). */
  @Get('readyz')
  async readyz(@Res({ passthrough: true }) reply: FastifyReply): Promise<ServiceStatus> {
    if (await this.isReady()) return { status: 'ready' };
    void reply.status(503);
    return { status: 'not-ready' };
  }

  @Get('metrics')
  @SetMetadata(PUBLIC_ROUTE, false)
  async prometheusMetrics(@CurrentActor() actor: Actor, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    if (actor.role !== 'architect' && actor.role !== 'viewer') throw new StoreError('forbidden', `role ${actor.role} may not read metrics (architect or viewer)`);
    const { contentType, body } = await exposition(this.metrics, accept);
    void reply.header('content-type', contentType);
    return body;
  }

  @Get('api/openapi.json')
  openApi(@Res({ passthrough: true }) reply: FastifyReply): string {
    void reply.header('content-type', 'application/json; charset=utf-8');
    return this.openApiDocument;
  }

  /** A readiness check that throws or hangs is a "no", logged; never a 500 on the probe. */
  private async isReady(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`no answer within ${READINESS_TIMEOUT_MS} ms`));
      }, READINESS_TIMEOUT_MS);
    });
    try {
      return await Promise.race([this.ready(), timeout]);
    } catch (e) {
      this.logger.warn('readiness check failed', { error: e instanceof Error ? e.message : String(e) });
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
}
