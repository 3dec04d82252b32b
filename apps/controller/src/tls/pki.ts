/**
 * A small throwaway PKI: a CA and the certificates it signs, ECDSA P-256 (as envtest uses),
 * built with @peculiar/x509 on Node's WebCrypto. The dev cluster uses it for the apiserver's
 * serving and client certificates, the controller for its admission webhook.
 */
// @peculiar/x509 resolves its ASN.1 parsers through tsyringe, which needs the Reflect metadata API
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

type CryptoKeyPair = webcrypto.CryptoKeyPair;
const crypto = webcrypto;
// the library declares the DOM Crypto type; Node's WebCrypto is that object
x509.cryptoProvider.set(crypto as never);

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A certificate and its private key, both PEM. */
export interface KeyPairPem {
  readonly cert: string;
  readonly key: string;
}

export interface CertificateAuthority extends KeyPairPem {
  /** signs certificates; the same object works across calls */
  readonly signer: { readonly keys: CryptoKeyPair; readonly certificate: x509.X509Certificate };
}

export interface LeafOptions {
  /** the subject's common name: a user name for client certificates */
  readonly commonName: string;
  /** organisations: Kubernetes reads them as the user's groups */
  readonly organizations?: readonly string[];
  readonly dnsNames?: readonly string[];
  readonly ipAddresses?: readonly string[];
  readonly usage: 'server' | 'client';
  readonly days?: number;
}

function pem(label: string, der: ArrayBuffer): string {
  const body = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

async function privateKeyPem(keys: CryptoKeyPair): Promise<string> {
  return pem('PRIVATE KEY', await crypto.subtle.exportKey('pkcs8', keys.privateKey));
}

async function generateKeys(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(EC, true, ['sign', 'verify']);
}

/** RFC 4514 needs commas and the like escaped in a distinguished name's values. */
function escapeDn(value: string): string {
  return value.replace(/[,+"\\<>;=]/g, (c) => `\\${c}`);
}

function validity(days: number): { notBefore: Date; notAfter: Date } {
  const now = Date.now();
  // an hour back, so a clock a little behind still accepts a fresh certificate
  return { notBefore: new Date(now - 60 * 60 * 1000), notAfter: new Date(now + days * DAY_MS) };
}

export async function createCertificateAuthority(commonName: string, days = 365): Promise<CertificateAuthority> {
  const keys = await generateKeys();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    name: `CN=${escapeDn(commonName)}`,
    keys,
    signingAlgorithm: SIGNING,
    ...validity(days),
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert: certificate.toString('pem') + '\n', key: await privateKeyPem(keys), signer: { keys, certificate } };
}

/** Reads a CA written earlier (PEM certificate and PKCS#8 key), to sign more certificates. */
export async function loadCertificateAuthority(pair: KeyPairPem): Promise<CertificateAuthority> {
  const certificate = new x509.X509Certificate(pair.cert);
  const der = Buffer.from(pair.key.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''), 'base64');
  const privateKey = await crypto.subtle.importKey('pkcs8', der, EC, true, ['sign']);
  const publicKey = await crypto.subtle.importKey('spki', Buffer.from(certificate.publicKey.rawData), EC, true, ['verify']);
  return { ...pair, signer: { keys: { privateKey, publicKey }, certificate } };
}

export async function issueCertificate(ca: CertificateAuthority, options: LeafOptions): Promise<KeyPairPem> {
  const keys = await generateKeys();
  const names = [
    ...(options.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })),
    ...(options.ipAddresses ?? []).map((value) => ({ type: 'ip' as const, value })),
  ];
  const subject = [...(options.organizations ?? []).map((o) => `O=${escapeDn(o)}`), `CN=${escapeDn(options.commonName)}`].join(', ');
  const certificate = await x509.X509CertificateGenerator.create({
    subject,
    issuer: ca.signer.certificate.subject,
    publicKey: keys.publicKey,
    signingKey: ca.signer.keys.privateKey,
    signingAlgorithm: SIGNING,
    ...validity(options.days ?? 365),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([options.usage === 'server' ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth]),
      await x509.AuthorityKeyIdentifierExtension.create(ca.signer.keys.publicKey),
      ...(names.length === 0 ? [] : [new x509.SubjectAlternativeNameExtension(names)]),
    ],
  });
  return { cert: certificate.toString('pem') + '\n', key: await privateKeyPem(keys) };
}

/** A bare key pair (the apiserver's service-account signing key), PEM. */
export async function createSigningKey(): Promise<{ privateKey: string; publicKey: string }> {
  const keys = await generateKeys();
  return { privateKey: await privateKeyPem(keys), publicKey: pem('PUBLIC KEY', await crypto.subtle.exportKey('spki', keys.publicKey)) };
}
