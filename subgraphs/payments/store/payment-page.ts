import type { EntityManager } from '@mikro-orm/core';
import type { Dialect } from '../../../platform/database';
import { EntityReader, parameterList } from '../../../platform/database/entity-reads';
import { sqlDate } from '../../../platform/database/raw-values';
import { Payment } from './payment.entity';
import type { PaymentFilter } from './payment-store';

// The reads GraphQL queries make on every request, as prepared statements: a page of a
// wallet's payments and payments by id. What they return is detached, for reading.

const readers = {
  sqlite: new EntityReader(Payment, 'sqlite'),
  postgresql: new EntityReader(Payment, 'postgresql'),
};

export function paymentsByIds(
  em: EntityManager,
  dialect: Dialect,
  ids: readonly string[],
): Promise<Payment[]> {
  return readers[dialect].select(em, `id in (${parameterList(ids)})`, ids);
}

/**
 * A wallet's payments, as payer and as payee, newest first by (createdAt, id), starting after
 * the cursor `after`: up to `limit` of them, in one statement that reads each side through its
 * own index (a page of each) and merges the two.
 */
export async function walletPaymentPage(
  em: EntityManager,
  dialect: Dialect,
  walletId: string,
  filter: PaymentFilter,
  after: { createdAt: Date; id: string } | undefined,
  limit: number,
): Promise<Payment[]> {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const where = (condition: string, ...values: unknown[]) => {
    conditions.push(condition);
    params.push(...values);
  };
  if (filter.status) where('status = ?', filter.status);
  if (filter.kind) where('kind = ?', filter.kind);
  if (filter.category) where('category = ?', filter.category);
  if (filter.from) where('created_at >= ?', sqlDate(dialect, filter.from));
  if (filter.to) where('created_at < ?', sqlDate(dialect, filter.to));
  if (after) {
    const at = sqlDate(dialect, after.createdAt);
    where('(created_at < ? or (created_at = ? and id < ?))', at, at, after.id);
  }
  const newestFirst = 'order by created_at desc, id desc limit ?';
  const side = (columns: string, table: string, column: string, alias: string) =>
    `select ${columns} from (select ${columns} from ${table} where ${[`${column} = ?`, ...conditions].join(' and ')} ${newestFirst}) as ${alias}`;
  const sideParams = [walletId, ...params, limit];
  // UNION, not UNION ALL: a payment from a wallet to itself would be one row, not two.
  return readers[dialect].selectWith(
    em,
    (columns, table) =>
      `${side(columns, table, 'source_wallet_id', 'sent')} union ${side(columns, table, 'destination_wallet_id', 'received')} ${newestFirst}`,
    [...sideParams, ...sideParams, limit],
  );
}
