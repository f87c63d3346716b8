import { AccountStatus } from './account-status.entity';
import { LedgerAccount } from './ledger-account.entity';
import { LedgerEntry } from './ledger-entry.entity';
import { Transfer } from './transfer.entity';

export * from './account-status.entity';
export * from './ledger-account.entity';
export * from './ledger-entry.entity';
export * from './transfer.entity';

/** Every entity of the wallets database. */
export const ENTITIES = [LedgerAccount, LedgerEntry, Transfer, AccountStatus];
