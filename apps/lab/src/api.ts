/** The lab's client of the `weft serve` it started: plain REST with a bearer token. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(`${what}: ${status} ${describe(body)}`);
    this.name = 'ApiError';
  }
}

function describe(body: unknown): string {
  if (typeof body === 'object' && body !== null) {
    const { message, diagnostics } = body as { message?: unknown; diagnostics?: unknown };
    const lines = Array.isArray(diagnostics)
      ? diagnostics.map((d: unknown) => {
          const { path, message: m } = (d ?? {}) as { path?: unknown; message?: unknown };
          return `${String(path)}: ${String(m)}`;
        })
      : [];
    return [typeof message === 'string' ? message : JSON.stringify(body), ...lines].join('\n  ');
  }
  return String(body);
}

export interface ResourceObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly spec: unknown;
  readonly status?: unknown;
}

export class LabApi {
  constructor(
    readonly base: string,
    private readonly token: string,
  ) {}

  async request(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    let value: unknown = text;
    try {
      value = text === '' ? undefined : JSON.parse(text);
    } catch {
      // a text body
    }
    if (!response.ok) throw new ApiError(response.status, value, `${method} ${path}`);
    return value;
  }

  async list(collection: string): Promise<ResourceObject[]> {
    const items: ResourceObject[] = [];
    let next: string | undefined;
    do {
      const page = (await this.request('GET', `/api/v1/${collection}?limit=500${next === undefined ? '' : `&continue=${encodeURIComponent(next)}`}`)) as {
        items?: ResourceObject[];
        metadata?: { continue?: string };
      };
      items.push(...(page.items ?? []));
      next = page.metadata?.continue;
    } while (next !== undefined && next !== '');
    return items;
  }
}

export async function waitReady(base: string, timeoutMs: number, stillRunning: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (!(await stillRunning())) throw new Error('weft serve stopped while starting (see its log)');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`weft serve was not ready within ${timeoutMs / 1000} s`);
}
