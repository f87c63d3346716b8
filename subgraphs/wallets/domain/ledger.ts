import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { systemClock, type Clock } from '../../../platform/clock';
import { AppError, BadInput, Conflict, NotFound } from '../../../platform/errors';
import { Money } from '../../../platform/money';
import type { RejectionReason } from '../contract';
import type { BalanceStore, Balances, NewEntry } from '../store/balance-store';
import type { LedgerRows, LedgerStore } from '../store/ledger-store';
import type { NewTransfer, StoredTransfer } from '../store/transfer-store';
import type {
  HoldOutcome,
  HoldView,
  PlaceHold,
  PostHold,
  TransferOutcome,
  TransferRequest,
  WalletView,
} from './ledger.types';
import { creditedOf, inApplyOrder, movementLegs, sameSide, type Leg } from './movements';
import { replayHold, replayPosting, replayTransfer } from './replays';

/** Thrown inside a transaction to roll it back when a wallet refuses a debit; never escapes the ledger. */
class Rejected extends Error {
  constructor(readonly reason: RejectionReason) {
    super(reason);
  }
}

/**
 * The double-entry ledger: holds (two-phase transfers) and single-phase transfers between
 * wallets and system accounts. Every command runs in one transaction, is idempotent by the
 * caller's id (a replay returns the first outcome, other parameters under the same id are a
 * CONFLICT), and leaves every transfer's entries balanced per currency. A customer wallet's
 * available balance (posted minus pending holds) never goes below zero.
 */
