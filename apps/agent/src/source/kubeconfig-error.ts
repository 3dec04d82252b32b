/** The kubeconfig given to `weft agent --kubeconfig` cannot be used: not YAML, no current cluster. */
export class KubeconfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubeconfigError';
  }
}
