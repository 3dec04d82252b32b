/** The token service moved to tokens/token.service.ts; this path stays for the transports' imports. */
export * from '../tokens/token.service.js';
