import type { EventDataInput } from '../../../platform/bus';
import { newEnvelope, OUTBOX_INSERT } from '../../../platform/bus';
import type { Dialect } from '../../../platform/database';
import { readBigInt, sqlDate } from '../../../platform/database/raw-values';
import type { SqlRunner } from '../../../platform/database/sql-transaction';
import { PaymentEvents, SOURCE } from '../contract';
import { limitDay } from '../domain/limits';
import { PaymentStatus } from '../domain/payment';
import type { Payment } from './payment.entity';
import type { PaymentChanges } from './payment-store';

// The hot path writes with plain statements in one sqlTransaction: the unit of work's change
// tracking, flush and query building cost more than the statements themselves. Values are
// written as the entities write them (sqlDate), so the rows load through the Payment entity.

/** Adds `deltaMinor` to the account's total for the day and currency; returns the new total. */
export async function addToDailyTotal(sql: SqlRunner, payment: Payment, deltaMinor: bigint): Promise<bigint> {
  const rows = await sql.all<{ total_minor: unknown }>(
    `insert into payment_daily_totals (account_id, currency, day, total_minor) values (?, ?, ?, cast(? as bigint))
     on conflict (account_id, currency, day) do update
     set total_minor = payment_daily_totals.total_minor + excluded.total_minor
     returning total_minor`,
    [payment.accountId, payment.currency, limitDay(payment.createdAt), deltaMinor.toString()],
  );
  return readBigInt(rows[0].total_minor);
}

/** The columns a status change may set, by the Payment property that holds them. */
const CHANGE_COLUMNS: Record<keyof PaymentChanges, string> = {
  status: 'status',
  declineReason: 'decline_reason',
  riskDecision: 'risk_decision',
  riskScore: 'risk_score',
  riskUnavailable: 'risk_unavailable',
  verificationAttempts: 'verification_attempts',
  completedAt: 'completed_at',
  claimedBy: 'claimed_by',
  claimExpiresAt: 'claim_expires_at',
  expiresAt: 'expires_at',
};

/** A changed value as its column holds it: dates as the entities write them, booleans as 0 or 1 on SQLite. */
function columnValue(dialect: Dialect, value: unknown): unknown {
  if (value instanceof Date) return sqlDate(dialect, value);
  if (typeof value === 'boolean' && dialect === 'sqlite') return value ? 1 : 0;
  return value ?? null;
}

/**
 * Adds a new payment row to the transaction's inserts (one multi-row insert for the payments a
 * group commit takes together); a reused idempotency key fails the transaction as it commits
 * with UniqueConstraintViolationException, so the caller sees it once its unit runs alone.
 */
export function insertPayment(sql: SqlRunner, dialect: Dialect, p: Payment): void {
  sql.append(
    PAYMENT_INSERT,
    '(?, ?, ?, ?, ?, ?, ?, ?, cast(? as bigint), ?, cast(? as bigint), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    [
      p.id,
      p.kind,
      p.status,
      p.accountId,
      p.destinationAccountId ?? null,
      p.sourceWalletId ?? null,
      p.destinationWalletId ?? null,
      p.fundingSourceId ?? null,
      p.amountMinor.toString(),
      p.currency,
      p.creditedAmountMinor == null ? null : p.creditedAmountMinor.toString(),
      p.creditedCurrency ?? null,
      p.fxRate ?? null,
      p.merchantName ?? null,
      p.category ?? null,
      p.note ?? null,
      p.idempotencyKey,
      p.requestFingerprint,
      p.riskDecision ?? null,
      p.riskScore ?? null,
      p.verificationAttempts,
      p.declineReason ?? null,
      sqlDate(dialect, p.createdAt),
      sqlDate(dialect, p.updatedAt),
      p.completedAt ? sqlDate(dialect, p.completedAt) : null,
      p.claimedBy ?? null,
      p.claimExpiresAt ? sqlDate(dialect, p.claimExpiresAt) : null,
      p.relatedPaymentId ?? null,
    ],
  );
}

const PAYMENT_INSERT = `insert into payments (id, kind, status, account_id, destination_account_id, source_wallet_id,
  destination_wallet_id, funding_source_id, amount_minor, currency, credited_amount_minor, credited_currency, fx_rate,
  merchant_name, category, note, idempotency_key, request_fingerprint, risk_decision, risk_score,
  verification_attempts, decline_reason, created_at, updated_at, completed_at, claimed_by, claim_expires_at,
  related_payment_id)`;

