/** A start of the service that cannot go on; its message names the cause (`weft serve` prints it and exits 1). */
export class StartupError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StartupError';
  }
}
