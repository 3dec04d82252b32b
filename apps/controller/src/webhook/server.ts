/**
 * The admission webhook's HTTPS server: POST /validate takes an AdmissionReview (v1) and answers
 * with the decision; /healthz answers while the process runs, /readyz only while this controller
 * leads (so a Service sends reviews to the leader alone). Bodies are capped; a bad body is a 400.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { review, type AdmissionRequest, type ReviewContext } from './review.js';
import type { ServingTls } from './tls.js';

export const WEBHOOK_PATH = '/validate';
const MAX_BODY_BYTES = 3 * 1024 * 1024;

export interface WebhookServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startWebhookServer(
  tls: ServingTls,
  listen: { host: string; port: number },
  context: () => ReviewContext,
  log: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void,
): Promise<WebhookServer> {
  const server: Server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    const send = (code: number, body: unknown): void => {
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && req.url === '/healthz') {
      send(200, { ok: true });
      return;
    }
    if (req.method === 'GET' && req.url === '/readyz') {
      const ready = context().session?.isStarted === true;
      send(ready ? 200 : 503, { ready });
      return;
    }
    if (req.method !== 'POST' || req.url?.split('?')[0] !== WEBHOOK_PATH) {
      send(404, { message: 'not found' });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) req.destroy();
      else chunks.push(chunk);
    });
    req.on('end', () => {
      let request: AdmissionRequest;
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { apiVersion?: unknown; request?: AdmissionRequest };
        if (body.request === undefined || typeof body.request.uid !== 'string') throw new Error('no request');
        request = body.request;
      } catch {
        send(400, { message: 'expected an admission.k8s.io/v1 AdmissionReview with a request' });
        return;
      }
      review(request, context()).then(
        (response) => {
          if (!response.allowed) log('info', 'admission refused', { kind: request.kind.kind, namespace: request.namespace, name: request.name, operation: request.operation });
          send(200, { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response });
        },
        (error: unknown) => {
          // an error of ours must not block the cluster: allow, and say so (the status will tell)
          log('error', 'admission review failed', { error: error instanceof Error ? error.message : String(error) });
          send(200, { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: request.uid, allowed: true, warnings: ['Weft could not check this object now; its status will say whether it is accepted'] } });
        },
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
