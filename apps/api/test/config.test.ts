// The service configuration as an operator meets it: defaults, accepted values, and for each bad
// value a message that names the variable (and never repeats a secret).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../src/config.js';

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
    return e;
  }
  assert.fail(`expected ${JSON.stringify(env)} to be refused`);
}

test('an empty environment gives the documented defaults', () => {
  assert.deepEqual(loadConfig({}), { port: 8080, host: '0.0.0.0', dataDir: './.weft', logLevel: 'info', databaseConnectTimeoutMs: 10_000, headerTimeoutMs: 10_000 });
});

test('the config is frozen: read once, never changed', () => {
  const config = loadConfig({});
  assert.ok(Object.isFrozen(config));
});

test('every variable is read', () => {
  const config = loadConfig({
    PORT: '9090',
    HOST: '127.0.0.1',
    WEFT_DATA: '/var/lib/weft',
    DATABASE_URL: 'postgresql://weft:secret@db.example:5432/weft',
    WEFT_ADMIN_TOKEN: 'an-admin-token-of-32-characters!',
    LOG_LEVEL: 'DEBUG',
    WEFT_METRICS_ADDRESS: '127.0.0.1:9464',
    WEFT_DB_CONNECT_TIMEOUT_MS: '2500',
    WEFT_HEADER_TIMEOUT_MS: '3000',
  });
  assert.deepEqual(config, {
    port: 9090,
    host: '127.0.0.1',
    dataDir: '/var/lib/weft',
    databaseUrl: 'postgresql://weft:secret@db.example:5432/weft',
    adminToken: 'an-admin-token-of-32-characters!',
    logLevel: 'debug',
    metricsAddress: { host: '127.0.0.1', port: 9464 },
    databaseConnectTimeoutMs: 2500,
    headerTimeoutMs: 3000,
  });
});

test('WEFT_METRICS_ADDRESS is host:port; the timeouts are milliseconds from 100', () => {
  assert.deepEqual(loadConfig({ WEFT_METRICS_ADDRESS: '[::1]:9464' }).metricsAddress, { host: '::1', port: 9464 });
  assert.equal(configError({ WEFT_METRICS_ADDRESS: '9464' }).message, 'WEFT_METRICS_ADDRESS must be host:port, e.g. 127.0.0.1:9464, got "9464"');
  assert.equal(configError({ WEFT_HEADER_TIMEOUT_MS: '5' }).message, 'WEFT_HEADER_TIMEOUT_MS must be a number of milliseconds from 100, got "5"');
});

test('an empty variable means the default (PORT= npm start)', () => {
  assert.deepEqual(loadConfig({ PORT: '', HOST: ' ', DATABASE_URL: '', WEFT_ADMIN_TOKEN: '' }), loadConfig({}));
});

test('PORT accepts 1 and 65535 and an IPv6 HOST', () => {
  assert.equal(loadConfig({ PORT: '1' }).port, 1);
  assert.equal(loadConfig({ PORT: '65535' }).port, 65535);
  assert.equal(loadConfig({ HOST: '::' }).host, '::');
});

for (const port of ['0', '65536', '80.5', '-1', 'http', '8080abc', '1e3', '99999999999999999999']) {
  test(`PORT=${port} is refused with a message naming PORT`, () => {
    const error = configError({ PORT: port });
    assert.equal(error.variable, 'PORT');
    assert.equal(error.message, `PORT must be a port number from 1 to 65535, got ${JSON.stringify(port)}`);
  });
}

test('a huge PORT value is clipped in the message', () => {
  const error = configError({ PORT: 'x'.repeat(10_000) });
  assert.ok(error.message.length < 200, error.message);
  assert.match(error.message, /^PORT must be a port number from 1 to 65535, got "x{60}\.\.\."$/);
});

test('HOST with spaces or a scheme is refused', () => {
  assert.equal(configError({ HOST: 'http://localhost' }).variable, 'HOST');
  assert.match(configError({ HOST: 'local host' }).message, /^HOST must be an address or a host name to listen on .*got "local host"$/);
});

test('DATABASE_URL must be a PostgreSQL URL, and the message does not repeat it (it may hold a password)', () => {
  for (const url of ['mysql://root:hunter2@db/weft', 'not a url', 'hunter2']) {
    const error = configError({ DATABASE_URL: url });
    assert.equal(error.variable, 'DATABASE_URL');
    assert.equal(error.message, 'DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@host:5432/weft');
    assert.ok(!error.message.includes('hunter2'));
  }
});

test('WEFT_ADMIN_TOKEN shorter than 16 characters is refused without repeating it', () => {
  const error = configError({ WEFT_ADMIN_TOKEN: 'short-secret' });
  assert.equal(error.variable, 'WEFT_ADMIN_TOKEN');
  assert.equal(error.message, 'WEFT_ADMIN_TOKEN must be at least 16 characters long (or unset, to have one generated)');
  assert.equal(loadConfig({ WEFT_ADMIN_TOKEN: 'x'.repeat(16) }).adminToken, 'x'.repeat(16));
});

test('WEFT_ADMIN_TOKEN with a space or non-ASCII is refused (it travels in a header)', () => {
  assert.match(configError({ WEFT_ADMIN_TOKEN: 'a token with spaces in it' }).message, /^WEFT_ADMIN_TOKEN must be printable ASCII without spaces/);
  assert.equal(configError({ WEFT_ADMIN_TOKEN: 'токен-администратора' }).variable, 'WEFT_ADMIN_TOKEN');
});

test('LOG_LEVEL must be one of debug, info, warn, error', () => {
  assert.equal(loadConfig({ LOG_LEVEL: 'warn' }).logLevel, 'warn');
  assert.equal(configError({ LOG_LEVEL: 'verbose' }).message, 'LOG_LEVEL must be one of debug, info, warn, error, got "verbose"');
});

test('WEFT_DATA with a NUL character is refused', () => {
  assert.equal(configError({ WEFT_DATA: 'data\0dir' }).message, 'WEFT_DATA must not contain a NUL character');
});

test('WEFT_SEED names the files loaded into an empty database instead of the sample fabric', () => {
  assert.deepEqual(loadConfig({ WEFT_SEED: 'wiring/trunk-lab.yaml:examples/trunk' }).seed, ['wiring/trunk-lab.yaml', 'examples/trunk']);
  assert.equal(loadConfig({}).seed, undefined);
  assert.equal(configError({ WEFT_SEED: ':' }).variable, 'WEFT_SEED');
});
