export * from './tools.js';
export * from './device-fixtures.js';
export * from './builders.js';
export * from './template-fixtures.js';
export * from './walks.js';
