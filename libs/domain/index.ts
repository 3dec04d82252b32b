export * from './diagnostics.js';
export * from './ip.js';
export * from './resources.js';
export * from './device-intent.js';
export * from './schema-validate.js';
export * from './parse.js';
export * from './own.js';
export * from './immutable.js';
