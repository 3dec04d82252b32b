// The sample lab as a user loads it: wiring/lab.yaml and every file of examples/lab.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { groupResources, parseDocuments, type ResourceSet } from '#domain';
import { parseFileText } from '#loader';
import { REPO_ROOT } from './tools.js';

export function labSamples(): ResourceSet {
  const files = ['wiring/lab.yaml', ...readdirSync(join(REPO_ROOT, 'examples/lab')).filter((f) => f.endsWith('.yaml')).sort().map((f) => `examples/lab/${f}`)];
  const parsed = parseDocuments(files.flatMap((file) => parseFileText(readFileSync(join(REPO_ROOT, file), 'utf8'), file).docs));
  if (parsed.diagnostics.length > 0) throw new Error(`the lab samples do not parse: ${parsed.diagnostics.map((d) => d.message).join('; ')}`);
  return groupResources(parsed.resources);
}
