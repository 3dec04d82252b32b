/** The service's answers, turned into SourceErrors a person can act on and the loop can retry or not. */
import { SourceError } from '../core/desired-state-source.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A response that is not 2xx: 401/403/400 need a person; 404 (no such switch yet), 429 and 5xx are retried. */
export async function responseError(response: Response, what: string): Promise<SourceError> {
  let detail = '';
  try {
    const body: unknown = await response.json();
    if (isObject(body) && typeof body.message === 'string') detail = `: ${body.message}`;
  } catch {
    // not JSON: the status says enough
  }
  const retryable = response.status === 404 || response.status === 408 || response.status === 429 || response.status >= 500;
  return new SourceError(`${what}: HTTP ${response.status}${detail}`, retryable, response.status);
}

/** fetch threw: the service is unreachable (or the request timed out). */
export function networkError(e: unknown, what: string): SourceError {
  const cause = e instanceof Error && e.cause instanceof Error ? e.cause.message : undefined;
  const text = e instanceof Error ? e.message : String(e);
  return new SourceError(`${what}: ${cause ?? text}`, true);
}
