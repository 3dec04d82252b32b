/** Text that cannot be read or written as VyOS configuration: a quote left open, a word VyOS refuses. */
export class VyosConfigError extends Error {
  override readonly name = 'VyosConfigError';
}
