/**
 * Values for hand-written SQL, written and read the way MikroORM's entities write and read
 * them on each dialect, so rows written by raw statements load through the entities unchanged.
 */

/** The SQL dialects a subgraph's database speaks. */
export type Dialect = 'sqlite' | 'postgresql';

/** A date as the dialect's datetime column holds it: epoch milliseconds on SQLite, ISO text on PostgreSQL. */
export function sqlDate(dialect: Dialect, value: Date): number | string {
  return dialect === 'sqlite' ? value.getTime() : value.toISOString();
}

/** An integer column's value: a string from PostgreSQL's bigint, a number or bigint from SQLite. */
export function readBigInt(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' || typeof value === 'string') return BigInt(value);
  throw new Error(`Not an integer: ${String(value)}`);
}

/** A boolean column's value: a boolean from PostgreSQL, 0 or 1 from SQLite. */
export function readBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  return Number(value) === 1;
}

/** A json column's value: parsed already by PostgreSQL's driver, text on SQLite. */
export function readJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** A datetime column's value: epoch milliseconds from SQLite, a Date (or ISO text) from PostgreSQL. */
export function readDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number' || typeof value === 'bigint') return new Date(Number(value));
  if (typeof value === 'string') return new Date(/^\d+$/.test(value) ? Number(value) : value);
  throw new Error(`Not a datetime: ${String(value)}`);
}
