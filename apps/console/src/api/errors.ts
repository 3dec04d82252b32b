/**
 * A refused write's diagnostics, from a GraphQL error's extensions ({code, diagnostics}: the same
 * as REST's error body), and one sentence for everything else.
 */
import type { CombinedError } from 'urql';
import type { Diagnostic } from '#console-model';

export interface WriteProblem {
  readonly code: string;
  readonly message: string;
  readonly diagnostics: readonly Diagnostic[];
}

function isDiagnostic(value: unknown): value is Diagnostic {
  if (typeof value !== 'object' || value === null) return false;
  const d = value as Record<string, unknown>;
  return typeof d.code === 'string' && typeof d.path === 'string' && typeof d.message === 'string';
}

export function writeProblem(error: CombinedError): WriteProblem {
  const first = error.graphQLErrors[0];
  if (first === undefined) return { code: 'network', message: error.networkError?.message ?? error.message, diagnostics: [] };
  const extensions = first.extensions as { code?: unknown; diagnostics?: unknown };
  const diagnostics = Array.isArray(extensions.diagnostics) ? extensions.diagnostics.filter(isDiagnostic) : [];
  return { code: typeof extensions.code === 'string' ? extensions.code : 'error', message: first.message, diagnostics };
}

/** True when the service refused the token: the session is over. */
export function isUnauthenticated(error: CombinedError | undefined): boolean {
  if (error === undefined) return false;
  const status = (error.response as { status?: number } | undefined)?.status;
  return status === 401 || error.graphQLErrors.some((e) => (e.extensions as { code?: unknown }).code === 'unauthenticated');
}
