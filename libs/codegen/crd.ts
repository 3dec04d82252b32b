/**
 * One CustomResourceDefinition per resource kind, generated from its ResourceDefinition so that
 * `kubectl apply -f crds/` accepts exactly the objects `weft validate` accepts (as far as a
 * structural schema can say it; the rest is checked by the controller with the same code).
 */
import { dump } from 'js-yaml';
import { CONNECTION, CONNECTION_TYPES, type PrinterColumn, type ResourceDefinition } from '#api';
import { exactlyOneOfRule, toKubernetesSchema, type KubernetesSchema, type ValidationRule } from './kubernetes-schema.js';

export const CRD_CATEGORY = 'weft';

export const GENERATED_HEADER = '# Generated from api/ by `npm run generate`. Do not edit.\n';

export interface CustomResourceDefinition {
  readonly apiVersion: 'apiextensions.k8s.io/v1';
  readonly kind: 'CustomResourceDefinition';
  readonly metadata: { readonly name: string };
  readonly spec: {
    readonly group: string;
    readonly names: {
      readonly kind: string;
      readonly listKind: string;
      readonly plural: string;
      readonly singular: string;
      readonly shortNames?: readonly string[];
      readonly categories: readonly string[];
    };
    readonly scope: ResourceDefinition['scope'];
    readonly versions: readonly CustomResourceVersion[];
  };
}

export interface CustomResourceVersion {
  readonly name: string;
  readonly served: boolean;
  readonly storage: boolean;
  readonly schema: { readonly openAPIV3Schema: KubernetesSchema };
  readonly subresources?: { readonly status: Record<string, never> };
  readonly additionalPrinterColumns: readonly PrinterColumn[];
}

/** `<plural>.<group>`, the name Kubernetes requires for a CRD. */
export function crdName(definition: ResourceDefinition): string {
  return `${definition.plural}.${definition.group}`;
}

export function buildCrd(definition: ResourceDefinition): CustomResourceDefinition {
  const version: CustomResourceVersion = {
    name: definition.version,
    served: true,
    storage: true,
    schema: { openAPIV3Schema: objectSchema(definition) },
    ...(definition.status === undefined ? {} : { subresources: { status: {} } }),
    additionalPrinterColumns: printerColumns(definition),
  };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: crdName(definition) },
    spec: {
      group: definition.group,
      names: {
        kind: definition.kind,
        listKind: `${definition.kind}List`,
        plural: definition.plural,
        singular: definition.singular,
        ...(definition.shortNames.length === 0 ? {} : { shortNames: [...definition.shortNames] }),
        categories: categories(definition),
      },
      scope: definition.scope,
      versions: [version],
    },
  };
}

/** The CRD as YAML; every mapping's keys sorted, so the text depends on content only. */
export function renderCrd(definition: ResourceDefinition): string {
  return GENERATED_HEADER + dump(buildCrd(definition), { sortKeys: true, noRefs: true, lineWidth: -1 });
}

/** The root schema: the Kubernetes object envelope around the converted spec and status. */
function objectSchema(definition: ResourceDefinition): KubernetesSchema {
  const properties: Record<string, KubernetesSchema> = {
    apiVersion: { type: 'string', description: `${definition.group}/${definition.version}` },
    kind: { type: 'string', description: definition.kind },
    // The apiserver validates metadata itself and allows nothing but `type: object` here.
    metadata: { type: 'object' },
    spec: specSchema(definition),
  };
  if (definition.status !== undefined) properties.status = toKubernetesSchema(definition.status, 'status');
  return { description: definition.description, type: 'object', required: ['spec'], properties };
}

function specSchema(definition: ResourceDefinition): KubernetesSchema {
  const spec = toKubernetesSchema(definition.spec, 'spec');
  const rules = specRules(definition);
  if (rules.length === 0) return spec;
  return { ...spec, 'x-kubernetes-validations': [...(spec['x-kubernetes-validations'] ?? []), ...rules] };
}

/** Rules between fields that JSON Schema cannot say (the TypeBox schemas state them in prose). */
function specRules(definition: ResourceDefinition): readonly ValidationRule[] {
  if (definition.kind === CONNECTION.kind) return [exactlyOneOfRule(CONNECTION_TYPES)];
  return [];
}

/**
 * `kubectl get weft` lists every Weft object; `kubectl get weft-vpc` (or weft-wiring,
 * weft-policy, weft-agent) the objects of one API group.
 */
function categories(definition: ResourceDefinition): string[] {
  return [CRD_CATEGORY, `${CRD_CATEGORY}-${definition.group.split('.')[0] ?? ''}`];
}

const AGE_COLUMN: PrinterColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };

/** Custom columns replace kubectl's default AGE column, so it is added back when missing. */
function printerColumns(definition: ResourceDefinition): readonly PrinterColumn[] {
  const columns = definition.printerColumns.map((column) => ({ ...column }));
  const hasAge = columns.some((column) => column.jsonPath === AGE_COLUMN.jsonPath);
  return hasAge ? columns : [...columns, { ...AGE_COLUMN }];
}
