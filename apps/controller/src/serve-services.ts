/**
 * `weft serve --kubeconfig FILE`: the service and the controller in one process, on one store.
 * REST, GraphQL and the console see the objects kubectl created (read-only there: their owner is
 * Kubernetes), and the controller reconciles into the same store the API writes to. The sample
 * fabric is not loaded: the cluster is where objects come from.
 */
import type { CreateServices } from '../../api/src/main.js';
import { storeServices } from '../../api/src/services.js';
import type { ControllerOptions } from './controller.js';
import { runController, type WebhookSettings } from './run.js';

export interface ServeWithControllerOptions extends Pick<ControllerOptions, 'kubeconfig' | 'namespace' | 'labelSelector' | 'leaderElection' | 'workers' | 'identity'> {
  readonly webhook?: false | WebhookSettings;
}

export function controllerServices(options: ServeWithControllerOptions): CreateServices {
  return storeServices({
    start: async (store, { logger }) => {
      const running = await runController({
        ...options,
        // the service's own store, shared with REST: it stays open between sessions
        openStore: () => Promise.resolve({ store, close: () => Promise.resolve() }),
        log: (level, message, fields) => {
          logger[level](message, { component: 'controller', ...fields });
        },
      });
      return { close: () => running.stop() };
    },
  });
}
