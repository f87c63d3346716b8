import type { EntityManager } from '@mikro-orm/core';
import type { AbstractSqlConnection } from '@mikro-orm/knex';
import type { Dialect } from './raw-values';

/** Runs statements inside one `sqlTransaction`. */
export interface SqlRunner {
  /**
   * Runs one statement with `?` parameters and returns its rows (a select, or a write with
   * RETURNING; other writes return none). Driver errors arrive as MikroORM's exceptions
   * (UniqueConstraintViolationException, …), as they do through the EntityManager.
   */
  all<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /**
   * Adds one row to an insert that runs just before the transaction commits: `into` is the
   * statement up to `values`, `row` its parameters (`(?, ?)`), `tail` what follows the values
   * (an `on conflict` clause). The rows of one statement go in as one multi-row insert, so units
   * that share a transaction (group commit) share it too. For rows nobody reads back in the same
   * transaction and that need no answer (entries, outbox events, a new row under a unique id): a
   * row that fails (a duplicate key) fails the transaction as it commits, with its error, and
   * under group commit the caller sees that error once its unit has run alone.
   */
  append(into: string, row: string, params: readonly unknown[], tail?: string): void;
}

/** The most rows one multi-row insert takes, well inside both databases' parameter limits. */
const MAX_APPENDED_ROWS = 200;
/** Where an appended statement's rows go, until they are known. */
const ROWS_MARK = '<rows>';

interface SqliteStatement {
  readonly reader: boolean;
  all(params: readonly unknown[]): unknown[];
  run(params: readonly unknown[]): unknown;
  safeIntegers(on: boolean): unknown;
  raw(on: boolean): unknown;
}
interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
}
interface PgConnection {
  query(sql: string, params?: readonly unknown[]): Promise<{ rows: unknown[] }>;
  query(config: { text: string; values: readonly unknown[]; rowMode: 'array' }): Promise<{ rows: unknown[] }>;
}
interface KnexClient {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<unknown>;
}
interface KnexLike {
  client: KnexClient;
  emit(event: 'query', data: { sql: string }): boolean;
}

/**
 * Prepared statements per SQLite connection: the hot path runs the same few statements. Whether
 * each returns rows is asked of the driver once (the answer is a native call each time).
 */
const prepared = new WeakMap<
  SqliteConnection,
  Map<string, { statement: SqliteStatement; reader: boolean }>
>();
const MAX_PREPARED = 200;

/** `?` parameters as PostgreSQL's numbered ones; the statements here hold no literal `?`. */
const numbered = new Map<string, string>();

/**
 * Runs `work` in one transaction of plain parameterised statements on a connection borrowed
 * from the ORM's own pool (any EntityManager of the ORM will do: nothing is loaded into it).
 * No unit of work, no query builder, and on SQLite the prepared statements are reused: for
 * short hot-path transactions of hand-written SQL; anything that loads entities uses
 * `em.transactional`. The statements count in the database's statement metric like any other.
 * `work` should run nothing but its SQL: it holds a pooled connection (on SQLite, the only one)
 * until it returns. SQLite takes the write lock at BEGIN, so a concurrent writer waits instead
 * of failing at its first write.
 */
export async function sqlTransaction<T>(
  em: EntityManager,
  dialect: Dialect,
  work: (sql: SqlRunner) => Promise<T>,
): Promise<T> {
  const connection = em.getConnection() as AbstractSqlConnection;
  const knex = connection.getKnex() as unknown as KnexLike;
  const driver = em.getDriver();
  const raw = await knex.client.acquireConnection();
  const run = dialect === 'sqlite' ? sqliteRunner(raw as SqliteConnection) : pgRunner(raw as PgConnection);
  const exec = async (sql: string, params: readonly unknown[] = []): Promise<unknown[]> => {
    knex.emit('query', { sql });
    try {
      return await run(sql, params);
    } catch (error) {
      throw driver.convertException(error as Error);
    }
  };
  const appended = new Map<string, { row: string; params: unknown[]; rows: number }[]>();
  const append = (into: string, row: string, params: readonly unknown[], tail = '') => {
    const statement = `${into} values ${ROWS_MARK}${tail ? ` ${tail}` : ''}`;
    let chunks = appended.get(statement);
    if (!chunks) appended.set(statement, (chunks = []));
    let last = chunks.at(-1);
    if (!last || last.row !== row || last.rows >= MAX_APPENDED_ROWS) {
      chunks.push((last = { row, params: [], rows: 0 }));
    }
    last.params.push(...params);
    last.rows++;
  };
  try {
    await exec(dialect === 'sqlite' ? 'begin immediate' : 'begin');
    let result: T;
    try {
      result = await work({ all: exec as SqlRunner['all'], append });
      for (const [statement, chunks] of appended) {
        for (const { row, params, rows } of chunks) {
          const values = Array.from({ length: rows }, () => row).join(', ');
          await exec(statement.replace(ROWS_MARK, values), params);
        }
      }
      await exec('commit');
    } catch (error) {
      await exec('rollback').catch(() => undefined);
      throw error;
    }
    return result;
  } finally {
    await knex.client.releaseConnection(raw);
  }
}

