/**
 * PostgreSQL failures as the service reports them: a refused write as the client's problem
 * (409, 400) or the database's (503), and a failed connection as a sentence that names the cause
 * (refused, wrong password, no answer). The database's own text never reaches a client: it can
 * quote other tenants' data; the log has it.
 */
import { StoreError } from '../store/store.types.js';

interface PgLikeError {
  readonly code?: unknown;
  readonly constraint?: unknown;
  readonly message?: unknown;
}

function sqlState(e: unknown): string | undefined {
  const code = typeof e === 'object' && e !== null ? (e as PgLikeError).code : undefined;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** The database answered, but refused this data (a constraint, a value it cannot store). */
export function isDataRejection(e: unknown): boolean {
  const state = sqlState(e);
  return state !== undefined && (state.startsWith('22') || state.startsWith('23'));
}

/** The connection failed or the server is going away: the database is unavailable. */
export function isConnectionFailure(e: unknown): boolean {
  const state = sqlState(e);
  if (state === undefined) return true;
  return state.startsWith('08') || state.startsWith('57') || state.startsWith('53') || state.startsWith('58');
}

/** A database failure during a request, as the StoreError the transports answer with. */
export function requestFailure(e: unknown, what: string): StoreError {
  const state = sqlState(e);
  if (state === '23505') return new StoreError('conflict', `${what}: a number or name is already taken; nothing was changed, try again`);
  if (isDataRejection(e)) return new StoreError('invalid', `${what}: the database refused the data (SQLSTATE ${state ?? '?'}); nothing was changed`);
  return new StoreError('unavailable', `${what}: the database is not available; nothing was changed, try again later`, [], 5);
}

/** Why connecting to PostgreSQL at `where` (host:port, no password) failed, as one sentence. */
export function connectionFailureMessage(e: unknown, where: string, user: string, timeoutMs: number): string {
  const state = sqlState(e);
  const code = typeof e === 'object' && e !== null ? (e as PgLikeError).code : undefined;
  const text = e instanceof Error ? e.message : String(e);
  if (state === '28P01' || state === '28000') return `PostgreSQL at ${where} refused the password of user ${user} (SQLSTATE ${state})`;
  if (state === '3D000') return `PostgreSQL at ${where} has no such database (${text})`;
  if (state === '57P03') return `PostgreSQL at ${where} is starting up or shutting down (${text})`;
  if (code === 'ECONNREFUSED') return `PostgreSQL at ${where} refused the connection (nothing listens there)`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `PostgreSQL host of ${where} cannot be resolved`;
  if (/timeout/i.test(text)) return `PostgreSQL at ${where} did not answer within ${Math.round(timeoutMs / 1000)} s (it accepted the connection, or none could be made)`;
  return `PostgreSQL at ${where}: ${text}`;
}

/** SQLSTATE 23505: a unique constraint refused a second owner. */
export function isUniqueViolation(e: unknown): e is { code: string; constraint?: string; detail?: string } {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === '23505';
}
