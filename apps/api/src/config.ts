/**
 * The service configuration: environment variables read once at boot, validated, frozen. Nothing
 * else in the service reads process.env; everything receives this object (or a part of it).
 */

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface ServiceConfig {
  readonly port: number;
  readonly host: string;
  /** WEFT_DATA: embedded PostgreSQL's data (and other local state) */
  readonly dataDir: string;
  /** an external PostgreSQL instead of the embedded one */
  readonly databaseUrl?: string;
  /** the bootstrap admin token; the token store generates one when absent */
  readonly adminToken?: string;
  readonly logLevel: LogLevel;
  /** WEFT_SEED: files or directories (`:`-separated) loaded into an empty database instead of the sample fabric */
  readonly seed?: readonly string[];
  /** WEFT_METRICS_ADDRESS: a second listener (host:port) serving /metrics without a token */
  readonly metricsAddress?: { readonly host: string; readonly port: number };
  /** WEFT_DB_CONNECT_TIMEOUT_MS: a database connection that takes longer fails */
  readonly databaseConnectTimeoutMs: number;
  /** WEFT_HEADER_TIMEOUT_MS: a client that has not sent its request headers by then is cut off */
  readonly headerTimeoutMs: number;
}

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '0.0.0.0';
export const DEFAULT_DATA_DIR = './.weft';
export const MIN_ADMIN_TOKEN_LENGTH = 16;
export const DEFAULT_DB_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_HEADER_TIMEOUT_MS = 10_000;

/** A bad environment variable; the message names it, and `weft serve` exits 2 with it. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

export type Environment = Readonly<Record<string, string | undefined>>;

export function loadConfig(env: Environment): ServiceConfig {
  const databaseUrl = readDatabaseUrl(env);
  const adminToken = readAdminToken(env);
  return Object.freeze({
    port: readPort(env),
    host: readHost(env),
    dataDir: readPlain(env, 'WEFT_DATA') ?? DEFAULT_DATA_DIR,
    ...(databaseUrl === undefined ? {} : { databaseUrl }),
    ...(adminToken === undefined ? {} : { adminToken }),
    logLevel: readLogLevel(env),
    ...readMetricsAddress(env),
    ...seedOf(env),
    databaseConnectTimeoutMs: readMilliseconds(env, 'WEFT_DB_CONNECT_TIMEOUT_MS', DEFAULT_DB_CONNECT_TIMEOUT_MS),
    headerTimeoutMs: readMilliseconds(env, 'WEFT_HEADER_TIMEOUT_MS', DEFAULT_HEADER_TIMEOUT_MS),
  });
}

function seedOf(env: Environment): { seed?: readonly string[] } {
  const value = readPlain(env, 'WEFT_SEED');
  if (value === undefined) return {};
  const paths = value.split(':').filter((path) => path !== '');
  if (paths.length === 0) throw new ConfigError('WEFT_SEED', 'WEFT_SEED must name at least one file or directory');
  return { seed: Object.freeze(paths) };
}

function readMilliseconds(env: Environment, name: string, fallback: number): number {
  const value = read(env, name);
  if (value === undefined) return fallback;
  const ms = /^\s*\d{1,9}\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(ms) || ms < 100) throw new ConfigError(name, `${name} must be a number of milliseconds from 100, got ${shown(value)}`);
  return ms;
}

/** `host:port` or `[v6]:port` of a listener for /metrics alone. */
function readMetricsAddress(env: Environment): { metricsAddress?: { host: string; port: number } } {
  const value = read(env, 'WEFT_METRICS_ADDRESS');
  if (value === undefined) return {};
  const match = /^\s*(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})\s*$/.exec(value);
  const port = Number(match?.[3]);
  const host = match?.[1] ?? match?.[2];
  if (match === null || host === undefined || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ConfigError('WEFT_METRICS_ADDRESS', `WEFT_METRICS_ADDRESS must be host:port, e.g. 127.0.0.1:9464, got ${shown(value)}`);
  }
  return { metricsAddress: { host, port } };
}

/** An empty variable counts as unset: `PORT= npm start` means the default. */
function read(env: Environment, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** Quoted and clipped, so a huge or binary value still gives a readable message. */
function shown(value: string): string {
  const clipped = value.length > 60 ? `${value.slice(0, 60)}...` : value;
  return JSON.stringify(clipped);
}

function readPlain(env: Environment, name: string): string | undefined {
  const value = read(env, name);
  if (value !== undefined && value.includes('\0')) throw new ConfigError(name, `${name} must not contain a NUL character`);
  return value;
}

function readPort(env: Environment): number {
  const value = read(env, 'PORT');
  if (value === undefined) return DEFAULT_PORT;
  const port = /^\s*\d{1,5}\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ConfigError('PORT', `PORT must be a port number from 1 to 65535, got ${shown(value)}`);
  }
  return port;
}

function readHost(env: Environment): string {
  const value = read(env, 'HOST');
  if (value === undefined) return DEFAULT_HOST;
  if (!/^[A-Za-z0-9.:_-]+$/.test(value) || value.length > 253) {
    throw new ConfigError('HOST', `HOST must be an address or a host name to listen on (e.g. 0.0.0.0, 127.0.0.1, ::), got ${shown(value)}`);
  }
  return value;
}

function readDatabaseUrl(env: Environment): string | undefined {
  const value = read(env, 'DATABASE_URL');
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined || !['postgres:', 'postgresql:'].includes(url.protocol)) {
    // the value may hold a password: name the variable, not the value
    throw new ConfigError('DATABASE_URL', 'DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@host:5432/weft');
  }
  return value;
}

function readAdminToken(env: Environment): string | undefined {
  const value = read(env, 'WEFT_ADMIN_TOKEN');
  if (value === undefined) return undefined;
  // a secret: the message never repeats it
  if (value.length < MIN_ADMIN_TOKEN_LENGTH) {
    throw new ConfigError('WEFT_ADMIN_TOKEN', `WEFT_ADMIN_TOKEN must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters long (or unset, to have one generated)`);
  }
  if (!/^[\x21-\x7e]+$/.test(value)) {
    throw new ConfigError('WEFT_ADMIN_TOKEN', 'WEFT_ADMIN_TOKEN must be printable ASCII without spaces (it travels in an Authorization header)');
  }
  return value;
}

function readLogLevel(env: Environment): LogLevel {
  const value = read(env, 'LOG_LEVEL');
  if (value === undefined) return 'info';
  const level = LOG_LEVELS.find((candidate) => candidate === value.trim().toLowerCase());
  if (level === undefined) throw new ConfigError('LOG_LEVEL', `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got ${shown(value)}`);
  return level;
}
