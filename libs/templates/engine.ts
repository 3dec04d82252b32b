/**
 * The Handlebars engine of ConfigTemplates: its own Handlebars environment (nothing registered
 * globally leaks in), strict mode (a missing variable is an error, not an empty string), no
 * HTML escaping, no partials or decorators, a fixed set of helpers, and a budget on loops, so a
 * hostile template ends in a diagnostic instead of a hang, a crash or console output.
 */
import Handlebars from 'handlebars';
import { compareText } from '#domain';

/** Output larger than this is certainly not a syslog or NTP snippet. */
export const MAX_OUTPUT_CHARACTERS = 1_048_576;
/** Loop bodies one render may run: far above any real template, far below a hang. */
export const MAX_ITERATIONS = 100_000;
/** Compiled templates kept; a service that sees edited templates must not grow without end. */
const MAX_CACHED_TEMPLATES = 1024;

const HELPERS = ['each', 'if', 'lookup', 'unless', 'with'];
/** `if` and `unless` exist to test whether a variable is there, so they may read a missing one. */
const CONDITION_HELPERS = new Set(['if', 'unless']);
/** Helpers that wrap a block (`{{#each}}...{{/each}}`); `lookup` is the one that returns a value. */
const BLOCK_HELPERS = new Set(['each', 'if', 'unless', 'with']);
/** Names every object inherits: a path through them reads JavaScript internals, not data. */
const RESERVED_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

const COMPILE_OPTIONS: CompileOptions = {
  strict: true,
  noEscape: true,
  knownHelpersOnly: true,
  knownHelpers: { log: false },
};
/** Explicit denials also keep Handlebars from logging about prototype access. */
const RUNTIME_OPTIONS: Handlebars.RuntimeOptions = {
  allowProtoPropertiesByDefault: false,
  allowProtoMethodsByDefault: false,
};

type AstNode = hbs.AST.Node;
type PathNode = hbs.AST.PathExpression & { strict?: boolean };
type CallNode = hbs.AST.MustacheStatement | hbs.AST.BlockStatement | hbs.AST.SubExpression;
type TemplateFunction = Handlebars.TemplateDelegate<unknown>;

export type CompiledTemplate =
  | { readonly ok: true; readonly render: TemplateFunction; readonly paths: readonly PathNode[] }
  | { readonly ok: false; readonly problems: readonly string[] };

export type RenderOutcome =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly limit: 'render' | 'size'; readonly message: string };

class RenderLimitError extends Error {
  constructor(
    readonly limit: 'render' | 'size',
    message: string,
  ) {
    super(message);
  }
}

class LookupMissError extends Error {}

/** What one render may still spend; the `each` helper charges it per loop body. */
class RenderBudget {
  private iterations = 0;
  private characters = 0;

  spend(characters: number): void {
    this.iterations += 1;
    this.characters += characters;
    if (this.iterations > MAX_ITERATIONS) {
      throw new RenderLimitError('render', `the template runs more than ${MAX_ITERATIONS} loop iterations`);
    }
    // Nested loops count their text once per level, hence the margin over the output limit.
    if (this.characters > 8 * MAX_OUTPUT_CHARACTERS) {
      throw new RenderLimitError('size', `the output grows beyond ${MAX_OUTPUT_CHARACTERS} characters`);
    }
  }
}

function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** Every AST node under `node` (itself included), depth first. */
function walk(node: AstNode, visit: (node: AstNode) => void): void {
  visit(node);
  for (const child of Object.values(node)) {
    if (Array.isArray(child)) {
      for (const item of child) if (isNode(item)) walk(item, visit);
    } else if (isNode(child)) {
      walk(child, visit);
    }
  }
}

function at(node: AstNode): string {
  return `(line ${node.loc.start.line}, column ${node.loc.start.column + 1})`;
}

function isCall(node: AstNode): node is CallNode {
  return node.type === 'MustacheStatement' || node.type === 'BlockStatement' || node.type === 'SubExpression';
}

/** The helper a node calls, or undefined when it only reads a value (`{{x}}`, `{{#x}}`). */
function calledHelper(node: CallNode): string | undefined {
  const hasArguments = node.params.length > 0 || (node.hash as hbs.AST.Hash | undefined) !== undefined;
  if (node.type !== 'SubExpression' && !hasArguments) return undefined;
  // a path's original is its text; `{{"name" x}}` calls the helper `name`, and a number or a
  // boolean (`{{5 x}}`) is a name too, as Handlebars reads it
  return String((node.path as { original?: unknown }).original);
}