/**
 * Runs one statement with `?` parameters outside any transaction, on a connection borrowed
 * from the ORM's pool as `sqlTransaction` does: for a single hot-path read of a few columns.
 */
export function sqlQuery<T = Record<string, unknown>>(
  em: EntityManager,
  dialect: Dialect,
  sql: string,
  params: readonly unknown[] = [],
): Promise<T[]> {
  return onBorrowedConnection(em, sql, async (raw) => {
    const run = dialect === 'sqlite' ? sqliteRunner(raw as SqliteConnection) : pgRunner(raw as PgConnection);
    return (await run(sql, params)) as T[];
  });
}

/**
 * As `sqlQuery` for a select, each row an array of its columns in the select's order: the
 * driver builds an array per row much faster than an object with a key per column, which counts
 * on reads of many rows and columns (EntityReader).
 */
export function sqlRows(
  em: EntityManager,
  dialect: Dialect,
  sql: string,
  params: readonly unknown[] = [],
): Promise<unknown[][]> {
  return onBorrowedConnection(em, sql, async (raw) => {
    if (dialect === 'postgresql') {
      const text = numberedParameters(sql);
      return (await (raw as PgConnection).query({ text, values: params, rowMode: 'array' }))
        .rows as unknown[][];
    }
    return sqliteStatement(raw as SqliteConnection, sql, 'rows').statement.all(params) as unknown[][];
  });
}

/**
 * Runs one statement's `work` on a connection borrowed from the ORM's pool and given back after,
 * counted in the statement metric, its driver errors as MikroORM's exceptions.
 */
async function onBorrowedConnection<T>(
  em: EntityManager,
  sql: string,
  work: (raw: unknown) => Promise<T>,
): Promise<T> {
  const knex = (em.getConnection() as AbstractSqlConnection).getKnex() as unknown as KnexLike;
  const raw = await knex.client.acquireConnection();
  try {
    knex.emit('query', { sql });
    return await work(raw);
  } catch (error) {
    throw em.getDriver().convertException(error as Error);
  } finally {
    await knex.client.releaseConnection(raw);
  }
}

/** Runs each statement on its own, outside any transaction (`sqlQuery`): for reads, so it appends nothing. */
export function sqlReader(em: EntityManager, dialect: Dialect): SqlRunner {
  return {
    all: (sql, params) => sqlQuery(em, dialect, sql, params),
    append: () => {
      throw new Error('Rows are appended inside a sqlTransaction, not by a reader');
    },
  };
}

/**
 * A connection's prepared statement for `sql`, made once: returning objects (`objects`, for
 * `all` and writes) or arrays (`rows`, for `sqlRows`), never both from one statement.
 */
function sqliteStatement(db: SqliteConnection, sql: string, mode: 'objects' | 'rows') {
  let cache = prepared.get(db);
  if (!cache) prepared.set(db, (cache = new Map()));
  const key = mode === 'rows' ? `rows:${sql}` : sql;
  let entry = cache.get(key);
  if (!entry) {
    if (cache.size >= MAX_PREPARED) cache.clear();
    const statement = db.prepare(sql);
    // Integers come back as bigints: a number is exact only up to 2^53, amounts go beyond.
    statement.safeIntegers(true);
    if (mode === 'rows') statement.raw(true);
    entry = { statement, reader: statement.reader };
    cache.set(key, entry);
  }
  return entry;
}

function sqliteRunner(db: SqliteConnection) {
  return async (sql: string, params: readonly unknown[]): Promise<unknown[]> => {
    const entry = sqliteStatement(db, sql, 'objects');
    if (entry.reader) return entry.statement.all(params);
    entry.statement.run(params);
    return [];
  };
}

function pgRunner(client: PgConnection) {
  return async (sql: string, params: readonly unknown[]): Promise<unknown[]> =>
    (await client.query(numberedParameters(sql), params)).rows;
}

/** A statement's `?` parameters as PostgreSQL's numbered ones, remembered for the hot few. */
function numberedParameters(sql: string): string {
  let text = numbered.get(sql);
  if (text === undefined) {
    let n = 0;
    text = sql.replace(/\?/g, () => `$${++n}`);
    if (numbered.size < MAX_PREPARED) numbered.set(sql, text);
  }
  return text;
}
