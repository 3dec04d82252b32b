import { DIAGNOSTIC_CODES as C, error, hasErrors, sortDiagnostics, warning, type Diagnostic } from '#domain';
import type { Allocations } from './index.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isInteger = (value: unknown): boolean => Number.isInteger(value);

/** The shape each section's entries must have to be read safely; anything else is dropped. */
const ENTRY_SHAPES: Readonly<Record<string, { readonly valid: (entry: Record<string, unknown>) => boolean; readonly what: string }>> = {
  switches: { valid: () => true, what: 'a switch entry' },
  vpcs: { valid: (e) => isRecord(e.subnets) && Object.values(e.subnets).every(isRecord), what: 'a VPC entry with a subnets object' },
  externals: { valid: (e) => isInteger(e.vrf) && isInteger(e.vni), what: 'an External entry with a vrf and a vni' },
};

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
    const shape = ENTRY_SHAPES[name];
    if (shape === undefined) return s;
    const kept: Record<string, unknown> = {};
    // the order of the kept entries is not seen: serializeAllocations and the warnings are sorted
    for (const [key, entry] of Object.entries(s)) {
      if (isRecord(entry) && shape.valid(entry)) kept[key] = entry;
      else diagnostics.push(warning(C.PREVIOUS_ALLOCATIONS, `${path} ${name}.${key}`, `is not ${shape.what}; it is ignored and its owner gets new numbers`));
    }
    return kept;
  };
  // Stryker disable next-line ArrayDeclaration: equivalent, whatever the fallback holds goes through the entry check below
  const quarantine: unknown[] = Array.isArray(value.quarantine) ? value.quarantine : [];
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
  const sorted = sortDiagnostics(diagnostics);
  return hasErrors(sorted) ? { diagnostics: sorted } : { allocations, diagnostics: sorted };
}
