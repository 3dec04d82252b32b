/** The GraphQL schema as data (types, fields, arguments) and how each is written as SDL. */

export type SchemaNode = Readonly<Record<string, unknown>>;

export interface GraphqlArgument {
  readonly name: string;
  readonly type: string;
}

export interface GraphqlField {
  readonly name: string;
  readonly type: string;
  readonly description?: string;
  readonly arguments?: readonly GraphqlArgument[];
}

export type GraphqlType =
  | { readonly keyword: 'scalar'; readonly name: string; readonly description: string }
  | { readonly keyword: 'enum'; readonly name: string; readonly description?: string; readonly values: readonly string[] }
  | { readonly keyword: 'type' | 'input'; readonly name: string; readonly description?: string; readonly fields: readonly GraphqlField[] };

/** A field type before the caller decides nullability, and what its description must add. */
export interface Translated {
  readonly type: string;
  readonly notes: readonly string[];
}

/** A block string; one line when it fits, escaped `"""`, never ending in a quote that would close it. */
function renderDescription(text: string, indent: string): string {
  const escaped = text.replaceAll('"""', '\\"""');
  if (!escaped.includes('\n') && !escaped.endsWith('"') && !escaped.endsWith('\\')) return `${indent}"""${escaped}"""\n`;
  const body = escaped.split('\n').map((line) => `${indent}${line}`).join('\n');
  return `${indent}"""\n${body}\n${indent}"""\n`;
}

function renderField(field: GraphqlField): string {
  const description = field.description === undefined ? '' : renderDescription(field.description, '  ');
  const argumentList = field.arguments === undefined || field.arguments.length === 0
    ? ''
    : `(${field.arguments.map((argument) => `${argument.name}: ${argument.type}`).join(', ')})`;
  return `${description}  ${field.name}${argumentList}: ${field.type}\n`;
}

export function renderType(type: GraphqlType): string {
  const description = type.description === undefined ? '' : renderDescription(type.description, '');
  switch (type.keyword) {
    case 'scalar':
      return `${description}scalar ${type.name}\n`;
    case 'enum':
      return `${description}enum ${type.name} {\n${type.values.map((value) => `  ${value}\n`).join('')}}\n`;
    case 'type':
    case 'input':
      return `${description}${type.keyword} ${type.name} {\n${type.fields.map(renderField).join('')}}\n`;
  }
}

export function byName(a: GraphqlType, b: GraphqlType): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
