/**
 * Column helpers shared by the entities. PostgreSQL's bigint reaches JavaScript as a string
 * (it may exceed 2^53); every bigint Weft stores (generations, versions, ASNs) is far below
 * that, so the entities read them as numbers.
 */
import type { ValueTransformer } from 'typeorm';

export const BIGINT_AS_NUMBER: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};
