/**
 * Bounds on what one GraphQL request may ask, checked before graphql-js's own validation rules
 * (which compare fields pairwise, so a huge query would make them slow) and before execution:
 * the size of the query text, its token count (graphql-js's parser stops there), how deep
 * selections nest (data and introspection apart), how many fields the operation selects once
 * fragments are expanded, and how many aliases it uses (graphql-armor's max-aliases rule). A
 * query past a bound is refused with a 400 that names the bound (code too-complex); none of them
 * can make the service do unbounded work.
 */
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { GraphQLError, Kind, type ASTVisitor, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode, type ValidationContext, type ValidationRule } from 'graphql';

export const MAX_QUERY_BYTES = 100 * 1024;
/** The standard introspection query has under 200 tokens; no sensible query comes near this. */
export const MAX_QUERY_TOKENS = 20_000;
/** Data queries nest 4 levels (agents.status.bgpNeighbors.peer); 12 leaves room and stops abuse. */
export const MAX_DEPTH = 12;
/** Introspection nests deeper: the standard introspection query reaches 15 (TypeRef's ofType chain). */
export const MAX_INTROSPECTION_DEPTH = 20;
/** Fields selected, fragments expanded: bounds validation (which compares fields pairwise) and execution. */
export const MAX_FIELDS = 2_000;
/** Aliases per operation: each aliased list field can return thousands of objects again. */
export const MAX_ALIASES = 32;

export interface SelectionCost {
  /** the deepest chain of nested fields, introspection (__schema, __type) left out */
  readonly depth: number;
  /** the deepest chain of nested fields under __schema or __type */
  readonly introspectionDepth: number;
  /** every field selection, each fragment spread counted as the fields it expands to */
  readonly fields: number;
}

const NOTHING: SelectionCost = { depth: 0, introspectionDepth: 0, fields: 0 };
const INTROSPECTION_FIELDS: ReadonlySet<string> = new Set(['__schema', '__type']);

/**
 * The cost of a selection set. Fragments are measured once each (a fragment spread twice costs
 * twice, so a fragment "bomb" is counted, not expanded); a fragment cycle counts as nothing here,
 * graphql-js's NoFragmentCycles refuses it.
 */
export function selectionCost(selectionSet: SelectionSetNode, fragment: (name: string) => FragmentDefinitionNode | undefined): SelectionCost {
  const measured = new Map<string, SelectionCost>();
  const visiting = new Set<string>();

  const measureFragment = (name: string): SelectionCost => {
    const known = measured.get(name);
    if (known !== undefined) return known;
    const definition = fragment(name);
    if (definition === undefined || visiting.has(name)) return NOTHING;
    visiting.add(name);
    const cost = measure(definition.selectionSet);
    visiting.delete(name);
    measured.set(name, cost);
    return cost;
  };

  const measureField = (field: FieldNode): SelectionCost => {
    if (field.selectionSet === undefined) return { depth: 1, introspectionDepth: 0, fields: 1 };
    const children = measure(field.selectionSet);
    if (INTROSPECTION_FIELDS.has(field.name.value)) {
      return { depth: 0, introspectionDepth: Math.max(children.depth, children.introspectionDepth) + 1, fields: children.fields + 1 };
    }
    return { depth: children.depth + 1, introspectionDepth: children.introspectionDepth, fields: children.fields + 1 };
  };

  const measure = (set: SelectionSetNode): SelectionCost => {
    let cost = NOTHING;
    for (const selection of set.selections) {
      const inner =
        selection.kind === Kind.FIELD ? measureField(selection) : selection.kind === Kind.INLINE_FRAGMENT ? measure(selection.selectionSet) : measureFragment(selection.name.value);
      cost = {
        depth: Math.max(cost.depth, inner.depth),
        introspectionDepth: Math.max(cost.introspectionDepth, inner.introspectionDepth),
        fields: cost.fields + inner.fields,
      };
    }
    return cost;
  };

  return measure(selectionSet);
}

function operationLabel(operation: OperationDefinitionNode): string {
  return operation.name === undefined ? `the ${operation.operation}` : `${operation.operation} ${operation.name.value}`;
}

function count(value: number): string {
  return Number.isFinite(value) ? String(value) : 'too many';
}

/** What is past a bound, as sentences; empty when the operation is within all of them. */
export function limitProblems(label: string, cost: SelectionCost): string[] {
  const problems: string[] = [];
  if (cost.depth > MAX_DEPTH) problems.push(`${label} nests fields ${cost.depth} levels deep; at most ${MAX_DEPTH} are allowed`);
  if (cost.introspectionDepth > MAX_INTROSPECTION_DEPTH) problems.push(`${label} nests introspection fields ${cost.introspectionDepth} levels deep; at most ${MAX_INTROSPECTION_DEPTH} are allowed`);
  if (cost.fields > MAX_FIELDS) problems.push(`${label} selects ${count(cost.fields)} fields once its fragments are expanded; at most ${MAX_FIELDS} are allowed`);
  return problems;
}

/** A validation rule: refuses an operation past the depth or field bounds above. */
export function queryLimitsRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(operation) {
      const cost = selectionCost(operation.selectionSet, (name) => context.getFragment(name) ?? undefined);
      for (const problem of limitProblems(operationLabel(operation), cost)) {
        context.reportError(new GraphQLError(problem, { nodes: operation, extensions: { code: 'too-complex' } }));
      }
      // the operation's subtree is measured; nothing below needs visiting
      return false;
    },
  };
}

/**
 * graphql-armor's alias limit, reporting like the rules above: the refusal is a validation error
 * with code too-complex (armor's own would be thrown out of validation as a "Syntax Error").
 */
export const aliasLimitRule: ValidationRule = maxAliasesRule({
  n: MAX_ALIASES,
  propagateOnRejection: false,
  onReject: [
    (context, error) => {
      const found = /found (\d+)/.exec(error.message)?.[1] ?? 'too many';
      context?.reportError(
        new GraphQLError(`the query uses ${found} aliases; at most ${MAX_ALIASES} are allowed (send several requests)`, { extensions: { code: 'too-complex' } }),
      );
    },
  ],
});

/** Every bound, in the order they are checked (before graphql-js's own rules). */
export const LIMIT_RULES: readonly ValidationRule[] = [queryLimitsRule, aliasLimitRule];
