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
 * the cursor `after`. Reads each side through its own index and merges; returns up to `limit`.
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
  const side = (column: 'source_wallet_id' | 'destination_wallet_id') =>
    readers[dialect].select(
      em,
      [`${column} = ?`, ...conditions].join(' and '),
      [walletId, ...params, limit],
      'order by created_at desc, id desc limit ?',
    );
  const [sent, received] = await Promise.all([side('source_wallet_id'), side('destination_wallet_id')]);
  const byId = new Map<string, Payment>();
  for (const payment of [...sent, ...received]) byId.set(payment.id, payment);
  return [...byId.values()].sort(newestFirst).slice(0, limit);
}

function newestFirst(a: Payment, b: Payment): number {
  const byTime = b.createdAt.getTime() - a.createdAt.getTime();
  if (byTime !== 0) return byTime;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}
