/** How the store is set up (StoreModule.forRoot), injectable as STORE_OPTIONS. */
import type { RawDocument } from '#domain';
import type { DatabaseOptions } from '../database/data-source.js';

export interface StoreModuleOptions {
  readonly database: DatabaseOptions;
  /** documents to load when the database holds no objects (the sample fabric) */
  readonly seed?: () => Promise<readonly RawDocument[]>;
  /** WEFT_ADMIN_TOKEN; without it, a token is generated on the first start and announced once */
  readonly adminToken?: string;
}

export const STORE_OPTIONS = Symbol('STORE_OPTIONS');
