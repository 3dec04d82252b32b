/**
 * Desired state from the Weft service's agent API (embedded mode): `GET /api/v1/agents/{switch}`,
 * the server-sent event stream `/api/v1/agents/{switch}/watch` (reconnected with backoff; a stream
 * silent for longer than its keep-alive is treated as dead), and `PUT /api/v1/agents/{switch}/status`.
 * Every request carries the agent-role bearer token.
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { AgentSpec } from '#api';
import { validateAgainstSchema } from '#domain';
import type { AgentStatus } from '#api';
import { aborted } from '../core/abort.js';
import { Backoff, DEFAULT_BACKOFF, type BackoffOptions } from '../core/backoff.js';
import { SYSTEM_CLOCK, type Clock } from '../core/clock.js';
import { SourceError, type DesiredStateSource } from '../core/desired-state-source.js';
import type { DesiredState } from '../core/device-driver.js';
import { SILENT, type AgentLogger } from '../core/log.js';
import { networkError, responseError } from './http-errors.js';

export interface ServiceApiSourceOptions {
  /** the service's base URL: `http://127.0.0.1:8080` */
  readonly server: string;
  readonly switchName: string;
  readonly token: string;
  readonly clock?: Clock;
  readonly backoff?: BackoffOptions;
  readonly random?: () => number;
  readonly log?: AgentLogger;
  /** a watch stream with no data (not even a keep-alive) for this long is reconnected */
  readonly idleMs?: number;
  readonly requestTimeoutMs?: number;
}

/** The service sends a keep-alive comment every 15 s. */
const DEFAULT_IDLE_MS = 45_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class ServiceApiSource implements DesiredStateSource {
  private readonly base: string;
  private readonly clock: Clock;
  private readonly log: AgentLogger;

  constructor(private readonly options: ServiceApiSourceOptions) {
    this.base = `${options.server.replace(/\/+$/, '')}/api/v1/agents/${encodeURIComponent(options.switchName)}`;
    this.clock = options.clock ?? SYSTEM_CLOCK;
    this.log = options.log ?? SILENT;
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { authorization: `Bearer ${this.options.token}`, ...extra };
  }

  private timeout(signal?: AbortSignal): AbortSignal {
    const limit = AbortSignal.timeout(this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
    return signal === undefined ? limit : AbortSignal.any([signal, limit]);
  }

  /** An Agent object from the service -> its spec, checked against the schema. */
  private desiredOf(object: unknown, what: string): DesiredState {
    const spec = isObject(object) ? object.spec : undefined;
    const problems = validateAgainstSchema(AgentSpec, spec, 'spec');
    if (problems.length > 0) {
      throw new SourceError(`${what}: the Agent is not one this agent can read: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`, false);
    }
    const desired = spec as DesiredState;
    if (desired.switch !== this.options.switchName) throw new SourceError(`${what}: the Agent is for switch ${desired.switch}, not ${this.options.switchName}`, false);
    return desired;
  }

  async current(signal?: AbortSignal): Promise<DesiredState> {
    const what = `GET ${this.base}`;
    let response: Response;
    try {
      response = await fetch(this.base, { headers: this.headers(), signal: this.timeout(signal) });
    } catch (e) {
      throw networkError(e, what);
    }
    if (!response.ok) throw await responseError(response, what);
    return this.desiredOf(await response.json(), what);
  }

  async report(status: AgentStatus, signal?: AbortSignal): Promise<void> {
    const what = `PUT ${this.base}/status`;
    let response: Response;
    try {
      response = await fetch(`${this.base}/status`, { method: 'PUT', headers: this.headers({ 'content-type': 'application/json' }), body: JSON.stringify(status), signal: this.timeout(signal) });
    } catch (e) {
      throw networkError(e, what);
    }
    if (!response.ok) throw await responseError(response, what);
    await response.body?.cancel();
  }

  /** Each new generation, across reconnects, until `signal` aborts. */
  async *watch(signal: AbortSignal): AsyncIterable<DesiredState> {
    const backoff = new Backoff(this.options.backoff ?? DEFAULT_BACKOFF, this.options.random);
    let last: number | undefined;
    while (!signal.aborted) {
      try {
        for await (const desired of this.stream(signal, () => {
          backoff.reset();
        })) {
          if (desired.generation === last) continue;
          last = desired.generation;
          yield desired;
        }
        if (aborted(signal)) return;
        this.log('warn', 'watch', `the service closed the watch stream of ${this.options.switchName}`);
      } catch (e) {
        if (aborted(signal)) return;
        if (e instanceof SourceError && !e.retryable) throw e;
        this.log('warn', 'watch', `watch stream lost: ${e instanceof Error ? e.message : String(e)}`);
      }
      const delay = backoff.next();
      this.log('info', 'watch', `reconnecting the watch stream in ${delay} ms`, { retryInMs: delay });
      await this.clock.sleep(delay, signal);
    }
  }

  /** One connection: the Agent as each event carries it. */
  private async *stream(signal: AbortSignal, onData: () => void): AsyncIterable<DesiredState> {
    const what = `GET ${this.base}/watch`;
    const connection = new AbortController();
    const both = AbortSignal.any([signal, connection.signal]);
    let response: Response;
    try {
      response = await fetch(`${this.base}/watch`, { headers: this.headers({ accept: 'text/event-stream' }), signal: both });
    } catch (e) {
      throw networkError(e, what);
    }
    if (!response.ok || response.body === null) throw await responseError(response, what);
    const idleMs = this.options.idleMs ?? DEFAULT_IDLE_MS;
    let lastData = this.clock.now().getTime();
    const watchdog = (async (): Promise<void> => {
      while (!both.aborted) {
        await this.clock.sleep(idleMs, both);
        if (!aborted(both) && this.clock.now().getTime() - lastData >= idleMs) connection.abort(new Error(`no data on the watch stream for ${idleMs} ms`));
      }
    })();
    const events: EventSourceMessage[] = [];
    const parser = createParser({
      onEvent: (event) => events.push(event),
      onComment: () => undefined,
    });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        lastData = this.clock.now().getTime();
        onData();
        parser.feed(value);
        for (const event of events.splice(0)) {
          if (event.event === 'DELETED') {
            this.log('warn', 'watch', `the service deleted the Agent of ${this.options.switchName}; keeping the last desired state`);
            continue;
          }
          if (event.event !== 'ADDED' && event.event !== 'MODIFIED') continue;
          let object: unknown;
          try {
            object = JSON.parse(event.data);
          } catch {
            this.log('warn', 'watch', `an event on the watch stream is not JSON; ignored`);
            continue;
          }
          yield this.desiredOf(object, what);
        }
      }
    } catch (e) {
      if (connection.signal.aborted && !signal.aborted) throw new SourceError(`${what}: ${connection.signal.reason instanceof Error ? connection.signal.reason.message : 'aborted'}`, true);
      throw e instanceof SourceError ? e : networkError(e, what);
    } finally {
      connection.abort();
      await reader.cancel().catch(() => undefined);
      await watchdog;
    }
  }
}
