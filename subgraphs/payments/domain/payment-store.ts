import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import type { EventEnvelope } from '../../../platform/bus';
import type { Database } from '../../../platform/database';
import { readBigInt, sqlDate } from '../../../platform/database/raw-values';
import { sqlTransaction, type SqlRunner } from '../../../platform/database/sql-transaction';
import { Conflict } from '../../../platform/errors';
import { Payment } from '../entities/payment.entity';
import { PaymentEventType, SOURCE, type PaymentEventData } from '../events';
import { limitDay } from './limits';
import { PaymentStatus, type PaymentKind, type SpendingCategory } from './payment';

/** What changes on a payment when its status moves on. */
export type PaymentChanges = Partial<
  Pick<
    Payment,
    'status' | 'declineReason' | 'riskDecision' | 'riskScore' | 'verificationAttempts' | 'completedAt'
  >
>;

/** A wallet's payments, filtered; `from`/`to` bound `createdAt` (inclusive, exclusive). */
export interface PaymentFilter {
  status?: PaymentStatus;
  kind?: PaymentKind;
  category?: SpendingCategory;
  from?: Date;
  to?: Date;
}

/** The outcome of recording a new payment. */
export type Recorded =
  { created: true; payment: Payment; dailyTotalMinor: bigint } | { created: false; payment: Payment };

/**
 * Owns the payments tables. Each status change is one conditional UPDATE (the status it expects
 * is part of the WHERE, so two writers cannot both move the same payment) and one outbox event,
 * committed together.
 */
export class PaymentStore {
  private readonly fork: () => EntityManager;

  constructor(
    private readonly db: Database,
    private readonly onCommit: () => void = () => undefined,
  ) {
    this.fork = db.fork;
  }

  /**
   * Inserts a PENDING payment with its `payment.created` event and reserves its amount against
   * the account's daily total. A second request with the same idempotency key hits the unique
   * index instead: the stored payment is returned when the fingerprints match, else CONFLICT.
   */
  async record(payment: Payment): Promise<Recorded> {
    try {
      const dailyTotalMinor = await this.transaction(async (sql) => {
        await insertPayment(sql, this.date, payment);
        await insertEvent(
          sql,
          this.date,
          PaymentEventType.Created,
          eventData(payment, payment.createdAt),
          payment.createdAt,
        );
        return addToDailyTotal(sql, payment, payment.amountMinor);
      });
      // No relay nudge here: the saga's final write follows within the request and its nudge
      // publishes both events in one relay pass (the relay's timer covers a payment that stops).
      return { created: true, payment, dailyTotalMinor };
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      const existing = await this.fork().findOne(Payment, {
        accountId: payment.accountId,
        idempotencyKey: payment.idempotencyKey,
      });
      if (!existing) throw error;
      if (existing.requestFingerprint !== payment.requestFingerprint) {
        throw new Conflict(
          'This idempotency key was already used with different parameters',
          'input.idempotencyKey',
        );
      }
      return { created: false, payment: existing };
    }
  }

  /**
   * Moves a payment on from one of the `expected` statuses, writing the event for its new status
   * (when it changed) in the same transaction. A payment that becomes DECLINED gives its amount
   * back to the daily total. Returns false, changing nothing, when the payment was no longer in
   * an expected status. On success the in-memory payment is updated too.
   */
  async update(
    payment: Payment,
    expected: PaymentStatus[],
    changes: PaymentChanges,
    now: Date,
  ): Promise<boolean> {
    const next = { ...payment, ...changes, updatedAt: now } as Payment;
    const statusChanged = changes.status !== undefined && changes.status !== payment.status;
    const applied = await this.transaction(async (sql) => {
      if (!(await updatePayment(sql, this.date, payment.id, expected, changes, now))) return false;
      if (statusChanged) {
        await insertEvent(sql, this.date, eventTypeFor(next.status), eventData(next, now), now);
        if (next.status === PaymentStatus.DECLINED) {
          await addToDailyTotal(sql, payment, -payment.amountMinor);
        }
      }
      return true;
    });
    if (applied) {
      Object.assign(payment, changes, { updatedAt: now });
      if (statusChanged) this.onCommit();
    }
    return applied;
  }

  findById(id: string): Promise<Payment | null> {
    return this.fork().findOne(Payment, { id });
  }

  findByIds(ids: readonly string[]): Promise<Payment[]> {
    return this.fork().find(Payment, { id: { $in: [...ids] } });
  }

  /** Payments in `status` created before `before`, oldest first, for the recovery pass. */
  findStale(status: PaymentStatus, before: Date, limit: number): Promise<Payment[]> {
    return this.fork().find(
      Payment,
      { status, createdAt: { $lt: before } },
      { orderBy: { createdAt: 'asc' }, limit },
    );
  }

