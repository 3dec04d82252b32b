/**
 * `weft lab apply -f PATH...`: changes intents through the lab's API, the way a tenant or an
 * architect would: each object is created (POST) or replaced (PUT), in dependency order. The
 * agents pick the change up from there. Wiring objects are stored too, but the lab's namespaces
 * and links were built by `up`: a new switch or cable needs a new lab.
 */
import { formatDiagnostic } from '#domain';
import { loadPaths } from '#loader';
import { parseDocuments } from '#domain';
import { restCollection } from '#codegen';
import { ApiError, type LabApi } from './api.js';
import { withStandIn } from './inputs.js';
import type { Io } from './up.js';

/** The kinds the API takes, in dependency order; each is written to its REST collection. */
const ORDER = ['FabricPolicy', 'ConfigTemplate', 'Switch', 'Server', 'Connection', 'VPC', 'VPCAttachment', 'VPCPeering', 'External', 'ExternalAttachment', 'ExternalPeering'];
const WIRING = new Set(['Switch', 'Server', 'Connection']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export async function labApply(api: LabApi, files: readonly string[], io: Io): Promise<number> {
  const loaded = await loadPaths(files);
  const standIns = new Map<string, string>();
  const parsed = parseDocuments(loaded.docs.map((d) => ({ ...d, value: withStandIn(d.value, standIns) })));
  const problems = [...loaded.diagnostics, ...parsed.diagnostics];
  if (problems.length > 0) {
    for (const d of problems) io.err(`${formatDiagnostic(d)}\n`);
    return 1;
  }
  const resources = [...parsed.resources].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
  let failed = 0;
  for (const resource of resources) {
    if (!ORDER.includes(resource.kind)) {
      io.err(`${resource.kind} ${resource.metadata.name}: not applied (the API does not take ${resource.kind} objects)\n`);
      failed++;
      continue;
    }
    const collection = restCollection(resource.kind);
    const namespace = resource.metadata.namespace;
    const query = namespace === undefined ? '' : `?namespace=${encodeURIComponent(namespace)}`;
    const name = `${namespace === undefined ? '' : `${namespace}/`}${resource.metadata.name}`;
    const body = { apiVersion: resource.apiVersion, kind: resource.kind, metadata: resource.metadata, spec: resource.spec };
    try {
      let exists = true;
      try {
        await api.request('GET', `/api/v1/${collection}/${encodeURIComponent(resource.metadata.name)}${query}`);
      } catch (e) {
        if (!(e instanceof ApiError) || e.status !== 404) throw e;
        exists = false;
      }
      if (exists) await api.request('PUT', `/api/v1/${collection}/${encodeURIComponent(resource.metadata.name)}${query}`, body);
      else await api.request('POST', `/api/v1/${collection}${query}`, body);
      io.out(`${resource.kind.toLowerCase()} ${name} ${exists ? 'configured' : 'created'}${WIRING.has(resource.kind) ? ' (stored; the lab topology changes only with a new `weft lab up`)' : ''}\n`);
    } catch (e) {
      failed++;
      io.err(`${resource.kind} ${name}: ${e instanceof Error ? e.message : String(e)}\n`);
      if (e instanceof ApiError && isObject(e.body) && e.status >= 500) return 1;
    }
  }
  return failed === 0 ? 0 : 1;
}
