/**
 * The controller with its admission webhook: TLS from the installation's CA Secret, the HTTPS
 * server, and the registration, renewed by each new leader (its URL, or the caBundle of the
 * configuration deploy/ installed).
 */
import { Controller, type ControllerOptions } from './controller.js';
import type { ControllerSession } from './session.js';
import type { ControllerStore } from './store-port.js';
import { DEFAULT_CONFIGURATION, register, unregister } from './webhook/registration.js';
import { startWebhookServer, WEBHOOK_PATH, type WebhookServer } from './webhook/server.js';
import { servingTls } from './webhook/tls.js';

export interface WebhookSettings {
  readonly host: string;
  /** 0: any free port */
  readonly port: number;
  /** register the webhook with this URL; `{port}` is replaced by the port listened on */
  readonly url?: string;
  /** the ValidatingWebhookConfiguration's name (default `weft`) */
  readonly configuration?: string;
  readonly secretName?: string;
  /** names in the serving certificate (the Service's DNS names in a cluster) */
  readonly dnsNames?: readonly string[];
  readonly ipAddresses?: readonly string[];
  /** delete a URL registration when the controller stops (tests) */
  readonly unregisterOnStop?: boolean;
}

export interface RunOptions extends Omit<ControllerOptions, 'onSession'> {
  readonly webhook?: false | WebhookSettings;
}

export interface RunningController {
  readonly controller: Controller;
  /** the webhook's port, when it serves one */
  readonly webhookPort?: number;
  readonly webhookUrl?: string;
  stop(): Promise<void>;
}

export async function runController(options: RunOptions): Promise<RunningController> {
  let session: ControllerSession | undefined;
  let store: ControllerStore | undefined;
  let server: WebhookServer | undefined;
  let url: string | undefined;
  const settings = options.webhook === false ? undefined : options.webhook;
  const configuration = settings?.configuration ?? DEFAULT_CONFIGURATION;
  let caBundle = '';
  const controller = new Controller({
    ...options,
    onSession: async (next, nextStore) => {
      session = next;
      store = nextStore;
      if (next === undefined || settings === undefined) return;
      await register(options.kubeconfig, {
        name: configuration,
        caBundle,
        ...(url === undefined ? {} : { url }),
        ...(options.labelSelector === undefined ? {} : { labelSelector: options.labelSelector }),
      });
      options.log('info', url === undefined ? 'webhook caBundle set' : 'webhook registered', { configuration, ...(url === undefined ? {} : { url }) });
    },
  });
  if (settings !== undefined) {
    await controller.ensureNamespace();
    const tls = await servingTls(options.kubeconfig, {
      namespace: controller.namespace,
      secretName: settings.secretName ?? 'weft-webhook-ca',
      dnsNames: settings.dnsNames ?? ['localhost'],
      ipAddresses: settings.ipAddresses ?? ['127.0.0.1'],
    });
    caBundle = tls.caBundle;
    server = await startWebhookServer(
      tls,
      { host: settings.host, port: settings.port },
      () => ({ store, session, objects: controller.objects, ...(options.labelSelector === undefined ? {} : { labelSelector: options.labelSelector }) }),
      options.log,
    );
    const port = server.port;
    url = settings.url?.replaceAll('{port}', String(port));
    options.log('info', 'webhook listening', { host: settings.host, port, path: WEBHOOK_PATH });
  }
  await controller.start();
  let stopping: Promise<void> | undefined;
  const stop = async (): Promise<void> => {
    await controller.stop();
    await server?.close();
    if (url !== undefined && settings?.unregisterOnStop === true) await unregister(options.kubeconfig, configuration);
  };
  return {
    controller,
    ...(server === undefined ? {} : { webhookPort: server.port }),
    ...(url === undefined ? {} : { webhookUrl: url }),
    stop: () => (stopping ??= stop()),
  };
}