export class Ledger {
  constructor(
    private readonly store: LedgerStore,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Reserves money on a wallet: REJECTED when it is frozen, closed or short of funds. */
  async placeHold(command: PlaceHold): Promise<HoldOutcome> {
    const { holdId, walletId, amount } = command;
    requirePositive(amount);
    const record: NewTransfer = {
      id: holdId,
      kind: 'HOLD',
      status: 'PENDING',
      debitWalletId: walletId,
      amount: amount.minor,
      currency: amount.currency,
      paymentId: command.paymentId,
    };
    // The reservation comes first and the hold's row goes in with its batch's other rows as it
    // commits: one statement of its own per hold. An id already used (a replay, a tombstone)
    // fails that insert, which undoes the reservation with the rest of the command; the replay
    // then answers from the stored row. The refusal is recorded in the command's own
    // transaction (nothing was reserved), so a refused hold never rolls back its batch.
    try {
      return await this.store.transaction(async ({ transfers, balances }) => {
        const now = this.clock();
        if (await balances.reserve(walletId, amount.currency, amount.minor)) {
          transfers.append(record, now);
          return { holdId, outcome: 'PLACED' };
        }
        const reason = await explainRefusal(balances, walletId, amount.currency);
        if (await transfers.insert({ ...record, status: 'REJECTED', reason }, now))
          return { holdId, outcome: 'REJECTED', reason };
        return replayHold(await transfers.find(holdId), record);
      });
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      return replayHold(await this.store.read().transfers.find(holdId), record);
    }
  }

  /** Settles a placed hold into its destination, through FX when the credited currency differs. */
  async postHold(command: PostHold): Promise<{ holdId: string; outcome: 'POSTED' }> {
    const { holdId, credit } = command;
    const posting = {
      creditWalletId: 'walletId' in credit ? credit.walletId : null,
      creditSystem: 'system' in credit ? credit.system : null,
      creditedAmount: command.credited?.minor ?? null,
      creditedCurrency: command.credited?.currency ?? null,
    };
    return this.store.transaction(async (rows) => {
      const now = this.clock();
      const hold = await rows.transfers.claimHoldForPosting(holdId, posting, now);
      if (!hold) {
        replayPosting(await rows.transfers.find(holdId), command);
        return { holdId, outcome: 'POSTED' };
      }
      const amount = Money.ofMinor(hold.amount, hold.currency);
      const credited = creditedOf(amount, command.credited);
      const debit = { walletId: hold.debitWalletId };
      if (sameSide(debit, credit)) throw new BadInput('A hold cannot be posted to its own wallet', 'credit');
      const legs = movementLegs(debit, credit, amount, credited, 'settle');
      await this.move(rows, legs, holdId, hold.paymentId, now);
      return { holdId, outcome: 'POSTED' };
    });
  }

  /**
   * Releases a placed hold; voiding a posted hold or transfer is a CONFLICT, a refused one is
   * VOIDED (it moved nothing). An id under which nothing was placed yet gets a tombstone (a
   * VOIDED hold of nothing), so a placeHold or transfer that arrives later, from a caller that
   * timed out waiting for it, moves nothing.
   */
  async voidHold(holdId: string): Promise<{ holdId: string; outcome: 'VOIDED' }> {
    return this.store.transaction(async ({ transfers, balances }) => {
      const now = this.clock();
      for (;;) {
        const hold = await transfers.claimHoldForVoiding(holdId, now);
        if (hold) {
          await balances.release(hold.debitWalletId, hold.amount);
          return { holdId, outcome: 'VOIDED' };
        }
        const existing = await transfers.find(holdId);
        if (existing) {
          const what = existing.kind === 'HOLD' ? 'Hold' : 'Transfer';
          if (existing.status === 'POSTED')
            throw new Conflict(`${what} ${holdId} is already posted`, 'holdId');
          // A placeHold committed between the claim and this read: claim it again.
          if (existing.status === 'PENDING') continue;
          return { holdId, outcome: 'VOIDED' };
        }
        // No hold yet: the tombstone goes in, unless a placeHold committed it first (then void that).
        if (await transfers.insert(tombstone(holdId), now)) return { holdId, outcome: 'VOIDED' };
      }
    });
  }

  /** Moves money in one step (top-ups from FUNDING, cashback from REWARDS, withdrawals to SETTLEMENT). */
  async transfer(request: TransferRequest): Promise<TransferOutcome> {
    const { transferId, debit, credit, amount } = request;
    requirePositive(amount);
    const credited = creditedOf(amount, request.credited);
    if (amount.currency === credited.currency && sameSide(debit, credit)) {
      throw new BadInput('The debit and credit accounts must differ', 'credit');
    }
    const record: NewTransfer = {
      id: transferId,
      kind: 'TRANSFER',
      status: 'POSTED',
      debitWalletId: 'walletId' in debit ? debit.walletId : null,
      debitSystem: 'system' in debit ? debit.system : null,
      creditWalletId: 'walletId' in credit ? credit.walletId : null,
      creditSystem: 'system' in credit ? credit.system : null,
      amount: amount.minor,
      currency: amount.currency,
      creditedAmount: credited.minor,
      creditedCurrency: credited.currency,
      paymentId: request.paymentId,
    };
    const replay = (existing: StoredTransfer | null) => replayTransfer(existing, record);
    const legs = movementLegs(debit, credit, amount, credited, 'debit');
    // The transfer's row goes in with its batch's other rows as it commits, as a hold's does: an
    // id already used (a replay, a tombstone) fails that insert and the replay answers from the
    // stored row. A debit refused before anything moved is recorded in the command's own
    // transaction, so a refused transfer never rolls back its batch.
    try {
      return await this.store.transaction(async (rows) => {
        const now = this.clock();
        const refused = await this.move(rows, legs, transferId, request.paymentId, now);
        if (!refused) {
          rows.transfers.append(record, now);
          return { transferId, outcome: 'POSTED' };
        }
        const rejected = { ...record, status: 'REJECTED' as const, reason: refused };
        if (await rows.transfers.insert(rejected, now))
          return { transferId, outcome: 'REJECTED', reason: refused };
        return replay(await rows.transfers.find(transferId));
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        return replay(await this.store.read().transfers.find(transferId));
      }
      if (!(error instanceof Rejected)) {
        // A replay can get further than its first run did: funds that arrived since let the
        // debit through to a credit leg the first run never reached (a wallet in another
        // currency). The answer the first run recorded stands.
        const existing =
          error instanceof AppError ? await this.store.read().transfers.find(transferId) : null;
        if (existing) return replay(existing);
        throw error;
      }
      const rejected = { ...record, status: 'REJECTED' as const, reason: error.reason };
      return this.rememberRejection(rejected, replay, {
        transferId,
        outcome: 'REJECTED',
        reason: error.reason,
      });
    }
  }

  /** A one-step transfer by the caller's id, as its command was answered, for the payments recovery pass. */
  async getTransfer(transferId: string): Promise<TransferOutcome> {
    const transfer = await this.store.read().transfers.find(transferId);
    if (!transfer || transfer.kind !== 'TRANSFER') throw new NotFound('Transfer', transferId);
    if (transfer.status === 'REJECTED') return { transferId, outcome: 'REJECTED', reason: transfer.reason! };
    return { transferId, outcome: 'POSTED' };
  }

  /** A hold by the caller's id, for the payments recovery pass. */
  async getHold(holdId: string): Promise<HoldView> {
    const hold = await this.store.read().transfers.find(holdId);
    if (!hold || hold.kind !== 'HOLD') throw new NotFound('Hold', holdId);
    return {
      holdId,
      walletId: hold.debitWalletId ?? null,
      paymentId: hold.paymentId ?? null,
      amountMinor: hold.amount.toString(),
      currency: hold.currency,
      status: hold.status === 'REJECTED' ? 'VOIDED' : hold.status,
      ...(hold.reason ? { rejectedReason: hold.reason } : {}),
    };
  }

  /** A wallet's owner, currency and status. */
  async getWallet(walletId: string): Promise<WalletView> {
    const wallet = await this.store.read().balances.findWallet(walletId);
    if (!wallet || !wallet.accountId) throw new NotFound('Wallet', walletId);
    return { walletId, accountId: wallet.accountId, currency: wallet.currency, status: wallet.status };
  }

  /**
   * Applies the legs and appends one entry per leg (written as the transaction commits). A
   * wallet debit its balance cannot cover returns its reason when nothing has changed yet (on
   * SQLite the debit goes first; on PostgreSQL the legs keep the lock order) and otherwise
   * throws Rejected, to roll the transaction back.
   */
  private async move(
    { balances }: LedgerRows,
    legs: Leg[],
    transferId: string,
    paymentId: string | null,
    now: Date,
  ): Promise<RejectionReason | undefined> {
    const entries: NewEntry[] = [];
    const settled = await settleBetweenWallets(balances, legs);
    let changed = settled !== undefined;
    for (const leg of inApplyOrder(legs, balances.locksRows)) {
      let after: Balances;
      try {
        after = settled?.get(leg) ?? (await applyLeg(balances, leg, now));
      } catch (error) {
        if (error instanceof Rejected && !changed) return error.reason;
        throw error;
      }
      changed = true;
      entries.push({
        ledgerAccountId: after.id,
        seq: after.lastSeq,
        transferId,
        direction: leg.direction,
        amount: leg.amount,
        currency: leg.currency,
        balanceAfter: after.posted,
        paymentId,
      });
    }
    balances.insertEntries(entries, now);
    return undefined;
  }

  /**
   * Records a refusal after its transaction rolled back, so a replay answers the same; a
   * concurrent request under the same id may have recorded its outcome first.
   */
  private rememberRejection<T>(
    record: NewTransfer,
    replay: (existing: StoredTransfer | null) => T,
    outcome: T,
  ): Promise<T> {
    return this.store.transaction(async ({ transfers }) => {
      if (await transfers.insert(record, this.clock())) return outcome;
      return replay(await transfers.find(record.id));
    });
  }
}

async function applyLeg(store: BalanceStore, leg: Leg, now: Date): Promise<Balances> {
  const { account, amount, currency } = leg;
  if ('system' in account) {
    return store.moveSystem(account.system, currency, leg.direction === 'DEBIT' ? -amount : amount, now);
  }
  const { walletId } = account;
  if (leg.mode === 'settle') return store.settleReserved(walletId, amount);
  if (leg.mode === 'debit') {
    const after = await store.debitWallet(walletId, currency, amount);
    if (after) return after;
    throw new Rejected(await explainRefusal(store, walletId, currency));
  }
  const after = await store.creditWallet(walletId, currency, amount);
  if (after) return after;
  return refuseCredit(store, walletId, currency);
}

/**
 * A posted hold from one wallet to another in its currency, the commonest movement, in the one
 * call the store can make of it: the balances after each leg, or undefined for other movements.
 */
async function settleBetweenWallets(
  store: BalanceStore,
  legs: Leg[],
): Promise<Map<Leg, Balances> | undefined> {
  const [debit, credit] = legs;
  if (legs.length !== 2 || debit.mode !== 'settle' || credit.mode !== 'credit') return undefined;
  if (!('walletId' in debit.account) || !('walletId' in credit.account)) return undefined;
  const { walletId } = credit.account;
  const after = await store.settleInto(debit.account.walletId, walletId, credit.currency, debit.amount);
  if (!after) return refuseCredit(store, walletId, credit.currency);
  return new Map([
    [debit, after.debit],
    [credit, after.credit],
  ]);
}

/** Why a wallet could not be credited: it is missing, holds another currency or is closed. */
async function refuseCredit(store: BalanceStore, walletId: string, currency: string): Promise<never> {
  const wallet = await store.findWallet(walletId);
  if (!wallet) throw new NotFound('Wallet', walletId);
  if (wallet.currency !== currency) {
    throw new BadInput(`Wallet ${walletId} holds ${wallet.currency}, not ${currency}`, 'creditedCurrency');
  }
  throw new Conflict(`Wallet ${walletId} is closed`, 'credit');
}

/** Why a wallet refused a debit; a wallet that does not exist or holds another currency is an error, not an outcome. */
async function explainRefusal(
  store: BalanceStore,
  walletId: string,
  currency: string,
): Promise<RejectionReason> {
  const wallet = await store.findWallet(walletId);
  if (!wallet) throw new NotFound('Wallet', walletId);
  if (wallet.currency !== currency) {
    throw new BadInput(`Wallet ${walletId} holds ${wallet.currency}, not ${currency}`, 'currency');
  }
  if (wallet.status === 'CLOSED') return 'WALLET_CLOSED';
  if (wallet.status === 'FROZEN') return 'WALLET_FROZEN';
  return 'INSUFFICIENT_FUNDS';
}

/** What stands for a hold id voided before any hold was placed under it. */
function tombstone(holdId: string): NewTransfer {
  return { id: holdId, kind: 'HOLD', status: 'VOIDED', reason: 'HOLD_VOIDED', amount: 0n, currency: '' };
}

function requirePositive(amount: Money): void {
  if (amount.minor <= 0n) throw new BadInput('The amount must be greater than zero', 'amountMinor');
}
