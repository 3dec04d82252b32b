/**
 * WEFT_METRICS_ADDRESS: Prometheus metrics on a listener of their own, without a token (on the
 * main listener /metrics needs an architect or viewer token). Meant for a loopback or management
 * address a scraper reaches; it serves /metrics and nothing else.
 */
import { createServer, type Server } from 'node:http';
import { exposition, type WeftMetrics } from './metrics.js';

export interface MetricsListener {
  readonly port: number;
  close(): Promise<void>;
}

export async function serveMetricsOnly(metrics: WeftMetrics, address: { readonly host: string; readonly port: number }): Promise<MetricsListener> {
  const server: Server = createServer((request, response) => {
    if (request.method !== 'GET' || (request.url ?? '').split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'application/json; charset=utf-8' }).end('{"code":"not-found","message":"this listener serves GET /metrics only"}');
      return;
    }
    exposition(metrics, request.headers.accept).then(
      ({ contentType, body }) => {
        response.writeHead(200, { 'content-type': contentType }).end(body);
      },
      () => {
        response.writeHead(500).end();
      },
    );
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(address.port, address.host, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  const bound = server.address();
  return {
    port: typeof bound === 'object' && bound !== null ? bound.port : address.port,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => {
          resolveClose();
        });
      }),
  };
}
