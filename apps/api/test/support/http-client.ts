/** Plain HTTP calls for the service tests: JSON in, status and JSON (or text) out. */
export interface Reply<T = unknown> {
  readonly status: number;
  readonly body: T;
  readonly text: string;
  readonly headers: Headers;
}

export async function call<T = unknown>(base: string, token: string | undefined, method: string, path: string, body?: unknown, raw?: string): Promise<Reply<T>> {
  const headers: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` };
  const payload = raw ?? (body === undefined ? undefined : JSON.stringify(body));
  if (payload !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${base}${path}`, { method, headers, ...(payload === undefined ? {} : { body: payload }) });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON (metrics): the text is the body
  }
  return { status: response.status, body: parsed as T, text, headers: response.headers };
}

/** A GraphQL request over POST /graphql. */
export function graphql<T = unknown>(base: string, token: string, query: string, variables?: Record<string, unknown>): Promise<Reply<T>> {
  return call<T>(base, token, 'POST', '/graphql', { query, ...(variables === undefined ? {} : { variables }) });
}

/** Everything an error body or a GraphQL error says, as one string to search for a field path. */
export function errorText(reply: Reply): string {
  return reply.text;
}
