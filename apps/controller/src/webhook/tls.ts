/**
 * The webhook's TLS: one CA per installation, kept in a Secret beside the controller so every
 * replica (and the next leader) serves certificates the apiserver already trusts; each process
 * issues its own serving certificate from it at start. The first controller creates the Secret;
 * a race between two is settled by the apiserver (409: read the winner's).
 */
import * as k8s from '@kubernetes/client-node';
import { statusOf } from '../kube/client.js';
import { createCertificateAuthority, issueCertificate, loadCertificateAuthority, type KeyPairPem } from '../tls/pki.js';

export interface ServingTls {
  /** PEM of the CA: the webhook configuration's caBundle */
  readonly caBundle: string;
  readonly cert: string;
  readonly key: string;
}

export interface TlsOptions {
  readonly namespace: string;
  readonly secretName: string;
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
}

const b64 = (text: string): string => Buffer.from(text).toString('base64');
const unb64 = (text: string | undefined): string => Buffer.from(text ?? '', 'base64').toString('utf8');

async function loadOrCreateCa(core: k8s.CoreV1Api, options: TlsOptions): Promise<KeyPairPem> {
  const { namespace, secretName } = options;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const secret = await core.readNamespacedSecret({ name: secretName, namespace });
      const cert = unb64(secret.data?.['ca.crt']);
      const key = unb64(secret.data?.['ca.key']);
      if (cert.includes('BEGIN CERTIFICATE') && key.includes('PRIVATE KEY')) return { cert, key };
      throw new Error(`Secret ${namespace}/${secretName} has no ca.crt and ca.key; delete it and the controller makes a new one`);
    } catch (e) {
      if (statusOf(e) !== 404) throw e;
    }
    const ca = await createCertificateAuthority('weft-webhook-ca', 3650);
    try {
      await core.createNamespacedSecret({
        namespace,
        body: {
          metadata: { name: secretName, namespace, labels: { 'app.kubernetes.io/managed-by': 'weft-controller' } },
          type: 'Opaque',
          data: { 'ca.crt': b64(ca.cert), 'ca.key': b64(ca.key) },
        },
      });
      return { cert: ca.cert, key: ca.key };
    } catch (e) {
      if (statusOf(e) !== 409) throw e;
    }
  }
  throw new Error(`could not read or create Secret ${namespace}/${secretName}`);
}

export async function servingTls(kubeconfig: k8s.KubeConfig, options: TlsOptions): Promise<ServingTls> {
  const core = kubeconfig.makeApiClient(k8s.CoreV1Api);
  const ca = await loadCertificateAuthority(await loadOrCreateCa(core, options));
  const serving = await issueCertificate(ca, {
    commonName: options.dnsNames[0] ?? options.ipAddresses[0] ?? 'weft-controller',
    usage: 'server',
    dnsNames: options.dnsNames,
    ipAddresses: options.ipAddresses,
  });
  return { caBundle: ca.cert, cert: serving.cert, key: serving.key };
}
