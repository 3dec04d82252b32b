import { Type, type TSchema } from '@sinclair/typebox';

/** A DNS-1123 label, as Kubernetes requires for names of most objects. */
export const NAME_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
export const NAME_MAX_LENGTH = 63;

export const ObjectName = Type.String({
  pattern: NAME_PATTERN,
  maxLength: NAME_MAX_LENGTH,
  description: 'lower-case letters, digits and "-", starting and ending with a letter or digit',
});

/** `switch/port`, e.g. `leaf1/Ethernet0`. */
export const PortRef = Type.String({
  pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?/[A-Za-z][A-Za-z0-9/._:-]*$',
  maxLength: 128,
  description: '<device>/<port>, e.g. leaf1/Ethernet0',
});

/** A port name on a device, e.g. `Ethernet0` or `eth1`. */
export const PortName = Type.String({
  pattern: '^[A-Za-z][A-Za-z0-9/._:-]*$',
  maxLength: 64,
  description: 'a port name such as Ethernet0 or eth1',
});

export const Labels = Type.Record(Type.String({ maxLength: 317 }), Type.String({ maxLength: 63 }), {
  description: 'Kubernetes-style labels',
});

export const ObjectMeta = Type.Object(
  {
    name: ObjectName,
    namespace: Type.Optional(ObjectName),
    labels: Type.Optional(Labels),
    annotations: Type.Optional(Type.Record(Type.String(), Type.String())),
    uid: Type.Optional(Type.String()),
    resourceVersion: Type.Optional(Type.String()),
    generation: Type.Optional(Type.Integer()),
    creationTimestamp: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);

export const Condition = Type.Object({
  type: Type.String({ description: 'Accepted, Ready, Degraded, Applied, Drifted' }),
  status: Type.Union([Type.Literal('True'), Type.Literal('False'), Type.Literal('Unknown')]),
  reason: Type.String(),
  message: Type.Optional(Type.String()),
  lastTransitionTime: Type.Optional(Type.String()),
  observedGeneration: Type.Optional(Type.Integer()),
});

/**
 * A CEL rule for the CRD (`x-kubernetes-validations`): what the apiserver itself checks on write,
 * where a structural schema cannot say it. Weft's own validation ignores it (the compiler checks
 * the same things with its diagnostics); the OpenAPI document leaves it out.
 */
export interface CelRule {
  readonly rule: string;
  readonly message?: string;
  /** a CEL expression for the message, so it can name the value */
  readonly messageExpression?: string;
}

/** The schema option that carries CEL rules, spelled as Kubernetes spells it. */
export function celRules(...rules: CelRule[]): { 'x-kubernetes-validations': CelRule[] } {
  return { 'x-kubernetes-validations': rules };
}

/** One printer column of a CRD (`kubectl get` output). */
export interface PrinterColumn {
  readonly name: string;
  readonly type: 'string' | 'integer' | 'date' | 'number' | 'boolean';
  readonly jsonPath: string;
  readonly description?: string;
  readonly priority?: number;
}

/** Everything the generators and the loader need to know about one kind. */
export interface ResourceDefinition {
  readonly group: string;
  readonly version: 'v1alpha1';
  readonly kind: string;
  readonly plural: string;
  readonly singular: string;
  readonly shortNames: readonly string[];
  readonly scope: 'Namespaced' | 'Cluster';
  readonly description: string;
  readonly spec: TSchema;
  readonly status?: TSchema;
  readonly printerColumns: readonly PrinterColumn[];
}

export const IPV4_ADDRESS_PATTERN =
  '^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$';
export const IPV4_CIDR_PATTERN =
  '^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])/(3[0-2]|[12]?[0-9])$';

export const Ipv4Address = Type.String({
  maxLength: 15,
  pattern: IPV4_ADDRESS_PATTERN,
  description: 'an IPv4 address, e.g. 10.0.0.1',
});
export const Ipv4Cidr = Type.String({
  maxLength: 18,
  pattern: IPV4_CIDR_PATTERN,
  description: 'an IPv4 prefix such as 10.1.0.0/24',
  ...celRules({ rule: 'isCIDR(self) && cidr(self).ip().family() == 4', messageExpression: "self + ' is not an IPv4 prefix such as 10.1.0.0/24'" }),
});
export const Asn = Type.Integer({ minimum: 1, maximum: 4294967294, description: 'a BGP AS number' });
