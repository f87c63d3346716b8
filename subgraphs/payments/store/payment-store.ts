import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import type { Database } from '../../../platform/database';
import { GroupCommit } from '../../../platform/database/group-commit';
import type { SqlRunner } from '../../../platform/database/sql-transaction';
import { Conflict } from '../../../platform/errors';
import { PaymentEvents } from '../contract';
import {
  countsTowardLimits,
  PaymentStatus,
  type PaymentKind,
  type SpendingCategory,
} from '../domain/payment';
import { Payment } from './payment.entity';
import { paymentsByIds, walletPaymentPage } from './payment-page';
import {
  addToDailyTotal,
  claimPayment,
  countVerificationAttempt,
  eventData,
  eventFor,
  insertEvent,
  insertPayment,
  renewClaim,
  updatePayment,
} from './payment-rows';

/** What changes on a payment when its status moves on (its claim and expiry included). */
export type PaymentChanges = Partial<
  Pick<
    Payment,
    | 'status'
    | 'declineReason'
    | 'riskDecision'
    | 'riskScore'
    | 'riskUnavailable'
    | 'verificationAttempts'
    | 'completedAt'
    | 'claimedBy'
    | 'claimExpiresAt'
    | 'expiresAt'
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
  /** The writes of concurrent payments share a transaction; one that fails is refused alone. */
  private readonly writes: GroupCommit;

  constructor(
    private readonly db: Database,
    private readonly onCommit: () => void = () => undefined,
  ) {
    this.fork = db.fork;
    this.writes = GroupCommit.sql(() => db.orm.em, db.dialect);
  }

  /**
   * Inserts a PENDING payment with its `payment.created` event and reserves its amount against
   * the account's daily total. A second request with the same idempotency key hits the unique
   * index instead: the stored payment is returned when the fingerprints match, else CONFLICT.
   */
  async record(payment: Payment): Promise<Recorded> {
    try {
      const dailyTotalMinor = await this.transaction(async (sql) => {
        insertPayment(sql, this.db.dialect, payment);
        insertEvent(
          sql,
          this.db.dialect,
          PaymentEvents.created,
          eventData(payment, payment.createdAt),
          payment.createdAt,
        );
        return countsTowardLimits(payment.kind) ? addToDailyTotal(sql, payment, payment.amountMinor) : 0n;
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
    options: { claimedBy?: string } = {},
  ): Promise<boolean> {
    const next = { ...payment, ...changes, updatedAt: now } as Payment;
    const statusChanged = changes.status !== undefined && changes.status !== payment.status;
    const applied = await this.transaction(async (sql) => {
      const { dialect } = this.db;
      if (!(await updatePayment(sql, dialect, payment.id, expected, changes, now, options.claimedBy))) {
        return false;
      }
      if (statusChanged) {
        insertEvent(sql, this.db.dialect, eventFor(next.status), eventData(next, now), now);
        if (next.status === PaymentStatus.DECLINED && countsTowardLimits(payment.kind)) {
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

  /** Takes the claim on a payment in one of `statuses` that no live runner holds. */
  claim(id: string, statuses: PaymentStatus[], runnerId: string, now: Date, until: Date): Promise<boolean> {
    return this.transaction((sql) => claimPayment(sql, this.db.dialect, id, statuses, runnerId, now, until));
  }

  /** Extends a claim this runner holds; false when it was lost. */
  renewClaim(id: string, runnerId: string, until: Date): Promise<boolean> {
    return this.transaction((sql) => renewClaim(sql, this.db.dialect, id, runnerId, until));
  }

  /** Counts a verification attempt while attempts are left; the count, or null when none was. */
  countVerificationAttempt(id: string, maxAttempts: number, now: Date): Promise<number | null> {
    return this.transaction((sql) => countVerificationAttempt(sql, this.db.dialect, id, maxAttempts, now));
  }

  findById(id: string): Promise<Payment | null> {
    return this.fork().findOne(Payment, { id });
  }

  findByIds(ids: readonly string[]): Promise<Payment[]> {
    return paymentsByIds(this.db.orm.em, this.db.dialect, ids);
  }

  /**
   * PENDING payments no live runner works on, for the recovery pass: their claim has expired, or
   * they have none and were created before `unclaimedBefore`. Oldest first.
   */
  findAbandoned(now: Date, unclaimedBefore: Date, limit: number): Promise<Payment[]> {
    return this.fork().find(
      Payment,
      {
        status: PaymentStatus.PENDING,
        $or: [{ claimExpiresAt: { $lt: now } }, { claimedBy: null, createdAt: { $lt: unclaimedBefore } }],
      },
      { orderBy: { createdAt: 'asc' }, limit },
    );
  }

  /** Payments waiting for verification or review past their expiry that nobody works on. */
  findExpired(now: Date, limit: number): Promise<Payment[]> {
    return this.fork().find(
      Payment,
      {
        status: { $in: [PaymentStatus.REQUIRES_VERIFICATION, PaymentStatus.HELD_FOR_REVIEW] },
        expiresAt: { $lt: now },
        $or: [{ claimedBy: null }, { claimExpiresAt: { $lt: now } }],
      },
      { orderBy: { expiresAt: 'asc' }, limit },
    );
  }

  /** A wallet's payments, newest first, after the cursor `after`: see walletPaymentPage. */
  listForWallet(
    walletId: string,
    filter: PaymentFilter,
    after: { createdAt: Date; id: string } | undefined,
    limit: number,
  ): Promise<Payment[]> {
    return walletPaymentPage(this.db.orm.em, this.db.dialect, walletId, filter, after, limit);
  }

  /** Runs `work` as one transaction, or within a batch's shared one; it may run twice, so it must be repeatable. */
  private transaction<T>(work: (sql: SqlRunner) => Promise<T>): Promise<T> {
    return this.writes.run(work);
  }
}
