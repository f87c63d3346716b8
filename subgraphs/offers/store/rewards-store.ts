import { raw, type EntityManager } from '@mikro-orm/core';
import { unitOver, type UnitOfWork } from '../../../platform/database/unit';
import type { Dialect } from '../../../platform/database';
import { EntityReader, parameterList } from '../../../platform/database/entity-reads';
import { OfferActivation } from './activation.entity';
import { Cashback, type CashbackStatus } from './cashback.entity';
import { forUpdate } from './locks';
import { Redemption, type RedemptionStatus } from './redemption.entity';
import { RewardPoints } from './reward-points.entity';

const cashbackReaders = {
  sqlite: new EntityReader(Cashback, 'sqlite'),
  postgresql: new EntityReader(Cashback, 'postgresql'),
};

/** Owns points, cashback and redemptions. Points change only by conditional updates. */
export class RewardsStore {
  constructor(
    private readonly unit: UnitOfWork,
    private readonly dialect: Dialect,
  ) {}

  private get em(): EntityManager {
    return this.unit.em;
  }

  /** Adds earned points to an account's balance. */
  async addPoints(accountId: string, points: bigint, now: Date): Promise<void> {
    if (points <= 0n) return;
    const updated = await this.em.nativeUpdate(
      RewardPoints,
      { accountId },
      { points: raw('points + ?', [points.toString()]), updatedAt: now },
    );
    if (updated === 0) {
      await this.em.persist(Object.assign(new RewardPoints(), { accountId, points, updatedAt: now })).flush();
    }
  }

  /**
   * Takes points from an account if it has that many, in one conditional UPDATE: however many
   * redemptions run at once, the balance never goes below zero. False when it has too few.
   */
  async takePoints(accountId: string, points: bigint, now: Date): Promise<boolean> {
    const updated = await this.em.nativeUpdate(
      RewardPoints,
      { accountId, points: { $gte: points } },
      { points: raw('points - ?', [points.toString()]), updatedAt: now },
    );
    return updated === 1;
  }

  /** Gives back points a refused redemption took. */
  async givePointsBack(accountId: string, points: bigint, now: Date): Promise<void> {
    await this.addPoints(accountId, points, now);
  }

  async pointsOf(accountIds: readonly string[]): Promise<Map<string, bigint>> {
    const rows = await this.em.find(RewardPoints, { accountId: { $in: [...accountIds] } });
    return new Map(rows.map((row) => [row.accountId, row.points]));
  }

  /** The account's activations of the given offers, locked: cashback against a cap is counted one payment at a time. */
  lockedActivations(accountId: string, offerIds: readonly string[]): Promise<OfferActivation[]> {
    if (!offerIds.length) return Promise.resolve([]);
    return this.em.find(
      OfferActivation,
      { accountId, offerId: { $in: [...offerIds] } },
      { ...forUpdate(this.dialect), orderBy: { offerId: 'asc' } },
    );
  }

  addCashback(cashback: Cashback): void {
    this.em.persist(cashback);
  }

  cashback(id: string): Promise<Cashback | null> {
    return this.em.findOne(Cashback, { id });
  }

  /** The cashback earned on each payment, by payment id, read for a query (detached). */
  async cashbackOn(paymentIds: readonly string[]): Promise<Map<string, Cashback[]>> {
    const rows = paymentIds.length
      ? await cashbackReaders[this.dialect].select(
          this.unit.reads,
          `payment_id in (${parameterList(paymentIds)})`,
          paymentIds,
        )
      : [];
    const byPayment = new Map<string, Cashback[]>(paymentIds.map((id) => [id, []]));
    for (const row of rows) byPayment.get(row.paymentId)?.push(row);
    return byPayment;
  }

  /** Each account's cashback in a status. */
  async cashbackOf(accountIds: readonly string[], status: CashbackStatus): Promise<Map<string, Cashback[]>> {
    const rows = await this.em.find(Cashback, { accountId: { $in: [...accountIds] }, status });
    const byAccount = new Map<string, Cashback[]>(accountIds.map((id) => [id, []]));
    for (const row of rows) byAccount.get(row.accountId)?.push(row);
    return byAccount;
  }

  /** Moves a cashback on from PENDING; false when it had moved on already. */
  async settleCashback(
    id: string,
    status: CashbackStatus,
    cashbackPaymentId: string | null,
    now: Date,
  ): Promise<boolean> {
    const updated = await this.em.nativeUpdate(
      Cashback,
      { id, status: 'PENDING' },
      { status, cashbackPaymentId, updatedAt: now },
    );
    return updated === 1;
  }

  /** Gives back to an activation's cap what a refused cashback had counted. */
  async releaseCap(offerId: string, accountId: string, amountMinor: bigint): Promise<void> {
    await this.em.nativeUpdate(
      OfferActivation,
      { offerId, accountId },
      { cashbackEarnedMinor: raw('cashback_earned_minor - ?', [amountMinor.toString()]) },
    );
  }

  /** PENDING cashback and redemptions created before `before`: credits that got no answer. */
  async unanswered(before: Date, limit = 100): Promise<{ cashbacks: Cashback[]; redemptions: Redemption[] }> {
    const cashbacks = await this.em.find(
      Cashback,
      { status: 'PENDING', createdAt: { $lt: before } },
      { orderBy: { createdAt: 'asc' }, limit },
    );
    const redemptions = await this.em.find(
      Redemption,
      { status: 'PENDING', createdAt: { $lt: before } },
      { orderBy: { createdAt: 'asc' }, limit },
    );
    return { cashbacks, redemptions };
  }

  redemptionByKey(accountId: string, idempotencyKey: string): Promise<Redemption | null> {
    return this.em.findOne(Redemption, { accountId, idempotencyKey });
  }

  redemption(id: string): Promise<Redemption | null> {
    return this.em.findOne(Redemption, { id });
  }

  async addRedemption(redemption: Redemption): Promise<void> {
    await this.em.persist(redemption).flush();
  }

  /** Moves a redemption on from PENDING; false when it had moved on already. */
  async settleRedemption(
    id: string,
    status: RedemptionStatus,
    paymentId: string | null,
    now: Date,
  ): Promise<boolean> {
    const updated = await this.em.nativeUpdate(
      Redemption,
      { id, status: 'PENDING' },
      { status, paymentId, updatedAt: now },
    );
    return updated === 1;
  }

  /** Records the payment a redemption became while it is still PENDING (payments answered PENDING). */
  async notePaymentOf(id: string, paymentId: string, now: Date): Promise<void> {
    await this.em.nativeUpdate(Redemption, { id, status: 'PENDING' }, { paymentId, updatedAt: now });
  }

  /** Runs `work` in one transaction with stores on it. */
  transaction<T>(work: (stores: { rewards: RewardsStore; em: EntityManager }) => Promise<T>): Promise<T> {
    return this.em.transactional((tx) =>
      work({ rewards: new RewardsStore(unitOver(tx), this.dialect), em: tx }),
    );
  }
}