  /**
   * A wallet's payments, as payer and as payee, newest first by (createdAt, id), starting after
   * the cursor `after`. Reads each side through its own index and merges; returns up to `limit`.
   */
  async listForWallet(
    walletId: string,
    filter: PaymentFilter,
    after: { createdAt: Date; id: string } | undefined,
    limit: number,
  ): Promise<Payment[]> {
    const em = this.fork();
    const common: FilterQuery<Payment> = {
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.kind ? { kind: filter.kind } : {}),
      ...(filter.category ? { category: filter.category } : {}),
    };
    const createdAt = {
      ...(filter.from ? { $gte: filter.from } : {}),
      ...(filter.to ? { $lt: filter.to } : {}),
    };
    const range: FilterQuery<Payment>[] = [];
    if (Object.keys(createdAt).length) range.push({ createdAt });
    if (after) {
      range.push({
        $or: [{ createdAt: { $lt: after.createdAt } }, { createdAt: after.createdAt, id: { $lt: after.id } }],
      });
    }
    const side = (key: 'sourceWalletId' | 'destinationWalletId') =>
      em.find(
        Payment,
        { ...common, [key]: walletId, ...(range.length ? { $and: range } : {}) } as FilterQuery<Payment>,
        {
          orderBy: { createdAt: 'desc', id: 'desc' },
          limit,
        },
      );
    const [sent, received] = await Promise.all([side('sourceWalletId'), side('destinationWalletId')]);
    const byId = new Map<string, Payment>();
    for (const payment of [...sent, ...received]) byId.set(payment.id, payment);
    return [...byId.values()].sort(newestFirst).slice(0, limit);
  }

  /** A date as the entities write it on this database. */
  private readonly date = (value: Date): number | string => sqlDate(this.db.orm.em, value);

  private transaction<T>(work: (sql: SqlRunner) => Promise<T>): Promise<T> {
    return sqlTransaction(this.db.orm.em, this.db.dialect, work);
  }
}

/** Adds `deltaMinor` to the account's total for the day and currency; returns the new total. */
async function addToDailyTotal(sql: SqlRunner, payment: Payment, deltaMinor: bigint): Promise<bigint> {
  const rows = await sql.all<{ total_minor: unknown }>(
    `insert into payment_daily_totals (account_id, currency, day, total_minor) values (?, ?, ?, cast(? as bigint))
     on conflict (account_id, currency, day) do update
     set total_minor = payment_daily_totals.total_minor + excluded.total_minor
     returning total_minor`,
    [payment.accountId, payment.currency, limitDay(payment.createdAt), deltaMinor.toString()],
  );
  return readBigInt(rows[0].total_minor);
}

// The hot path writes with plain statements in one sqlTransaction: the unit of work's change
// tracking, flush and query building cost more than the statements themselves. Values are
// written as the entities write them (sqlDate), so the rows load through the Payment entity.

type SqlDate = (value: Date) => number | string;

/** The columns a status change may set, by the Payment property that holds them. */
const CHANGE_COLUMNS: Record<keyof PaymentChanges, string> = {
  status: 'status',
  declineReason: 'decline_reason',
  riskDecision: 'risk_decision',
  riskScore: 'risk_score',
  verificationAttempts: 'verification_attempts',
  completedAt: 'completed_at',
};

/** Inserts a new payment row; a reused idempotency key raises UniqueConstraintViolationException. */
async function insertPayment(sql: SqlRunner, date: SqlDate, p: Payment): Promise<void> {
  await sql.all(
    `insert into payments (id, kind, status, account_id, destination_account_id, source_wallet_id,
       destination_wallet_id, funding_source_id, amount_minor, currency, credited_amount_minor,
       credited_currency, fx_rate, merchant_name, category, note, idempotency_key, request_fingerprint,
       risk_decision, risk_score, verification_attempts, decline_reason, created_at, updated_at, completed_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, cast(? as bigint), ?, cast(? as bigint), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
      date(p.createdAt),
      date(p.updatedAt),
      p.completedAt ? date(p.completedAt) : null,
    ],
  );
}

/** The conditional status change: applies only while the payment is in one of `expected`. */
async function updatePayment(
  sql: SqlRunner,
  date: SqlDate,
  id: string,
  expected: PaymentStatus[],
  changes: PaymentChanges,
  now: Date,
): Promise<boolean> {
  const sets: string[] = [];
  const params: unknown[] = [];
  for (const [key, value] of Object.entries(changes) as [keyof PaymentChanges, unknown][]) {
    if (value === undefined) continue;
    sets.push(`${CHANGE_COLUMNS[key]} = ?`);
    params.push(value instanceof Date ? date(value) : (value ?? null));
  }
  sets.push('updated_at = ?');
  params.push(date(now));
  const rows = await sql.all(
    `update payments set ${sets.join(', ')}
     where id = ? and status in (${expected.map(() => '?').join(', ')}) returning id`,
    [...params, id, ...expected],
  );
  return rows.length > 0;
}

/** Writes an event to the outbox in the caller's transaction, as the platform's recordEvent does. */
async function insertEvent(
  sql: SqlRunner,
  date: SqlDate,
  type: PaymentEventType,
  data: PaymentEventData,
  now: Date,
): Promise<void> {
  const envelope: EventEnvelope<PaymentEventData> = {
    id: randomUUID(),
    type,
    source: SOURCE,
    occurredAt: now.toISOString(),
    data,
  };
  await sql.all('insert into outbox_events (id, type, payload, occurred_at) values (?, ?, ?, ?)', [
    envelope.id,
    type,
    JSON.stringify(envelope),
    date(now),
  ]);
}

function newestFirst(a: Payment, b: Payment): number {
  const byTime = b.createdAt.getTime() - a.createdAt.getTime();
  if (byTime !== 0) return byTime;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

function eventTypeFor(status: PaymentStatus): PaymentEventType {
  if (status === PaymentStatus.COMPLETED) return PaymentEventType.Completed;
  if (status === PaymentStatus.DECLINED) return PaymentEventType.Declined;
  return PaymentEventType.StatusChanged;
}

/** The payload every payment event carries: the payment as it stands after the change. */
export function eventData(payment: Payment, at: Date): PaymentEventData {
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
    occurredAt: at.toISOString(),
  };
}
