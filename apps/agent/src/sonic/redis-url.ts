/**
 * `--redis URL`: `redis://host:port` or `unix:///path/redis.sock` (SONiC's is
 * /var/run/redis/redis.sock). CONFIG_DB is database 4; a URL naming another database is refused.
 */
import type { RedisOptions } from 'ioredis';

export const CONFIG_DB = 4;
export const DEFAULT_REDIS_URL = 'unix:///var/run/redis/redis.sock';

export class RedisUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedisUrlError';
  }
}

export function redisOptions(url: string): RedisOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RedisUrlError(`--redis ${url}: not a URL; use redis://HOST:PORT or unix:///PATH/redis.sock`);
  }
  const auth = {
    ...(parsed.username === '' ? {} : { username: decodeURIComponent(parsed.username) }),
    ...(parsed.password === '' ? {} : { password: decodeURIComponent(parsed.password) }),
  };
  if (parsed.protocol === 'unix:') {
    if (parsed.pathname === '' || parsed.pathname === '/') throw new RedisUrlError(`--redis ${url}: the socket path is missing (unix:///var/run/redis/redis.sock)`);
    return { path: decodeURIComponent(parsed.pathname), db: CONFIG_DB, ...auth };
  }
  if (parsed.protocol !== 'redis:') throw new RedisUrlError(`--redis ${url}: the scheme must be redis:// or unix://`);
  const db = parsed.pathname.replace(/^\//, '');
  if (db !== '' && db !== String(CONFIG_DB)) throw new RedisUrlError(`--redis ${url}: CONFIG_DB is database ${CONFIG_DB}, not ${db}`);
  const port = parsed.port === '' ? 6379 : Number(parsed.port);
  return { host: parsed.hostname === '' ? '127.0.0.1' : parsed.hostname.replace(/^\[|\]$/g, ''), port, db: CONFIG_DB, ...auth };
}
