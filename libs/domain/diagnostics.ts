/**
 * Problems are data: every stage returns diagnostics with a stable code, the path of the
 * object (and field) they are about, and a message a person can act on. Stages report all
 * problems they find, not the first.
 */
export type Severity = 'error' | 'warning';

export interface ObjectRef {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  /** e.g. `VPC default/blue spec.subnets.web.cidr` */
  readonly path: string;
  readonly message: string;
  readonly hint?: string;
  /** file:line of the document, when it came from a file. */
  readonly source?: string;
}

export function objectKey(ref: ObjectRef): string {
  return ref.namespace === undefined ? ref.name : `${ref.namespace}/${ref.name}`;
}

export function objectPath(ref: ObjectRef, field?: string): string {
  const base = `${ref.kind} ${objectKey(ref)}`;
  return field === undefined || field === '' ? base : `${base} ${field}`;
}

/** The catalogue: codes are stable, never reused for another meaning. */
export const DIAGNOSTIC_CODES = {
  // documents and schema (WF1xx)
  PARSE: 'WF100',
  NOT_AN_OBJECT: 'WF101',
  UNKNOWN_KIND: 'WF102',
  SCHEMA: 'WF103',
  DUPLICATE_NAME: 'WF104',
  MISSING_NAMESPACE: 'WF105',
  UNEXPECTED_NAMESPACE: 'WF106',
  IMMUTABLE_FIELD: 'WF107',
  // wiring (WF2xx)
  BAD_PORT_REF: 'WF200',
  UNKNOWN_DEVICE: 'WF201',
  UNKNOWN_PORT: 'WF202',
  PORT_IN_USE: 'WF203',
  CONNECTION_TYPE: 'WF204',
  CONNECTION_ROLE: 'WF205',
  DUPLICATE_ASN: 'WF206',
  DUPLICATE_ROUTER_ID: 'WF207',
  BAD_ADDRESS: 'WF208',
  BORDER_OS: 'WF209',
  PORT_SETTING: 'WF210',
  LINK_MTU: 'WF211',
  // EVPN multihoming (WF22x)
  ESLAG_SWITCHES: 'WF220',
  ESLAG_FORWARDER: 'WF221',
  ESLAG_ESI: 'WF222',
  ESLAG_NEEDS_EVPN: 'WF223',
  // intents (WF3xx)
  BAD_CIDR: 'WF300',
  GATEWAY_OUTSIDE: 'WF301',
  DHCP_OUTSIDE: 'WF302',
  SUBNET_OVERLAP: 'WF303',
  PEERED_OVERLAP: 'WF304',
  UNKNOWN_VPC: 'WF305',
  UNKNOWN_SUBNET: 'WF306',
  UNKNOWN_CONNECTION: 'WF307',
  ATTACH_CONNECTION_TYPE: 'WF308',
  NATIVE_VLAN_TWICE: 'WF309',
  DUPLICATE_ATTACHMENT: 'WF310',
  PEERING_SELF: 'WF311',
  PEERING_DUPLICATE: 'WF312',
  UNKNOWN_EXTERNAL: 'WF313',
  EXTERNAL_NEEDS_L3VNI: 'WF314',
  RESERVED_OVERLAP: 'WF315',
  PEERING_REACH: 'WF316',
  // inside a VPC and richer externals (WF33x)
  INSIDE_PERMIT: 'WF330',
  STATIC_ROUTE: 'WF331',
  COMMUNITY: 'WF332',
  EXTERNAL_VLAN: 'WF333',
  EXTERNAL_PORT_SHARED: 'WF334',
  EXTERNAL_ADDRESS: 'WF335',
  STATIC_EXTERNAL: 'WF336',
  EXTERNAL_ACL: 'WF337',
  // DHCP (WF34x; WF302 is the range)
  DHCP_MODE: 'WF340',
  DHCP_STATIC: 'WF341',
  // host BGP subnets (WF35x)
  HOST_BGP: 'WF350',
  HOST_BGP_CONNECTION: 'WF351',
  // policy and limits (WF4xx)
  POLICY_RANGE: 'WF400',
  POLICY_MULTIPLE: 'WF401',
  LIMIT_VPCS: 'WF402',
  LIMIT_SUBNETS: 'WF403',
  POLICY_LINKS: 'WF404',
  // allocation (WF5xx)
  POOL_EXHAUSTED: 'WF500',
  ALLOCATION_CONFLICT: 'WF501',
  PREVIOUS_ALLOCATIONS: 'WF502',
  // compile (WF6xx)
  VLAN_UNJOINABLE: 'WF600',
  NO_VTEP: 'WF601',
  VLAN_PEERING: 'WF602',
  // templates (WF7xx)
  TEMPLATE_SYNTAX: 'WF700',
  TEMPLATE_RENDER: 'WF701',
  TEMPLATE_OWNED: 'WF702',
  TEMPLATE_OUTPUT: 'WF703',
  TEMPLATE_TARGET: 'WF704',
} as const;

export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[keyof typeof DIAGNOSTIC_CODES];

export function error(code: DiagnosticCode, path: string, message: string, hint?: string): Diagnostic {
  return hint === undefined ? { code, severity: 'error', path, message } : { code, severity: 'error', path, message, hint };
}

export function warning(code: DiagnosticCode, path: string, message: string, hint?: string): Diagnostic {
  return hint === undefined
    ? { code, severity: 'warning', path, message }
    : { code, severity: 'warning', path, message, hint };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Stable order: by path, then code, then message. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) => compareText(a.path, b.path) || compareText(a.code, b.code) || compareText(a.message, b.message),
  );
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.source === undefined ? '' : ` (${d.source})`;
  const hint = d.hint === undefined ? '' : `\n    hint: ${d.hint}`;
  return `${d.severity} ${d.code} ${d.path}${where}: ${d.message}${hint}`;
}

/** Byte-order comparison: locale-independent, so output is the same on every machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Natural order for names with numbers: Ethernet2 before Ethernet10, leaf2 before leaf10.
 * Runs of digits compare by value (leading zeros aside, so it is exact for any length); other
 * characters by code unit; ties fall back to plain order, so the order is total. It scans the
 * strings in place, because it sorts every table of every device.
 */
export function compareNatural(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    if (isDigit(ca) && isDigit(cb)) {
      // past the end charCodeAt is NaN: neither "0" nor a digit, so each run stops there
      let si = i;
      let sj = j;
      while (a.charCodeAt(si) === 48) si++;
      while (b.charCodeAt(sj) === 48) sj++;
      let ei = si;
      let ej = sj;
      while (isDigit(a.charCodeAt(ei))) ei++;
      while (isDigit(b.charCodeAt(ej))) ej++;
      if (ei - si !== ej - sj) return ei - si - (ej - sj);
      for (let k = 0; k < ei - si; k++) {
        const d = a.charCodeAt(si + k) - b.charCodeAt(sj + k);
        if (d !== 0) return d;
      }
      i = ei;
      j = ej;
      continue;
    }
    if (ca !== cb) return ca - cb;
    i++;
    j++;
  }
  if (a.length - i !== b.length - j) return a.length - i - (b.length - j);
  return compareText(a, b);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
