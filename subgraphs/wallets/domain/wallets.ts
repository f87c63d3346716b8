import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { systemClock, type Clock } from '../../../platform/clock';
import { CommandUnavailable, type Bus } from '../../../platform/bus';
import { AppError, BadInput, Conflict, ErrorCode, Forbidden } from '../../../platform/errors';
import { newId } from '../../../platform/ids';
import type { PageRequest } from '../../../platform/graphql/connections';
import { AccountCommands } from '../../accounts/contract';
import { WalletEvents } from '../contract';
import type { LedgerAccount } from '../store/ledger-account.entity';
import type { LedgerEntry } from '../store/ledger-entry.entity';
import type { WalletStore } from '../store/wallet-store';
import { knownAccountStatus } from './account-status';
import type { WalletCurrency } from './currencies';

/** How long opening a wallet waits for accounts to confirm the account's status. */
const ACCOUNT_CHECK_TIMEOUT_MS = 2_000;

/**
 * Customer-facing wallet rules: opening a wallet (one per currency per account, not while the
 * account is frozen) and reading a wallet's statement.
 */
export class WalletService {
  private readonly clock: Clock;
  private readonly eventsRecorded: () => void;

  constructor(
    private readonly bus: Bus,
    options: { clock?: Clock; eventsRecorded?: () => void } = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.eventsRecorded = options.eventsRecorded ?? (() => undefined);
  }

  /**
   * Opens a wallet for `accountId` and records `wallet.opened` with it. A frozen or closed
   * account is FORBIDDEN; a second wallet in a currency is a CONFLICT, which the unique index
   * (account_id, currency) also enforces against concurrent opens.
   */
  async openWallet(store: WalletStore, accountId: string, currency: WalletCurrency): Promise<LedgerAccount> {
    await this.requireOpenAccount(store, accountId);
    if (await store.hasWallet(accountId, currency)) {
      throw new Conflict(`You already have a ${currency} wallet`, 'input.currency');
    }
    try {
      const opened = await store.transaction(async (tx) => {
        const now = this.clock();
        const wallet = tx.addWallet({
          id: newId(),
          kind: 'WALLET',
          accountId,
          code: null,
          currency,
          status: 'ACTIVE',
          posted: 0n,
          pending: 0n,
          lastSeq: 0n,
          createdAt: now,
        });
        tx.record(WalletEvents.opened, { walletId: wallet.id, accountId, currency }, now);
        return wallet;
      });
      this.eventsRecorded();
      return opened;
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw new Conflict(`You already have a ${currency} wallet`, 'input.currency');
      }
      throw error;
    }
  }

  /** A page of a wallet's entries, newest first, after the entry of sequence `after[0]`. */
  statement(store: WalletStore, walletId: string, page: PageRequest): Promise<LedgerEntry[]> {
    const after = page.after?.[0];
    return store.entries(walletId, after !== undefined ? cursorSeq(after) : undefined, page.first + 1);
  }

  /**
   * Refuses a frozen or closed account: what wallets learned from accounts' events, confirmed
   * with accounts itself when it answers (an event may still be on its way).
   */
  private async requireOpenAccount(store: WalletStore, accountId: string): Promise<void> {
    const refuse = () => new Forbidden('A frozen or closed account cannot open wallets');
    if ((await knownAccountStatus(store, accountId)) !== 'ACTIVE') throw refuse();
    try {
      const account = await this.bus.request(
        AccountCommands.getAccount,
        { accountId },
        { timeoutMs: ACCOUNT_CHECK_TIMEOUT_MS },
      );
      if (account.status !== 'ACTIVE') throw refuse();
    } catch (error) {
      if (error instanceof CommandUnavailable) return;
      if (error instanceof AppError && error.code === ErrorCode.NotFound) throw refuse();
      throw error;
    }
  }
}

/** Sequence numbers travel in cursors as strings; anything else is not one of ours. */
function cursorSeq(value: unknown): bigint {
  if (typeof value === 'string' && /^\d{1,19}$/.test(value)) return BigInt(value);
  throw new BadInput('Not a cursor from this connection', 'after');
}