/** Arguments are read strictly too: `{{#each vars.missing}}` must fail, not render nothing. */
function markArgumentsStrict(node: CallNode): void {
  const hash = node.hash as hbs.AST.Hash | undefined;
  const values = [...node.params, ...(hash?.pairs.map((pair) => pair.value) ?? [])];
  for (const value of values) if (value.type === 'PathExpression') (value as PathNode).strict = true;
}

interface Analysis {
  readonly problems: string[];
  readonly paths: PathNode[];
}

/** What Handlebars accepts but ConfigTemplates do not; marks helper arguments strict on the way. */
function analyse(program: hbs.AST.Program): Analysis {
  const problems: string[] = [];
  const paths: PathNode[] = [];
  walk(program, (node) => {
    switch (node.type) {
      case 'PartialStatement':
      case 'PartialBlockStatement':
        problems.push(`partials are not supported in ConfigTemplates ${at(node)}`);
        return;
      case 'Decorator':
      case 'DecoratorBlock':
        problems.push(`decorators and inline partials are not supported in ConfigTemplates ${at(node)}`);
        return;
      case 'PathExpression': {
        const path = node as PathNode;
        paths.push(path);
        const reserved = path.parts.find((part) => RESERVED_NAMES.has(part));
        if (reserved !== undefined) {
          problems.push(`"${path.original}" reads the JavaScript built-in "${reserved}", not a template variable ${at(node)}`);
        }
        return;
      }
      default:
    }
    if (!isCall(node)) return;
    const helper = calledHelper(node);
    if (helper === undefined) return;
    if (!HELPERS.includes(helper)) {
      problems.push(`unknown helper "${helper}" ${at(node)}; the helpers are ${HELPERS.join(', ')}`);
    } else if (BLOCK_HELPERS.has(helper) !== (node.type === 'BlockStatement')) {
      problems.push(blockMisuse(helper, node));
    } else if (!CONDITION_HELPERS.has(helper)) {
      markArgumentsStrict(node);
    }
  });
  return { problems, paths };
}

/** `{{if x}}` for `{{#if x}}...{{/if}}`, or `{{#lookup a b}}` for `{{lookup a b}}`: Handlebars' own error names neither. */
function blockMisuse(helper: string, node: CallNode): string {
  return BLOCK_HELPERS.has(helper)
    ? `"${helper}" wraps a block: write {{#${helper} ...}}...{{/${helper}}} ${at(node)}`
    : `"${helper}" returns a value and takes no block: write {{${helper} ...}} ${at(node)}`;
}

function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

function numberField(cause: unknown, field: 'lineNumber' | 'column'): number | undefined {
  if (typeof cause !== 'object' || cause === null) return undefined;
  const value = (cause as Record<string, unknown>)[field];
  return typeof value === 'number' ? value : undefined;
}

/** Handlebars' strict-mode error names only the last segment; the AST gives the whole path. */
function describeRenderError(cause: unknown, paths: readonly PathNode[]): RenderOutcome {
  if (cause instanceof RenderLimitError) return { ok: false, limit: cause.limit, message: cause.message };
  if (cause instanceof LookupMissError) return { ok: false, limit: 'render', message: cause.message };
  const message = messageOf(cause);
  const missing = /^"([^"]*)" not defined in /.exec(message);
  const line = numberField(cause, 'lineNumber');
  const column = numberField(cause, 'column');
  if (missing !== null && line !== undefined && column !== undefined) {
    const path = paths.find((p) => p.loc.start.line === line && p.loc.start.column === column);
    // the pattern matched, so its group did
    const variable = path?.original ?? missing[1];
    return { ok: false, limit: 'render', message: `variable "${variable}" is not defined (line ${line}, column ${column + 1})` };
  }
  if (cause instanceof RangeError) return { ok: false, limit: 'render', message: `the template nests too deeply: ${message}` };
  return { ok: false, limit: 'render', message: `rendering failed: ${message}` };
}

