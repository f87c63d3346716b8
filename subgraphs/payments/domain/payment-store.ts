import { UniqueConstraintViolationException, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { recordEvent } from '../../../platform/bus';
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
  constructor(
    private readonly fork: () => EntityManager,
    private readonly onCommit: () => void = () => undefined,
  ) {}

  /**
   * Inserts a PENDING payment with its `payment.created` event and reserves its amount against
   * the account's daily total. A second request with the same idempotency key hits the unique
   * index instead: the stored payment is returned when the fingerprints match, else CONFLICT.
   */
  async record(payment: Payment): Promise<Recorded> {
    try {
      const dailyTotalMinor = await this.fork().transactional(async (em) => {
        await em.insert(Payment, { ...payment });
        recordEvent(
          em,
          SOURCE,
          PaymentEventType.Created,
          eventData(payment, payment.createdAt),
          payment.createdAt,
        );
        return this.addToDailyTotal(em, payment, payment.amountMinor);
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
    const applied = await this.fork().transactional(async (em) => {
      const count = await em.nativeUpdate(
        Payment,
        { id: payment.id, status: { $in: expected } },
        { ...changes, updatedAt: now },
      );
      if (count === 0) return false;
      if (statusChanged) {
        recordEvent(em, SOURCE, eventTypeFor(next.status), eventData(next, now), now);
        if (next.status === PaymentStatus.DECLINED) {
          await this.addToDailyTotal(em, payment, -payment.amountMinor);
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

  /** Adds `deltaMinor` to the account's total for the day and currency; returns the new total. */
  private async addToDailyTotal(em: EntityManager, payment: Payment, deltaMinor: bigint): Promise<bigint> {
    const rows = await (em as SqlEntityManager).execute<{ total_minor: string | number | bigint }[]>(
      `insert into payment_daily_totals (account_id, currency, day, total_minor) values (?, ?, ?, ?)
       on conflict (account_id, currency, day) do update
       set total_minor = payment_daily_totals.total_minor + excluded.total_minor
       returning total_minor`,
      [payment.accountId, payment.currency, limitDay(payment.createdAt), deltaMinor.toString()],
    );
    return BigInt(String(rows[0].total_minor));
  }
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
