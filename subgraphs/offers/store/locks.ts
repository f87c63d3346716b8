import { LockMode } from '@mikro-orm/core';
import type { Dialect } from '../../../platform/database';

/**
 * The lock to read a row with before changing what depends on it. PostgreSQL locks the row
 * (SELECT ... FOR UPDATE) until the transaction ends; SQLite needs none, since a write
 * transaction there already holds the database's only write lock.
 */
export function forUpdate(dialect: Dialect): { lockMode?: LockMode.PESSIMISTIC_WRITE } {
  return dialect === 'postgresql' ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {};
}
