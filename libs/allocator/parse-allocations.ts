import { DIAGNOSTIC_CODES as C, error, type Diagnostic } from '#domain';
import type { Allocations } from './index.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads an earlier allocations.json. A file that is not one gives a diagnostic, never a crash;
 * malformed entries are dropped with a warning (their owners then get fresh numbers).
 */
export function parseAllocations(value: unknown, source: string): { allocations?: Allocations; diagnostics: Diagnostic[] } {
  const path = `allocations ${source}`;
  if (!isRecord(value) || value.version !== 1) {
    return { diagnostics: [error(C.PREVIOUS_ALLOCATIONS, path, 'is not a Weft allocations.json (version 1)')] };
  }
  const diagnostics: Diagnostic[] = [];
  const section = (name: string): Record<string, unknown> => {
    const s = value[name];
    if (s === undefined) return {};
    if (!isRecord(s)) {
      diagnostics.push(error(C.PREVIOUS_ALLOCATIONS, `${path} ${name}`, 'expected an object'));
      return {};
    }
    return s;
  };
  const quarantine = Array.isArray(value.quarantine) ? value.quarantine : [];
  const allocations = {
    version: 1,
    generation: typeof value.generation === 'number' && Number.isInteger(value.generation) ? value.generation : 0,
    switches: section('switches'),
    links: section('links'),
    vpcs: section('vpcs'),
    externals: section('externals'),
    quarantine: quarantine.filter(
      (q): q is Allocations['quarantine'][number] =>
        isRecord(q) && q.pool === 'vni' && typeof q.value === 'number' && typeof q.owner === 'string' && typeof q.since === 'number',
    ),
  } as Allocations;
  return diagnostics.length > 0 ? { diagnostics } : { allocations, diagnostics };
}
