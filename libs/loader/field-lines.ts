/**
 * Points diagnostics at the line of the field they are about (`bad-cidr.yaml:12` for
 * `spec.subnets.web.cidr`), not at the start of its document. Documents are read with js-yaml,
 * which is fast but keeps no positions; only files that have diagnostics are read again with
 * `yaml` and its LineCounter, so a large valid fabric pays nothing for this.
 */
import { LineCounter, isMap, isNode, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Diagnostic } from '#domain';

/** Field path (`spec.subnets.web.cidr`, list items as `spec.links.0`) -> 1-based line. */
export type FieldLines = Readonly<Record<string, number>>;

interface DocumentLines {
  readonly first: number;
  readonly last: number;
  readonly fields: FieldLines;
}

function collect(node: unknown, lineCounter: LineCounter, prefix: string, into: Record<string, number>): void {
  const note = (path: string, target: unknown): void => {
    const offset = isNode(target) ? target.range?.[0] : undefined;
    if (offset !== undefined) into[path] = lineCounter.linePos(offset).line;
  };
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isScalar(pair.key)) continue;
      const path = prefix === '' ? String(pair.key.value) : `${prefix}.${String(pair.key.value)}`;
      note(path, pair.key);
      collect(pair.value, lineCounter, path, into);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => {
      note(`${prefix}.${index}`, item);
      collect(item, lineCounter, `${prefix}.${index}`, into);
    });
  }
}

/** The lines each document of a YAML text spans, and the line of each of its fields. */
export function documentFieldLines(text: string): DocumentLines[] {
  const lineCounter = new LineCounter();
  const out: DocumentLines[] = [];
  for (const document of parseAllDocuments(text, { lineCounter, schema: 'core' })) {
    const fields: Record<string, number> = {};
    collect(document.contents, lineCounter, '', fields);
    out.push({ first: lineCounter.linePos(document.range[0]).line, last: lineCounter.linePos(document.range[2]).line, fields });
  }
  return out;
}

/** The field part of a diagnostic path `Kind name field.path` (empty when it names the object). */
export function fieldOfDiagnosticPath(path: string): string {
  const first = path.indexOf(' ');
  const second = first < 0 ? -1 : path.indexOf(' ', first + 1);
  return second < 0 ? '' : path.slice(second + 1);
}

/** The line of the most specific part of `field` that the document has (a missing field: its parent). */
export function lineOfField(fields: FieldLines, field: string): number | undefined {
  for (let candidate = field; candidate !== ''; candidate = candidate.slice(0, Math.max(candidate.lastIndexOf('.'), 0))) {
    if (Object.hasOwn(fields, candidate)) return fields[candidate];
  }
  return undefined;
}

/**
 * Moves each diagnostic's `file:line` from its document to its field, reading a file through
 * `readText` at most once. A file that cannot be read again, or a line that no document spans,
 * keeps the diagnostic as it was.
 */
export async function pointAtFields(diagnostics: readonly Diagnostic[], readText: (file: string) => Promise<string | undefined>): Promise<Diagnostic[]> {
  const files = new Map<string, Promise<DocumentLines[]>>();
  const linesOf = (file: string): Promise<DocumentLines[]> => {
    let lines = files.get(file);
    if (lines === undefined) {
      lines = readText(file).then((text) => (text === undefined || file.endsWith('.json') ? [] : documentFieldLines(text)));
      files.set(file, lines);
    }
    return lines;
  };
  return Promise.all(
    diagnostics.map(async (d) => {
      const at = d.source?.lastIndexOf(':') ?? -1;
      const field = fieldOfDiagnosticPath(d.path);
      if (d.source === undefined || at < 0 || field === '') return d;
      const file = d.source.slice(0, at);
      const line = Number(d.source.slice(at + 1));
      const document = (await linesOf(file)).find((doc) => doc.first <= line && line <= doc.last);
      const fieldLine = document === undefined ? undefined : lineOfField(document.fields, field);
      return fieldLine === undefined ? d : { ...d, source: `${file}:${fieldLine}` };
    }),
  );
}
