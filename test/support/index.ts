export * from './tools.js';
export * from './device-fixtures.js';
