import {
  NAME_MAX_LENGTH,
  NAME_PATTERN,
  RESOURCE_DEFINITIONS,
  findResourceDefinition,
} from '#api';
import { DIAGNOSTIC_CODES as C, error, type Diagnostic } from './diagnostics.js';
import type { AnyResource } from './resources.js';
import { unstorableText } from './own.js';
import { show, validateAgainstSchema } from './schema-validate.js';

/** A document as read from YAML or JSON, with where it came from. */
export interface RawDocument {
  readonly value: unknown;
  /** `file:line`, when known */
  readonly source?: string;
}

export interface ParseResult {
  readonly resources: AnyResource[];
  readonly diagnostics: Diagnostic[];
}

export const DEFAULT_NAMESPACE = 'default';

/** Kubernetes label syntax: an optional DNS prefix, then a name of at most 63 characters. */
const LABEL_KEY = /^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

const VPC_HINTS: Readonly<Record<string, string>> = {
  vlan: 'VLANs are chosen by the fabric policy, not by the VPC; `weft explain vpc/NAME` shows them',
  vni: 'VNIs are chosen by the fabric policy, not by the VPC; `weft explain vpc/NAME` shows them',
  mode: 'the isolation method is chosen by the FabricPolicy of the architecture team',
  isolation: 'the isolation method is chosen by the FabricPolicy of the architecture team',
  vrf: 'VRFs are allocated by Weft; `weft explain vpc/NAME` shows them',
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Names in paths are clipped: a hostile 100,000-character name must not make a 100 kB message. */
function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** `Kind namespace/name` of names already clipped; a cluster-wide object has no namespace here (parseDocument sets none). */
function documentPath(kind: string, namespace: string | undefined, name: string): string {
  return `${kind} ${namespace === undefined ? name : `${namespace}/${name}`}`;
}

/**
 * A Kubernetes Namespace (`apiVersion: v1`): manifests meant for kubectl carry them beside
 * Weft's objects, since the apiserver refuses objects in a namespace that does not exist.
 * Weft has nothing to do with them, so a list of documents reads past them.
 */
export function isKubernetesNamespace(value: unknown): boolean {
  return isObject(value) && value.apiVersion === 'v1' && value.kind === 'Namespace';
}

/** Parses one document into a typed resource, or explains every reason it cannot be one. */
export function parseDocument(doc: RawDocument): { resource?: AnyResource; diagnostics: Diagnostic[] } {
  const at = (d: Diagnostic): Diagnostic => (doc.source === undefined ? d : { ...d, source: doc.source });
  const value = doc.value;
  if (!isObject(value)) {
    const where = doc.source ?? 'document';
    return { diagnostics: [at(error(C.NOT_AN_OBJECT, where, `expected a resource object (apiVersion, kind, metadata, spec), got ${show(value)}`))] };
  }
  const kind = typeof value.kind === 'string' ? value.kind : undefined;
  const apiVersion = typeof value.apiVersion === 'string' ? value.apiVersion : undefined;
  const metadata = isObject(value.metadata) ? value.metadata : undefined;
  const rawName = metadata?.name;
  const name = typeof rawName === 'string' ? clip(rawName) : '<unnamed>';
  if (kind === undefined || apiVersion === undefined) {
    const missing = [kind === undefined ? 'kind' : undefined, apiVersion === undefined ? 'apiVersion' : undefined].filter(Boolean).join(' and ');
    return { diagnostics: [at(error(C.UNKNOWN_KIND, `${kind ?? 'document'} ${name}`, `${missing} is missing or not a string`))] };
  }
  const definition = findResourceDefinition(apiVersion, kind);
  if (definition === undefined) {
    const sameKind = RESOURCE_DEFINITIONS.find((d) => d.kind === kind);
    const hint =
      sameKind !== undefined
        ? `use apiVersion ${sameKind.group}/${sameKind.version}`
        : `known kinds: ${RESOURCE_DEFINITIONS.map((d) => d.kind).join(', ')}`;
    return { diagnostics: [at(error(C.UNKNOWN_KIND, `${kind} ${name}`, `unknown apiVersion/kind ${show(apiVersion)}/${show(kind)}`, hint))] };
  }
  const diagnostics: Diagnostic[] = [];
  const rawNamespace = metadata?.namespace;
  let namespace: string | undefined;
  if (definition.scope === 'Namespaced') {
    namespace = typeof rawNamespace === 'string' ? clip(rawNamespace) : DEFAULT_NAMESPACE;
  } else if (rawNamespace !== undefined) {
    diagnostics.push(error(C.UNEXPECTED_NAMESPACE, `${kind} ${name} metadata.namespace`, `${kind} is cluster-wide and takes no namespace`));
  }
  const path = documentPath(kind, namespace, name);
  if (metadata === undefined) {
    diagnostics.push(error(C.SCHEMA, `${path} metadata`, 'required field is missing'));
  } else {
    diagnostics.push(...checkMetadata(metadata, path));
  }
  if (!('spec' in value)) {
    diagnostics.push(error(C.SCHEMA, `${path} spec`, 'required field is missing'));
  } else {
    for (const p of validateAgainstSchema(definition.spec, value.spec, 'spec')) {
      // the last part of the dotted path
      const key = p.field.slice(p.field.lastIndexOf('.') + 1);
      const hint = p.hint ?? (kind === 'VPC' && p.message.startsWith('unknown field') ? VPC_HINTS[key] : undefined);
      diagnostics.push(error(C.SCHEMA, `${path} ${p.field}`, p.message, hint));
    }
  }
  if (diagnostics.length > 0) return { diagnostics: diagnostics.map(at) };
  const resource = {
    apiVersion,
    kind,
    metadata: { ...metadata, ...(namespace === undefined ? {} : { namespace }) },
    spec: value.spec,
    ...(value.status === undefined ? {} : { status: value.status }),
    ...(doc.source === undefined ? {} : { source: doc.source }),
  } as unknown as AnyResource;
  return { resource, diagnostics: [] };
}

function checkMetadata(metadata: Record<string, unknown>, path: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const checkName = (field: 'name' | 'namespace', required: boolean): void => {
    const v = metadata[field];
    if (v === undefined) {
      if (required) out.push(error(C.SCHEMA, `${path} metadata.${field}`, 'required field is missing'));
      return;
    }
    if (typeof v !== 'string') {
      out.push(error(C.SCHEMA, `${path} metadata.${field}`, `expected a string, got ${show(v)}`));
    } else if (v.length > NAME_MAX_LENGTH || !new RegExp(NAME_PATTERN).test(v)) {
      out.push(
        error(
          C.SCHEMA,
          `${path} metadata.${field}`,
          `${show(v)} is not a valid name: use at most ${NAME_MAX_LENGTH} lower-case letters, digits and "-", starting and ending with a letter or digit`,
        ),
      );
    }
  };
  checkName('name', true);
  checkName('namespace', false);
  const labels = metadata.labels;
  if (labels !== undefined) {
    if (!isObject(labels)) out.push(error(C.SCHEMA, `${path} metadata.labels`, `expected an object, got ${show(labels)}`));
    else {
      for (const [k, v] of Object.entries(labels)) {
        const field = `${path} metadata.labels.${clip(k)}`;
        // the patterns bound every part, so a huge key or value fails them quickly
        if (!LABEL_KEY.test(k)) out.push(error(C.SCHEMA, field, `${show(k)} is not a label key: [prefix/]name, the name at most 63 letters, digits, "-", "_" or "."`));
        if (typeof v !== 'string') out.push(error(C.SCHEMA, field, `expected a string, got ${show(v)}`));
        else if (!LABEL_VALUE.test(v)) out.push(error(C.SCHEMA, field, `${show(v)} is not a label value: at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit`));
      }
    }
  }
  const annotations = metadata.annotations;
  if (annotations !== undefined) {
    if (!isObject(annotations)) out.push(error(C.SCHEMA, `${path} metadata.annotations`, `expected an object, got ${show(annotations)}`));
    else {
      for (const [k, v] of Object.entries(annotations)) {
        const field = `${path} metadata.annotations.${clip(k)}`;
        const badKey = k === '__proto__' ? 'the key "__proto__" is not allowed' : unstorableText(k);
        if (badKey !== undefined) out.push(error(C.SCHEMA, field, badKey));
        if (typeof v !== 'string') out.push(error(C.SCHEMA, field, `expected a string, got ${show(v)}`));
        else {
          const badValue = unstorableText(v);
          if (badValue !== undefined) out.push(error(C.SCHEMA, field, badValue));
        }
      }
    }
  }
  return out;
}

/** Parses many documents; also reports objects of one kind with the same name. */
export function parseDocuments(docs: readonly RawDocument[]): ParseResult {
  const resources: AnyResource[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Map<string, string | undefined>();
  for (const doc of docs) {
    if (isKubernetesNamespace(doc.value)) continue;
    const parsed = parseDocument(doc);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.resource === undefined) continue;
    const r = parsed.resource;
    const id = `${r.kind} ${r.metadata.namespace === undefined ? '' : `${r.metadata.namespace}/`}${r.metadata.name}`;
    if (seen.has(id)) {
      const first = seen.get(id);
      const d = error(C.DUPLICATE_NAME, id, `defined twice${first === undefined ? '' : `; first at ${first}`}`, 'names are unique per kind (and namespace)');
      diagnostics.push(doc.source === undefined ? d : { ...d, source: doc.source });
      continue;
    }
    seen.set(id, doc.source);
    resources.push(r);
  }
  return { resources, diagnostics };
}
