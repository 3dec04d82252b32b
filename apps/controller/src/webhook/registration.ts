/**
 * The ValidatingWebhookConfiguration that sends Weft's objects to the webhook. Two ways:
 * - `url`: the controller registers itself (a controller outside the cluster, e.g. beside
 *   `weft dev cluster`): the configuration is created or replaced with that URL;
 * - `service`: deploy/ registered it with the controller's Service; the controller only fills in
 *   the caBundle of its CA.
 * failurePolicy Ignore: with no controller, objects are accepted and their status says why not.
 */
import * as k8s from '@kubernetes/client-node';
import { statusOf } from '../kube/client.js';
import { RECONCILED_KINDS } from '../kinds.js';

export const WEBHOOK_NAME = 'validate.weft.dev';
export const DEFAULT_CONFIGURATION = 'weft';

export interface Registration {
  /** the configuration's name (cluster-wide) */
  readonly name: string;
  readonly caBundle: string;
  /** register with this URL; without it, only the caBundle of an existing configuration is set */
  readonly url?: string;
  /** only objects with these labels (the controller's own selector, `a=b,c=d`) */
  readonly labelSelector?: string;
}

/** `a=b,c=d` as matchLabels; a selector with other operators cannot be one and is refused. */
export function matchLabels(selector: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const part of selector.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const match = /^([^=!\s]+)==?([^=!\s]*)$/.exec(part);
    if (match === null) throw new Error(`the label selector ${JSON.stringify(selector)} must be key=value pairs to scope the webhook`);
    labels[match[1] ?? ''] = match[2] ?? '';
  }
  return labels;
}

function webhook(registration: Registration & { url: string }): k8s.V1ValidatingWebhook {
  const groups = [...new Set(RECONCILED_KINDS.map((k) => k.group))].sort();
  return {
    name: WEBHOOK_NAME,
    admissionReviewVersions: ['v1'],
    // reviews are dry runs against the store: they change nothing
    sideEffects: 'None',
    failurePolicy: 'Ignore',
    timeoutSeconds: 10,
    matchPolicy: 'Equivalent',
    clientConfig: { url: registration.url, caBundle: Buffer.from(registration.caBundle).toString('base64') },
    rules: [{ apiGroups: groups, apiVersions: ['v1alpha1'], operations: ['CREATE', 'UPDATE', 'DELETE'], resources: ['*'], scope: '*' }],
    ...(registration.labelSelector === undefined ? {} : { objectSelector: { matchLabels: matchLabels(registration.labelSelector) } }),
  };
}

export async function register(kubeconfig: k8s.KubeConfig, registration: Registration): Promise<void> {
  const api = kubeconfig.makeApiClient(k8s.AdmissionregistrationV1Api);
  const { name, url } = registration;
  if (url !== undefined) {
    const body: k8s.V1ValidatingWebhookConfiguration = {
      metadata: { name, labels: { 'app.kubernetes.io/managed-by': 'weft-controller' } },
      webhooks: [webhook({ ...registration, url })],
    };
    try {
      const current = await api.readValidatingWebhookConfiguration({ name });
      await api.replaceValidatingWebhookConfiguration({ name, body: { ...body, metadata: { ...body.metadata, resourceVersion: current.metadata?.resourceVersion } } });
    } catch (e) {
      if (statusOf(e) !== 404) throw e;
      await api.createValidatingWebhookConfiguration({ body });
    }
    return;
  }
  let current: k8s.V1ValidatingWebhookConfiguration;
  try {
    current = await api.readValidatingWebhookConfiguration({ name });
  } catch (e) {
    if (statusOf(e) === 404) return;
    throw e;
  }
  const caBundle = Buffer.from(registration.caBundle).toString('base64');
  const webhooks = (current.webhooks ?? []).map((w) => ({ ...w, clientConfig: { ...w.clientConfig, caBundle } }));
  await api.replaceValidatingWebhookConfiguration({ name, body: { ...current, webhooks } });
}

/** Removes a configuration this controller registered with a URL (tests; `--webhook-url` users stopping). */
export async function unregister(kubeconfig: k8s.KubeConfig, name: string): Promise<void> {
  const api = kubeconfig.makeApiClient(k8s.AdmissionregistrationV1Api);
  try {
    await api.deleteValidatingWebhookConfiguration({ name });
  } catch (e) {
    if (statusOf(e) !== 404) throw e;
  }
}
