import type { EntityManager, RequiredEntityData } from '@mikro-orm/core';
import { recordEvent, type EventContract, type EventDataInput } from '../../../platform/bus';
import type { Dialect } from '../../../platform/database';
import { EntityReader, parameterList } from '../../../platform/database/entity-reads';
import { unitOver, type UnitOfWork } from '../../../platform/database/unit';
import { SOURCE } from '../contract';
import { KnownAccountStatus } from './known-account-status.entity';
import { LedgerAccount } from './ledger-account.entity';
import { LedgerEntry } from './ledger-entry.entity';

const readers = {
  sqlite: new EntityReader(LedgerAccount, 'sqlite'),
  postgresql: new EntityReader(LedgerAccount, 'postgresql'),
};

/** Wallets as rows, their statements, and the account statuses wallets has learned: bound to one unit of work. */
export class WalletStore {
  constructor(
    private readonly unit: UnitOfWork,
    private readonly dialect: Dialect,
  ) {}

  private get em(): EntityManager {
    return this.unit.em;
  }

  /** Runs `work` in one transaction with a store bound to it; events recorded there commit with it. */
  transaction<T>(work: (store: WalletStore) => Promise<T>): Promise<T> {
    return this.em.transactional((tx) => work(new WalletStore(unitOver(tx), this.dialect)));
  }

  /** Wallets by id, read for a query (detached); system accounts are never wallets. */
  wallets(walletIds: readonly string[]): Promise<LedgerAccount[]> {
    return readers[this.dialect].select(
      this.unit.reads,
      `id in (${parameterList(walletIds)}) and kind = 'WALLET'`,
      walletIds,
    );
  }

  /** The wallets of some accounts, oldest first, read for a query (detached). */
  walletsOf(accountIds: readonly string[]): Promise<LedgerAccount[]> {
    return readers[this.dialect].select(
      this.unit.reads,
      `account_id in (${parameterList(accountIds)}) and kind = 'WALLET'`,
      accountIds,
      'order by created_at asc, id asc',
    );
  }

  async hasWallet(accountId: string, currency: string): Promise<boolean> {
    return (await this.em.count(LedgerAccount, { accountId, currency, kind: 'WALLET' })) > 0;
  }

  /** Adds a new wallet row (a unique index allows one per account and currency). */
  addWallet(fields: RequiredEntityData<LedgerAccount>): LedgerAccount {
    return this.em.create(LedgerAccount, fields);
  }

  /** Up to `limit` entries of a wallet, newest first, older than sequence `beforeSeq` when given. */
  entries(walletId: string, beforeSeq: bigint | undefined, limit: number): Promise<LedgerEntry[]> {
    return this.em.find(
      LedgerEntry,
      { ledgerAccountId: walletId, ...(beforeSeq !== undefined ? { seq: { $lt: beforeSeq } } : {}) },
      { orderBy: { seq: 'desc' }, limit },
    );
  }

  knownStatus(accountId: string): Promise<KnownAccountStatus | null> {
    return this.em.findOne(KnownAccountStatus, { accountId });
  }

  async setKnownStatus(status: KnownAccountStatus): Promise<void> {
    await this.em.upsert(KnownAccountStatus, status);
  }

  /** Moves the account's wallets that are in `from` to `to`. */
  async setWalletStatuses(accountId: string, from: LedgerAccount['status'], to: LedgerAccount['status']) {
    await this.em.nativeUpdate(LedgerAccount, { accountId, kind: 'WALLET', status: from }, { status: to });
  }

  /** Writes an event to the outbox, committed with the transaction it is recorded in. */
  record<E extends EventContract>(event: E, data: EventDataInput<E>, now: Date): void {
    recordEvent(this.em, SOURCE, event, data, now);
  }
}
