/**
 * The API's diagnostics placed on form fields. A diagnostic's path names the object and the field
 * (`VPC default/red spec.subnets.web.cidr`), exactly as `weft validate` prints it; the form shows
 * each message under the field it names, and the rest above the form.
 */
import type { Diagnostic } from './types.js';

const FIELD = /(?:^|\s)((?:spec|metadata)(?:\.[^\s]+)?)$/;

/** The field part of a diagnostic path (`spec.subnets.web.cidr`), or undefined for the object. */
export function diagnosticField(path: string): string | undefined {
  return FIELD.exec(path)?.[1];
}

export interface PlacedDiagnostics {
  /** field -> messages, for the fields the form has */
  readonly fields: Readonly<Record<string, string[]>>;
  /** the diagnostics no field of the form shows (the object as a whole, or a field it lacks) */
  readonly general: readonly Diagnostic[];
}

/**
 * Places diagnostics on the form's fields. `fieldOf` maps an API field (`spec.subnets.web.cidr`)
 * to the form's own field id, or undefined when the form has no such field; a diagnostic on a
 * field inside a known one (`spec.dhcp.start` inside `spec.dhcp`) goes to the nearest field.
 */
export function placeDiagnostics(diagnostics: readonly Diagnostic[], fieldOf: (apiField: string) => string | undefined): PlacedDiagnostics {
  const fields: Record<string, string[]> = {};
  const general: Diagnostic[] = [];
  for (const diagnostic of diagnostics) {
    const apiField = diagnosticField(diagnostic.path);
    const formField = apiField === undefined ? undefined : nearestField(apiField, fieldOf);
    if (formField === undefined) {
      general.push(diagnostic);
      continue;
    }
    const text = diagnostic.hint === undefined || diagnostic.hint === null ? diagnostic.message : `${diagnostic.message} (${diagnostic.hint})`;
    (fields[formField] ??= []).push(text);
  }
  return { fields, general };
}

function nearestField(apiField: string, fieldOf: (apiField: string) => string | undefined): string | undefined {
  const parts = apiField.split('.');
  for (let length = parts.length; length >= 2; length -= 1) {
    const found = fieldOf(parts.slice(0, length).join('.'));
    if (found !== undefined) return found;
  }
  return undefined;
}
