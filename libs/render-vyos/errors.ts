/**
 * Two kinds of failure. A VyosRenderError is a programming error: the compiler handed the
 * renderer something that cannot be written safely (an identifier with a space, a value with a
 * quote). A VyosSyntaxError is about text someone wrote, such as a ConfigTemplate line.
 */
export class VyosRenderError extends Error {
  override readonly name = 'VyosRenderError';
}

export class VyosSyntaxError extends Error {
  override readonly name = 'VyosSyntaxError';
}
