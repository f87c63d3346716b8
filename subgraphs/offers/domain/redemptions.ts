import type { Bus } from '../../../platform/bus';
import { requireAccount, type Viewer } from '../../../platform/auth';
import type { Clock } from '../../../platform/clock';
import { AppError, BadInput, Conflict, NotFound } from '../../../platform/errors';
import { isId } from '../../../platform/ids';
import type { Logger } from '../../../platform/logger';
import { PaymentCommands } from '../../payments/contract';
import { WalletCommands } from '../../wallets/contract';
import { Redemption } from '../store/redemption.entity';
import type { InTransaction, OffersStores } from '../store/stores';
import { redemptionValue } from './points';

/** The longest idempotency key a client may choose, as for payments. */
const MAX_IDEMPOTENCY_KEY_LENGTH = 128;

/** What a customer asks to redeem. */
export interface RedeemRequest {
  points: number;
  walletId: string;
  idempotencyKey: string;
}

/** What redeeming needs. */
export interface RedemptionDeps {
  bus: Bus;
  transaction: InTransaction;
  read: () => OffersStores;
  clock: Clock;
  logger: Logger;
  newId: () => string;
  /** What one point is worth in each currency that may receive redemptions. */
  pointValue: ReadonlyMap<string, string>;
}

/**
 * Turns points into money in one of the customer's wallets: the points are taken first, in one
 * conditional update that never lets the balance go below zero, then payments credits a
 * POINTS_REDEMPTION from the REWARDS account under the redemption's id. A refusal gives the
 * points back; a lost answer keeps the redemption PENDING until asked again.
 */
export class Redemptions {
  constructor(private readonly deps: RedemptionDeps) {}

  /** Redeems for the caller and returns the id of the POINTS_REDEMPTION payment. */
  async redeem(viewer: Viewer, request: RedeemRequest): Promise<string> {
    const accountId = requireAccount(viewer);
    const key = request.idempotencyKey;
    if (typeof key !== 'string' || !key.trim() || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
      throw new BadInput(
        `An idempotency key of 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters is required`,
        'input.idempotencyKey',
      );
    }
    if (!Number.isSafeInteger(request.points) || request.points <= 0) {
      throw new BadInput('Redeem at least one point', 'input.points');
    }
    const points = BigInt(request.points);
    const replay = await this.deps.read().rewards.redemptionByKey(accountId, key);
    if (replay) return this.again(replay, points, request.walletId);
    const wallet = await this.ownWallet(accountId, request.walletId);
    const amount = redemptionValue(points, wallet.currency, this.deps.pointValue.get(wallet.currency));
    const now = this.deps.clock();
    const redemption = Object.assign(new Redemption(), {
      id: this.deps.newId(),
      accountId,
      idempotencyKey: key,
      walletId: wallet.walletId,
      points,
      amountMinor: amount.minor,
      currency: amount.currency,
      status: 'PENDING' as const,
      paymentId: null,
      createdAt: now,
      updatedAt: now,
    });
    // The key is claimed first: a second request with it waits on the unique index and then
    // answers as the first, instead of finding the points already gone.
    const outcome = await this.deps
      .transaction(async ({ rewards }) => {
        await rewards.addRedemption(redemption);
        if (!(await rewards.takePoints(accountId, points, now))) {
          throw new BadInput('You do not have that many points', 'input.points');
        }
        return 'taken' as const;
      })
      .catch(async (error: unknown) => {
        if (error instanceof BadInput) throw error;
        const raced = await this.deps.read().rewards.redemptionByKey(accountId, key);
        if (raced) return raced;
        throw error;
      });
    if (outcome !== 'taken') return this.again(outcome, points, request.walletId);
    return this.credit(redemption);
  }

  /** Asks payments again for every redemption that got no answer (the retry pass). */
  async resume(redemption: Redemption): Promise<void> {
    await this.credit(redemption).catch((error: unknown) => {
      this.deps.logger.warn({ err: error, redemptionId: redemption.id }, 'redemption credit failed');
    });
  }

  private again(existing: Redemption, points: bigint, walletId: string): Promise<string> {
    if (existing.points !== points || existing.walletId !== walletId) {
      throw new Conflict('This idempotency key was used for another redemption', 'input.idempotencyKey');
    }
    if (existing.status === 'FAILED') {
      throw new BadInput('This redemption was refused and its points given back', 'input.walletId');
    }
    if (existing.status !== 'PENDING' && existing.paymentId) return Promise.resolve(existing.paymentId);
    return this.credit(existing);
  }

  private async ownWallet(accountId: string, walletId: string) {
    if (!isId(walletId)) throw new NotFound('Wallet', walletId);
    const wallet = await this.deps.bus.request(WalletCommands.getWallet, { walletId });
    if (wallet.accountId !== accountId) throw new NotFound('Wallet', walletId);
    return wallet;
  }

  private async credit(redemption: Redemption): Promise<string> {
    let reply;
    try {
      reply = await this.deps.bus.request(PaymentCommands.creditReward, {
        rewardId: `points:${redemption.id}`,
        kind: 'POINTS_REDEMPTION',
        accountId: redemption.accountId,
        walletId: redemption.walletId,
        amountMinor: redemption.amountMinor.toString(),
        currency: redemption.currency,
        note: `${redemption.points} points`,
      });
    } catch (error) {
      if (error instanceof AppError) await this.settle(redemption, 'FAILED', null);
      throw error;
    }
    if (reply.status === 'COMPLETED') await this.settle(redemption, 'COMPLETED', reply.paymentId);
    else if (reply.status === 'DECLINED') await this.settle(redemption, 'DECLINED', reply.paymentId);
    else await this.deps.read().rewards.notePaymentOf(redemption.id, reply.paymentId, this.deps.clock());
    return reply.paymentId;
  }

  /** Settles a PENDING redemption; one that payments refused gives its points back in the same transaction. */
  private async settle(
    redemption: Redemption,
    status: 'COMPLETED' | 'DECLINED' | 'FAILED',
    paymentId: string | null,
  ): Promise<void> {
    const now = this.deps.clock();
    await this.deps.transaction(async ({ rewards }) => {
      if (!(await rewards.settleRedemption(redemption.id, status, paymentId, now))) return;
      if (status !== 'COMPLETED') await rewards.givePointsBack(redemption.accountId, redemption.points, now);
    });
  }
}
