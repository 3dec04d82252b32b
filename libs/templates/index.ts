/**
 * ConfigTemplates: extra device configuration (syslog, NTP, SNMP, banners, extra FRR or VyOS
 * lines) written by the architecture team as Handlebars templates, bound to switches by
 * selector, rendered per switch, checked like everything else, and never allowed to touch
 * what Weft itself generates.
 */
import {
  DIAGNOSTIC_CODES as C,
  error,
  objectPath,
  refOf,
  sortDiagnostics,
  type ConfigTemplate,
  type Diagnostic,
  type DiagnosticCode,
  type TemplateOutput,
} from '#domain';
import { TemplateEngine, toTemplateData } from './engine.js';
import { checkConfigDbOutput, checkFrrOutput, checkVyosOutput, normalizeText, type CheckedOutput } from './output.js';
import { osesForTarget, selectTemplates } from './selection.js';
import type { OwnershipRules, RenderResult, TemplateContext } from './types.js';

export { DEFAULT_OWNERSHIP_RULES } from './default-rules.js';
export { explainTemplates, selectTemplates, targetFitsOs } from './selection.js';
export { MAX_ITERATIONS, MAX_OUTPUT_CHARACTERS } from './engine.js';
export { normalizeText } from './output.js';
export type * from './types.js';

/** One Handlebars environment for this library, with its compiled templates cached by source. */
const engine = new TemplateEngine();

const SYNTAX_HINT = 'ConfigTemplates are Handlebars templates in strict mode; the helpers are each, if, unless, with and lookup';
const RENDER_HINT = 'define the variable in spec.variables, or guard it with {{#if ...}}; the data is switch, fabric and vars';
const OWNED_HINTS: Readonly<Record<string, string>> = {
  configdb: 'Weft writes this table from VPCs and wiring; a template may add tables Weft does not write (NTP_SERVER, SYSLOG_SERVER, SNMP_COMMUNITY...)',
  frr: 'Weft generates BGP, VRFs and EVPN from VPCs and wiring; a template may add FRR configuration Weft does not generate, such as logging',
  vyos: 'Weft generates interfaces, VRFs and BGP itself; a template may add configuration such as service ntp or system syslog',
};
/** frr output is any text: only what Weft owns is refused (OWNED_HINTS). */
const OUTPUT_HINTS: Readonly<Record<string, string>> = {
  configdb: 'a configdb template renders a JSON object of CONFIG_DB tables: {"TABLE": {"key": {"field": "value"}}}',
  vyos: 'a vyos template renders VyOS commands, one per line: set <path> [value] or delete <path>; # starts a comment',
};

function templateDiagnostic(template: ConfigTemplate, field: string, code: DiagnosticCode, message: string, hint?: string): Diagnostic {
  const diagnostic = error(code, objectPath(refOf(template), field), message, hint);
  return template.source === undefined ? diagnostic : { ...diagnostic, source: template.source };
}

function syntaxDiagnostics(template: ConfigTemplate): Diagnostic[] {
  const compiled = engine.compile(template.spec.template);
  if (compiled.ok) return [];
  return compiled.problems.map((problem) => templateDiagnostic(template, 'spec.template', C.TEMPLATE_SYNTAX, problem, SYNTAX_HINT));
}

function targetDiagnostics(template: ConfigTemplate): Diagnostic[] {
  const { target, selector } = template.spec;
  const oses = osesForTarget(target);
  if (oses.length === 0) {
    return [templateDiagnostic(template, 'spec.target', C.TEMPLATE_TARGET, `unknown target "${target}"`, 'the targets are configdb, frr and vyos')];
  }
  return (selector?.os ?? [])
    .filter((os) => !oses.some((fitting) => fitting === os))
    .map((os) =>
      templateDiagnostic(
        template,
        'spec.selector.os',
        C.TEMPLATE_TARGET,
        `selector.os lists ${os}, but target ${target} applies to ${oses.join(' and ')} switches only`,
        `remove ${os} from selector.os, or write a separate template with the target that ${os} takes`,
      ),
    );
}

/** Checks that need no switch: the target, and whether the template compiles. */
export function checkTemplates(templates: readonly ConfigTemplate[]): Diagnostic[] {
  return sortDiagnostics(templates.flatMap((template) => [...targetDiagnostics(template), ...syntaxDiagnostics(template)]));
}

function checkOutput(target: TemplateOutput['target'], text: string, rules: OwnershipRules): CheckedOutput {
  switch (target) {
    case 'configdb':
      return checkConfigDbOutput(text, rules);
    case 'frr':
      return checkFrrOutput(text, rules);
    case 'vyos':
      return checkVyosOutput(text, rules);
  }
}

interface TemplateResult {
  readonly output?: TemplateOutput;
  readonly diagnostics: Diagnostic[];
}

function renderTemplate(template: ConfigTemplate, context: TemplateContext, rules: OwnershipRules): TemplateResult {
  const compiled = engine.compile(template.spec.template);
  if (!compiled.ok) return { diagnostics: syntaxDiagnostics(template) };
  const switchName = context.switch.name;
  const data = toTemplateData({ switch: context.switch, fabric: context.fabric, vars: template.spec.variables ?? {} });
  const outcome = engine.render(compiled, data);
  if (!outcome.ok) {
    const code = outcome.limit === 'size' ? C.TEMPLATE_OUTPUT : C.TEMPLATE_RENDER;
    const hint = outcome.limit === 'size' ? undefined : RENDER_HINT;
    return { diagnostics: [templateDiagnostic(template, 'spec.template', code, `switch ${switchName}: ${outcome.message}`, hint)] };
  }
  const text = normalizeText(outcome.text);
  // A template may render nothing for a switch (everything behind an {{#if}}): no output, no error.
  if (text === '') return { diagnostics: [] };
  const target = template.spec.target;
  const checked = checkOutput(target, text, rules);
  const diagnostics = checked.problems.map((problem) => {
    const hint = problem.code === C.TEMPLATE_OWNED ? OWNED_HINTS[target] : OUTPUT_HINTS[target];
    return templateDiagnostic(template, 'spec.template', problem.code, `switch ${switchName}: ${problem.message}`, hint);
  });
  if (diagnostics.length > 0) return { diagnostics };
  return { output: { template: template.metadata.name, target, text: checked.text }, diagnostics: [] };
}

/** Guards the ownership rules too: they are someone else's code, and bad input never throws. */
function renderTemplateSafely(template: ConfigTemplate, context: TemplateContext, rules: OwnershipRules): TemplateResult {
  try {
    return renderTemplate(template, context, rules);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const message = `switch ${context.switch.name}: the template could not be rendered: ${reason}`;
    return { diagnostics: [templateDiagnostic(template, 'spec.template', C.TEMPLATE_RENDER, message)] };
  }
}

/**
 * Renders the templates that apply to one switch (selection included, so all templates may be
 * passed) and checks each output against its target and Weft's ownership. A template with any
 * problem produces no output. A template that does not compile gets the same WF700 diagnostic
 * as from checkTemplates, so callers may deduplicate by value.
 */
export function renderSwitchTemplates(
  templates: readonly ConfigTemplate[],
  context: TemplateContext,
  rules: OwnershipRules,
): RenderResult {
  const outputs: TemplateOutput[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const template of selectTemplates(templates, context.switch)) {
    const result = renderTemplateSafely(template, context, rules);
    if (result.output !== undefined) outputs.push(result.output);
    diagnostics.push(...result.diagnostics);
  }
  return { outputs, diagnostics: sortDiagnostics(diagnostics) };
}
