/**
 * The web console at `/`: the files Vite built into apps/console/dist, served by @fastify/static
 * from the same process and port as the API. Hashed assets (`/assets/*`) are cached for a year
 * (their names change with their content); index.html is revalidated on every load, so a new
 * build shows at once. Any other GET of a path without a file extension is a client route of the
 * console and gets index.html; the service's own prefixes never do (they keep their JSON 404).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** dist/apps/api/src/http/ -> apps/console/dist at the repository root. */
export const CONSOLE_DIR = resolve(import.meta.dirname, '../../../../../apps/console/dist');

/** Paths the console never answers: the API, GraphQL, probes and metrics. */
export const RESERVED_PREFIXES = ['/api', '/graphql', '/healthz', '/readyz', '/metrics'];

/** The catch-all route of client routes; what it does not serve counts as unmatched in /metrics. */
export const CONSOLE_FALLBACK_ROUTE = '/*';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/**
 * What every console page is sent with: no framing, no referrer, nothing loaded from elsewhere.
 * Scripts only from this origin; styles may be inline because React Aria injects small <style>s.
 */
export const CONSOLE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

export function isReserved(path: string): boolean {
  return RESERVED_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}?`));
}

/** A client route (`/vpcs/default/blue`), not a file (`/assets/x.js`, `/favicon.ico`). */
export function isClientRoute(path: string): boolean {
  const last = path.split('?')[0]?.split('/').pop() ?? '';
  return !isReserved(path) && !last.includes('.');
}

export function cacheControlFor(path: string): string {
  return path.includes('/assets/') ? IMMUTABLE : REVALIDATE;
}

/**
 * Registers the console on the app, before `init()`. Without a build (`npm run build` makes one)
 * `/` says so in the service's JSON error shape instead of a bare 404.
 */
export async function serveConsole(app: NestFastifyApplication, root: string = CONSOLE_DIR): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const built = existsSync(join(root, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, {
      root,
      prefix: '/',
      wildcard: false,
      index: false,
      // the compressed variants are not built; the files are small and served from loopback or a proxy
      preCompressed: false,
      setHeaders: (reply, path) => {
        void reply.header('cache-control', cacheControlFor(path)).headers(CONSOLE_HEADERS);
      },
    });
  }
  const page = (request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined => {
    if (!isClientRoute(request.url)) {
      reply.callNotFound();
      return undefined;
    }
    if (!built) {
      return reply
        .status(404)
        .header('content-type', 'application/json; charset=utf-8')
        .send({ code: 'not-found', message: `the web console is not built: npm run build writes it to ${root}`, requestId: request.id });
    }
    return reply.header('cache-control', REVALIDATE).headers(CONSOLE_HEADERS).sendFile('index.html', root);
  };
  fastify.get('/', page);
  fastify.get(CONSOLE_FALLBACK_ROUTE, page);
}
