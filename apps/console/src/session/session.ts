/**
 * The signed-in token: kept in this tab's sessionStorage (gone when the tab closes, never in a
 * URL, never in localStorage), with who it is, from GET /api/v1/whoami.
 */
import type { Identity } from '#console-model';

const TOKEN_KEY = 'weft.token';

export function storedToken(): string | undefined {
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

export function storeToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
}

export function forgetToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

export class UnauthenticatedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnauthenticatedError';
  }
}

/** Who a token is; UnauthenticatedError for an unknown or revoked one. */
export async function whoami(token: string): Promise<Identity> {
  const response = await fetch('/api/v1/whoami', { headers: { authorization: `Bearer ${token}` } });
  if (response.status === 401) throw new UnauthenticatedError('This token is not valid: it is unknown or was revoked.');
  if (!response.ok) throw new Error(`The service answered ${response.status}; try again.`);
  return (await response.json()) as Identity;
}
