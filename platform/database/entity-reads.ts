import type { Constructor, EntityManager, EntityProperty } from '@mikro-orm/core';
import { readBigInt, readBoolean, readDate, readJson, type Dialect } from './raw-values';
import { sqlRows } from './sql-transaction';

/** How one column's value becomes its property's: by the property's runtime type. */
type Reader = (value: unknown) => unknown;

const READERS: Record<string, Reader> = {
  bigint: readBigInt,
  boolean: readBoolean,
  Date: readDate,
  number: (value) => Number(value),
  string: (value) => String(value),
};

interface Shape {
  /** The entity's columns, quoted, in the order rows come back. */
  list: string;
  table: string;
  columns: { property: string; column: string; read: Reader }[];
}

/**
 * Reads rows of an entity's table with one hand-written, prepared statement and builds the
 * entity from them, as the EntityManager would but without its unit of work, identity map or
 * query builder: for the read paths that GraphQL queries take on every request. What it returns
 * is a detached copy with the entity's properties, for reading: nothing it changes is ever
 * written, and it is no instance of the entity's class. Lazy properties stay
 * unloaded, as they do through `em.find`.
 */
export class EntityReader<T extends object> {
  private shape?: Shape;

  constructor(
    private readonly entity: Constructor<T>,
    private readonly dialect: Dialect,
  ) {}

  /**
   * The rows that match `where` (SQL with `?` parameters, columns by name), then `tail`
   * (order by, limit). `em` lends its connection; nothing is loaded into it.
   */
  select(em: EntityManager, where: string, params: readonly unknown[], tail = ''): Promise<T[]> {
    return this.selectWith(
      em,
      (columns, table) => `select ${columns} from ${table} where ${where} ${tail}`,
      params,
    );
  }

  /**
   * The rows of a statement of the caller's (a compound select, say), built from the entity's
   * column list and table, whose result has exactly those columns in that order.
   */
  async selectWith(
    em: EntityManager,
    statement: (columns: string, table: string) => string,
    params: readonly unknown[],
  ): Promise<T[]> {
    const shape = (this.shape ??= this.shapeOf(em));
    const rows = await sqlRows(em, this.dialect, statement(shape.list, shape.table), params);
    const { columns } = shape;
    return rows.map((row) => {
      // A plain object: the entity's prototype carries the ORM's property accessors, which cost
      // more than the read itself and serve only entities it manages.
      const entity: Record<string, unknown> = {};
      for (let i = 0; i < columns.length; i++) {
        const value = row[i];
        entity[columns[i].property] = value === null || value === undefined ? null : columns[i].read(value);
      }
      return entity as T;
    });
  }

  private shapeOf(em: EntityManager): Shape {
    const meta = em.getMetadata().get(this.entity.name);
    const columns = meta.props
      .filter((prop) => prop.kind === 'scalar' && !prop.lazy && prop.persist !== false)
      .map((prop) => ({ property: prop.name, column: prop.fieldNames[0], read: readerOf(prop) }));
    const list = columns.map(({ column }) => `"${column}"`).join(', ');
    return { list, table: `"${meta.tableName}"`, columns };
  }
}

function readerOf(prop: EntityProperty): Reader {
  if (prop.customType?.constructor.name === 'JsonType') return readJson;
  const reader = READERS[prop.runtimeType] ?? READERS[prop.runtimeType.toLowerCase()];
  if (!reader) throw new Error(`No reader for ${prop.name} of type ${prop.runtimeType}`);
  return reader;
}

/** `?, ?, ?` for a list of values, for an `in (…)` of hand-written SQL. */
export function parameterList(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ');
}
