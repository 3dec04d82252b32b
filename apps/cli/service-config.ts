/** The service's configuration for `weft serve` and `weft db`: read from the environment, a bad setting is a usage error (exit 2). */
import type { Environment, ServiceConfig } from '../api/src/config.js';
import { UsageError } from './context.js';

export async function serviceConfig(env: Environment): Promise<ServiceConfig> {
  // loaded when a command runs: the service's modules stay out of every other command's start
  const { ConfigError, loadConfig } = await import('../api/src/config.js');
  try {
    return loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.message);
    throw e;
  }
}