/** Data for Handlebars: plain objects with sorted keys (so `each` is deterministic), no undefined. */
export function toTemplateData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toTemplateData);
  if (typeof value !== 'object' || value === null) return value;
  const source = value as Readonly<Record<string, unknown>>;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(source).sort(compareText)) {
    const field = source[key];
    // defineProperty, not assignment: a variable named `__proto__` must stay a variable.
    if (field !== undefined) Object.defineProperty(copy, key, { value: toTemplateData(field), enumerable: true });
  }
  return copy;
}

export class TemplateEngine {
  private readonly handlebars = Handlebars.create();
  private readonly cache = new Map<string, CompiledTemplate>();
  private budget: RenderBudget | undefined;

  constructor() {
    this.installHelpers();
  }

  /** Parses and checks a template source; results are cached by source text. */
  compile(source: string): CompiledTemplate {
    const cached = this.cache.get(source);
    if (cached !== undefined) return cached;
    const compiled = this.compileUncached(source);
    // Stryker disable next-line CallExpression: equivalent, emptying the cache bounds its memory only; a template compiles the same again
    if (this.cache.size >= MAX_CACHED_TEMPLATES) this.cache.clear();
    this.cache.set(source, compiled);
    return compiled;
  }

  render(compiled: CompiledTemplate & { ok: true }, data: unknown): RenderOutcome {
    this.budget = new RenderBudget();
    try {
      const text = compiled.render(data, RUNTIME_OPTIONS);
      if (text.length > MAX_OUTPUT_CHARACTERS) {
        return { ok: false, limit: 'size', message: `the output has ${text.length} characters, more than the limit of ${MAX_OUTPUT_CHARACTERS}` };
      }
      if (text.includes('[object Object]')) {
        return {
          ok: false,
          limit: 'render',
          message: 'an object (such as switch, fabric, vars or switch.labels) was written as text; write one of its fields, e.g. {{switch.name}}',
        };
      }
      return { ok: true, text };
    } catch (cause) {
      return describeRenderError(cause, compiled.paths);
    } finally {
      this.budget = undefined;
    }
  }

  private compileUncached(source: string): CompiledTemplate {
    let program: hbs.AST.Program;
    try {
      program = this.handlebars.parse(source);
    } catch (cause) {
      return { ok: false, problems: [`the template does not parse: ${messageOf(cause)}`] };
    }
    const { problems, paths } = analyse(program);
    if (problems.length > 0) return { ok: false, problems };
    try {
      // Compiling is lazy in Handlebars; precompiling surfaces its compile errors now.
      this.handlebars.precompile(source, { ...COMPILE_OPTIONS });
      return { ok: true, render: this.handlebars.compile(program, { ...COMPILE_OPTIONS }), paths };
    } catch (cause) {
      return { ok: false, problems: [`the template does not compile: ${messageOf(cause)}`] };
    }
  }

  private installHelpers(): void {
    const handlebars = this.handlebars;
    // `log` writes to the console: a pure library does not print.
    handlebars.unregisterHelper('log');
    const builtInEach = handlebars.helpers.each as (this: unknown, ...args: unknown[]) => unknown;
    const spend = (characters: number): void => this.budget?.spend(characters);
    handlebars.registerHelper('each', function (this: unknown, context: unknown, options?: Handlebars.HelperOptions) {
      if (options === undefined) return builtInEach.call(this, context);
      const body = options.fn;
      const counted = (value: unknown, runtimeOptions?: Handlebars.RuntimeOptions): string => {
        const text = body(value, runtimeOptions);
        spend(text.length);
        return text;
      };
      return builtInEach.call(this, context, { ...options, fn: counted });
    });
    handlebars.registerHelper('lookup', (target: unknown, field: unknown, options?: { loc?: AstNode['loc'] }) => {
      const key = typeof field === 'number' ? String(field) : field;
      if (typeof target === 'object' && target !== null && typeof key === 'string' && Object.hasOwn(target, key)) {
        return (target as Readonly<Record<string, unknown>>)[key];
      }
      const where = options?.loc === undefined ? '' : ` (line ${options.loc.start.line}, column ${options.loc.start.column + 1})`;
      const name = typeof key === 'string' ? `"${key}"` : 'key';
      throw new LookupMissError(`lookup found no ${name}${where}`);
    });
  }
}
