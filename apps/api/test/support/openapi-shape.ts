/**
 * Whether an answer of the service is described by the OpenAPI document: every field it carries
 * must be declared by the schema of its response (a field no schema names is what a generated
 * client would drop or choke on), with the JSON type declared. Objects without declared
 * properties (free-form maps, `{type: object}`) accept anything; oneOf/anyOf take the branch that
 * fits best, allOf merges its parts.
 */
type Node = Readonly<Record<string, unknown>>;

export interface OpenApiDocument {
  readonly paths: Readonly<Record<string, Readonly<Record<string, Node>>>>;
  readonly components: { readonly schemas: Readonly<Record<string, Node>> };
}

function resolve(document: OpenApiDocument, schema: Node): Node {
  let current = schema;
  for (let hops = 0; typeof current.$ref === 'string' && hops < 20; hops += 1) {
    const name = current.$ref.replace('#/components/schemas/', '');
    const target = document.components.schemas[name];
    if (target === undefined) throw new Error(`unresolved ${current.$ref}`);
    current = target;
  }
  return current;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(declared: unknown, value: unknown): boolean {
  if (declared === undefined) return true;
  const actual = typeOf(value);
  const allowed = Array.isArray(declared) ? declared : [declared];
  return allowed.includes(actual) || (actual === 'integer' && allowed.includes('number'));
}

/** allOf's parts as one schema: their properties together. */
function merged(document: OpenApiDocument, parts: readonly Node[]): Node {
  const properties: Record<string, unknown> = {};
  let type: unknown;
  for (const part of parts.map((p) => resolve(document, p))) {
    const inner = Array.isArray(part.allOf) ? merged(document, part.allOf as Node[]) : part;
    Object.assign(properties, inner.properties ?? {});
    type ??= inner.type;
  }
  return { type: type ?? 'object', properties };
}

/** Fields of `value` the schema does not declare, and type mismatches, as JSON paths. */
export function undeclared(document: OpenApiDocument, schema: Node, value: unknown, path = '$'): string[] {
  const resolved = resolve(document, schema);
  if (Array.isArray(resolved.allOf)) return undeclared(document, merged(document, resolved.allOf as Node[]), value, path);
  const branches = (resolved.oneOf ?? resolved.anyOf) as Node[] | undefined;
  if (Array.isArray(branches)) {
    const outcomes = branches.map((branch) => undeclared(document, branch, value, path));
    return outcomes.reduce((best, next) => (next.length < best.length ? next : best));
  }
  if (!typeMatches(resolved.type, value)) return [`${path}: ${typeOf(value)}, the schema says ${JSON.stringify(resolved.type)}`];
  if (Array.isArray(value)) return resolved.items === undefined ? [] : value.flatMap((item, i) => undeclared(document, resolved.items as Node, item, `${path}[${i}]`));
  if (typeof value !== 'object' || value === null) return [];
  const properties = (resolved.properties ?? {}) as Record<string, Node>;
  const patterns = Object.entries((resolved.patternProperties ?? {}) as Record<string, Node>);
  const additional = resolved.additionalProperties;
  const freeForm = resolved.properties === undefined && resolved.patternProperties === undefined && (additional === undefined || additional === true);
  if (freeForm) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const at = `${path}.${key}`;
    const declaredSchema = properties[key] ?? patterns.find(([pattern]) => new RegExp(pattern, 'u').test(key))?.[1];
    if (declaredSchema !== undefined) return undeclared(document, declaredSchema, child, at);
    if (typeof additional === 'object' && additional !== null) return undeclared(document, additional as Node, child, at);
    return additional === true ? [] : [`${at} is not in the schema`];
  });
}

/** The JSON schema of an operation's answer with `status`. */
export function responseSchema(document: OpenApiDocument, method: string, path: string, status: string): Node {
  const response = document.paths[path]?.[method.toLowerCase()]?.responses as Record<string, Node> | undefined;
  const schema = (response?.[status]?.content as Record<string, { schema: Node }> | undefined)?.['application/json']?.schema;
  if (schema === undefined) throw new Error(`${method} ${path} documents no JSON answer ${status}`);
  return schema;
}