/** The conditional status change: applies only while the payment is in one of `expected`. */
export async function updatePayment(
  sql: SqlRunner,
  dialect: Dialect,
  id: string,
  expected: PaymentStatus[],
  changes: PaymentChanges,
  now: Date,
  claimedBy?: string,
): Promise<boolean> {
  const sets: string[] = [];
  const params: unknown[] = [];
  for (const [key, value] of Object.entries(changes) as [keyof PaymentChanges, unknown][]) {
    if (value === undefined) continue;
    sets.push(`${CHANGE_COLUMNS[key]} = ?`);
    params.push(columnValue(dialect, value));
  }
  sets.push('updated_at = ?');
  params.push(sqlDate(dialect, now));
  const claim = claimedBy === undefined ? '' : ' and claimed_by = ?';
  const rows = await sql.all(
    `update payments set ${sets.join(', ')}
     where id = ? and status in (${expected.map(() => '?').join(', ')})${claim} returning id`,
    [...params, id, ...expected, ...(claimedBy === undefined ? [] : [claimedBy])],
  );
  return rows.length > 0;
}

/**
 * Takes the claim on a payment in one of `statuses` that nobody holds (or whose claim has
 * expired): one conditional update, so of two runners only one gets it.
 */
export async function claimPayment(
  sql: SqlRunner,
  dialect: Dialect,
  id: string,
  statuses: PaymentStatus[],
  runnerId: string,
  now: Date,
  until: Date,
): Promise<boolean> {
  const rows = await sql.all(
    `update payments set claimed_by = ?, claim_expires_at = ?
     where id = ? and status in (${statuses.map(() => '?').join(', ')})
       and (claimed_by is null or claim_expires_at < ?) returning id`,
    [runnerId, sqlDate(dialect, until), id, ...statuses, sqlDate(dialect, now)],
  );
  return rows.length > 0;
}

/** Extends a claim this runner still holds; false when it has lost it. */
export async function renewClaim(
  sql: SqlRunner,
  dialect: Dialect,
  id: string,
  runnerId: string,
  until: Date,
): Promise<boolean> {
  const rows = await sql.all(
    'update payments set claim_expires_at = ? where id = ? and claimed_by = ? returning id',
    [sqlDate(dialect, until), id, runnerId],
  );
  return rows.length > 0;
}

/**
 * Counts one verification attempt of a payment waiting for its code, while attempts are left:
 * the count after it, or null when none was left (or the payment no longer waits).
 */
export async function countVerificationAttempt(
  sql: SqlRunner,
  dialect: Dialect,
  id: string,
  maxAttempts: number,
  now: Date,
): Promise<number | null> {
  const rows = await sql.all<{ verification_attempts: unknown }>(
    `update payments set verification_attempts = verification_attempts + 1, updated_at = ?
     where id = ? and status = 'REQUIRES_VERIFICATION' and verification_attempts < ?
     returning verification_attempts`,
    [sqlDate(dialect, now), id, maxAttempts],
  );
  return rows[0] ? Number(rows[0].verification_attempts) : null;
}

/** Writes an event to the outbox in the caller's transaction, as the platform's recordEvent does. */
export function insertEvent(
  sql: SqlRunner,
  dialect: Dialect,
  event: PaymentEvent,
  data: EventDataInput<PaymentEvent>,
  now: Date,
): void {
  const envelope = newEnvelope(SOURCE, event, data, now);
  sql.append(OUTBOX_INSERT, '(?, ?, ?, ?)', [
    envelope.id,
    envelope.type,
    JSON.stringify(envelope),
    sqlDate(dialect, now),
  ]);
}

/** One of the payment events. */
export type PaymentEvent = (typeof PaymentEvents)[keyof typeof PaymentEvents];

/** The event a payment publishes when it moves to `status`. */
export function eventFor(status: PaymentStatus): PaymentEvent {
  if (status === PaymentStatus.COMPLETED) return PaymentEvents.completed;
  if (status === PaymentStatus.DECLINED) return PaymentEvents.declined;
  return PaymentEvents.statusChanged;
}

/** The payload every payment event carries: the payment as it stands after the change. */
export function eventData(payment: Payment, at: Date): EventDataInput<PaymentEvent> {
  return {
    paymentId: payment.id,
    kind: payment.kind,
    status: payment.status,
    amountMinor: payment.amountMinor.toString(),
    currency: payment.currency,
    creditedAmountMinor: payment.creditedAmountMinor?.toString() ?? null,
    creditedCurrency: payment.creditedCurrency ?? null,
    sourceWalletId: payment.sourceWalletId ?? null,
    destinationWalletId: payment.destinationWalletId ?? null,
    accountId: payment.accountId,
    destinationAccountId: payment.destinationAccountId ?? null,
    category: payment.category ?? null,
    merchantName: payment.merchantName ?? null,
    declineReason: payment.declineReason ?? null,
    relatedPaymentId: payment.relatedPaymentId ?? null,
    riskUnavailable: payment.riskUnavailable === true,
    occurredAt: at.toISOString(),
  };
}
