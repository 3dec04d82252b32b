/**
 * The files a lab is built from, as `weft compile` reads them, with the one change the lab has to
 * make: a switch running VyOS (which cannot run here) becomes an FRR node (`os: frr`), compiled
 * from the same intents. The changed documents are what the lab's `weft serve` is seeded with.
 */
import { compile, type CompileResult } from '#compiler';
import { groupResources, parseDocuments, sortDiagnostics, type Diagnostic, type RawDocument, type ResourceSet } from '#domain';
import { loadPaths } from '#loader';

export interface LabInputs {
  /** the documents as the lab's service gets them (stand-ins applied) */
  readonly documents: readonly unknown[];
  readonly resources: ResourceSet;
  readonly compiled: CompileResult;
  readonly diagnostics: readonly Diagnostic[];
  /** switches whose OS the lab replaced: name -> original os */
  readonly standIns: ReadonlyMap<string, string>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A VyOS Switch document as an FRR node; anything else unchanged. */
export function withStandIn(value: unknown, standIns: Map<string, string>): unknown {
  if (!isObject(value) || value.kind !== 'Switch' || !isObject(value.spec) || value.spec.os !== 'vyos') return value;
  const metadata = isObject(value.metadata) ? value.metadata : {};
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  standIns.set(name, 'vyos');
  // how the real box is reached (SSH to VyOS) does not apply to the stand-in
  const spec = Object.fromEntries(Object.entries(value.spec).filter(([key]) => key !== 'management'));
  return {
    ...value,
    metadata: { ...metadata, annotations: { ...(isObject(metadata.annotations) ? metadata.annotations : {}), 'lab.weft.dev/stand-in-for': 'vyos' } },
    spec: { ...spec, os: 'frr' },
  };
}

export async function loadLabInputs(paths: readonly string[]): Promise<LabInputs> {
  const loaded = await loadPaths(paths);
  const standIns = new Map<string, string>();
  const docs: RawDocument[] = loaded.docs.map((doc) => ({ ...doc, value: withStandIn(doc.value, standIns) }));
  const parsed = parseDocuments(docs);
  const resources = groupResources(parsed.resources);
  const compiled = compile(resources);
  return {
    documents: docs.map((d) => d.value),
    resources,
    compiled,
    diagnostics: sortDiagnostics([...loaded.diagnostics, ...parsed.diagnostics, ...compiled.diagnostics]),
    standIns,
  };
}

/** The resources the lab's service holds now, read back through the API, as a compile's input. */
export function resourcesOf(objects: readonly unknown[]): ResourceSet {
  const parsed = parseDocuments(objects.map((value, i) => ({ value, source: `api:${i}` })));
  return groupResources(parsed.resources);
}
