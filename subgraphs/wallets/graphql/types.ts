import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { MoneyType } from '../../../platform/graphql/money.types';
import { connectionTypes } from '../../../platform/graphql/connections';
import { Money } from '../../../platform/money';
import type { LedgerAccount } from '../store/ledger-account.entity';
import type { LedgerEntry } from '../store/ledger-entry.entity';
import { EntryDirectionEnum, WalletStatusEnum } from './enums';

/** The accounts subgraph's Account, known here by its key only. */
@Directive('@key(fields: "id")')
@ObjectType('Account', { description: 'A person who signs in to the wallet: a customer or an analyst.' })
export class AccountRef {
  @Field(() => ID, { description: 'The account id.' })
  id!: string;
}

/** A wallet as the API shows it. */
@Directive('@key(fields: "id")')
@ObjectType('Wallet', {
  description: "A customer's wallet in one currency, backed by the double-entry ledger.",
})
export class WalletType {
  @Field(() => ID, { description: 'The wallet id.' })
  id!: string;

  // Shareable: payments provides it on a payment's wallets, from the payment's payer and payee.
  @Directive('@shareable')
  @Field(() => AccountRef, { description: 'The account that owns the wallet.' })
  owner!: AccountRef;

  @Field(() => String, { description: 'The ISO 4217 currency the wallet holds, e.g. "EUR".' })
  currency!: string;

  @Field(() => MoneyType, { description: 'The posted balance: every completed movement.' })
  balance!: MoneyType;

  @Field(() => MoneyType, { description: 'What can be spent now: the posted balance minus pending holds.' })
  availableBalance!: MoneyType;

  @Field(() => WalletStatusEnum, { description: 'Whether the wallet can move money.' })
  status!: WalletStatusEnum;

  @Field(() => Date, { description: 'When the wallet was opened.' })
  createdAt!: Date;

  static from(wallet: LedgerAccount): WalletType {
    return Object.assign(new WalletType(), {
      id: wallet.id,
      owner: Object.assign(new AccountRef(), { id: wallet.accountId }),
      currency: wallet.currency,
      balance: MoneyType.of(Money.ofMinor(wallet.posted, wallet.currency)),
      availableBalance: MoneyType.of(Money.ofMinor(wallet.posted - wallet.pending, wallet.currency)),
      status: wallet.status as WalletStatusEnum,
      createdAt: wallet.createdAt,
    });
  }
}

/** One line of a wallet's statement. */
@ObjectType('LedgerEntry', { description: "One immutable line of a wallet's statement." })
export class LedgerEntryType {
  @Field(() => ID, { description: 'The entry id.' })
  id!: string;

  @Field(() => MoneyType, { description: 'The amount moved, always positive; `direction` says which way.' })
  amount!: MoneyType;

  @Field(() => EntryDirectionEnum, {
    description: 'DEBIT when money left the wallet, CREDIT when it arrived.',
  })
  direction!: EntryDirectionEnum;

  @Field(() => MoneyType, { description: "The wallet's posted balance right after this entry." })
  balanceAfter!: MoneyType;

  @Field(() => ID, { nullable: true, description: 'The payment that made this entry, if any.' })
  paymentId?: string | null;

  @Field(() => Date, { description: 'When the entry was booked.' })
  createdAt!: Date;

  static from(entry: LedgerEntry): LedgerEntryType {
    return Object.assign(new LedgerEntryType(), {
      id: entry.id,
      amount: MoneyType.of(Money.ofMinor(entry.amount, entry.currency)),
      direction: entry.direction as EntryDirectionEnum,
      balanceAfter: MoneyType.of(Money.ofMinor(entry.balanceAfter, entry.currency)),
      paymentId: entry.paymentId ?? null,
      createdAt: entry.createdAt,
    });
  }
}

/** A page of a wallet's statement, newest first, and the `LedgerEntryEdge` type of its items. */
export const { Connection: LedgerEntryConnection, Edge: LedgerEntryEdge } = connectionTypes(
  'LedgerEntry',
  LedgerEntryType,
);
