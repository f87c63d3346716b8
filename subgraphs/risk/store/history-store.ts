import type { Dialect } from '../../../platform/database';
import { readBigInt, readDate, sqlDate } from '../../../platform/database/raw-values';
import type { SqlRunner } from '../../../platform/database/sql-transaction';
import type { PaymentFact } from '../domain/facts';

// Written as the transaction commits, with the other facts of its batch in one statement.
const FACTS_INSERT = `insert into risk_payments (payment_id, account_id, kind, status, amount_minor, currency,
  payee, decline_reason, created_at, updated_at)`;
const FACT_ROW = '(?, ?, ?, ?, cast(? as bigint), ?, ?, ?, ?, ?)';

/** The most facts of one account a decision reads: enough for every window the rules use. */
export const HISTORY_LIMIT = 500;

interface FactRow {
  payment_id: string;
  account_id: string;
  kind: string;
  status: string;
  amount_minor: unknown;
  currency: string;
  payee: string | null;
  decline_reason: string | null;
  created_at: unknown;
}

function factOf(row: FactRow): PaymentFact {
  return {
    paymentId: row.payment_id,
    accountId: row.account_id,
    kind: row.kind,
    status: row.status,
    amountMinor: readBigInt(row.amount_minor),
    currency: row.currency,
    payee: row.payee,
    declineReason: row.decline_reason,
    createdAt: readDate(row.created_at),
  };
}

/** The account's payments since `since`, newest first, `exceptPaymentId` left out. */
export async function historyOf(
  sql: SqlRunner,
  dialect: Dialect,
  accountId: string,
  since: Date,
  exceptPaymentId: string,
): Promise<PaymentFact[]> {
  const rows = await sql.all<FactRow>(
    `select payment_id, account_id, kind, status, amount_minor, currency, payee, decline_reason, created_at
     from risk_payments where account_id = ? and created_at >= ? and payment_id <> ?
     order by created_at desc limit ${HISTORY_LIMIT}`,
    [accountId, sqlDate(dialect, since), exceptPaymentId],
  );
  return rows.map(factOf);
}

/** Records a payment risk is scoring, PENDING; one it already knows is left as it is. */
export async function recordScoredPayment(
  sql: SqlRunner,
  dialect: Dialect,
  fact: PaymentFact,
): Promise<void> {
  const at = sqlDate(dialect, fact.createdAt);
  sql.append(
    FACTS_INSERT,
    FACT_ROW,
    [
      fact.paymentId,
      fact.accountId,
      fact.kind,
      fact.status,
      fact.amountMinor.toString(),
      fact.currency,
      fact.payee,
      fact.declineReason,
      at,
      at,
    ],
    'on conflict (payment_id) do nothing',
  );
}

/**
 * Applies what a payment event says of the payment: its status and decline reason, unless a
 * later event was applied already. A payment risk never scored (a reward) is added.
 */
export async function applyPaymentEvent(
  sql: SqlRunner,
  dialect: Dialect,
  fact: PaymentFact,
  occurredAt: Date,
): Promise<void> {
  const at = sqlDate(dialect, occurredAt);
  sql.append(
    FACTS_INSERT,
    FACT_ROW,
    [
      fact.paymentId,
      fact.accountId,
      fact.kind,
      fact.status,
      fact.amountMinor.toString(),
      fact.currency,
      fact.payee,
      fact.declineReason,
      sqlDate(dialect, fact.createdAt),
      at,
    ],
    `on conflict (payment_id) do update set status = excluded.status,
       decline_reason = excluded.decline_reason, updated_at = excluded.updated_at
     where risk_payments.updated_at <= excluded.updated_at`,
  );
}

/** The facts of these payments. */
export async function factsById(sql: SqlRunner, paymentIds: readonly string[]): Promise<PaymentFact[]> {
  if (paymentIds.length === 0) return [];
  const rows = await sql.all<FactRow>(
    `select payment_id, account_id, kind, status, amount_minor, currency, payee, decline_reason, created_at
     from risk_payments where payment_id in (${paymentIds.map(() => '?').join(', ')})`,
    paymentIds,
  );
  return rows.map(factOf);
}
