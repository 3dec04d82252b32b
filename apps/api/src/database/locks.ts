/** Advisory lock keys: migrations, and the single writer of fabric state (one at a time across replicas). */
export const LOCK_MIGRATIONS = 7_401_001;
export const LOCK_WRITER = 7_401_002;
