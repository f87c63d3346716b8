import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Money } from '../../../platform/money';
import { connectionTypes } from '../../../platform/graphql/connections';
import { MoneyType } from '../../../platform/graphql/money.types';
import { DecimalScalar } from '../../../platform/graphql/scalars';
import type { Payment } from '../store/payment.entity';
import { PaymentKind, PaymentStatus, SpendingCategory } from './enums';

/** An account, owned by the accounts subgraph; payments only knows who owns a payment's wallets. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Account', { description: 'A person or business with a login, wallets and funding sources.' })
export class AccountRef {
  @Field(() => ID)
  id!: string;
}

/**
 * A wallet, owned by the wallets subgraph; payments adds `Wallet.payments`. A payment knows the
 * owners of its wallets (the payer, the payee), so it provides `owner { id }` on them: a query
 * for a payment's wallet owner goes to accounts directly, without asking wallets first.
 */
@Directive('@key(fields: "id")')
@ObjectType('Wallet', {
  description: "A customer's wallet in one currency, backed by the double-entry ledger.",
})
export class WalletRef {
  @Field(() => ID, { description: 'The wallet id.' })
  id!: string;

  @Directive('@external')
  @Field(() => AccountRef, { description: 'The account that owns the wallet.' })
  owner?: AccountRef;

  static of(id: string | null | undefined, ownerId?: string | null): WalletRef | null {
    if (!id) return null;
    const owner = ownerId ? Object.assign(new AccountRef(), { id: ownerId }) : undefined;
    return Object.assign(new WalletRef(), { id, owner });
  }
}

/** A funding source, owned by the accounts subgraph; payments only points at one. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('FundingSource', {
  description:
    'A card or bank account that tops up wallets and receives withdrawals. Only masked data is kept.',
})
export class FundingSourceRef {
  @Field(() => ID, { description: 'The funding source id.' })
  id!: string;

  static of(id: string | null | undefined): FundingSourceRef | null {
    return id ? Object.assign(new FundingSourceRef(), { id }) : null;
  }
}

@ObjectType('Merchant', { description: 'Who a merchant payment went to.' })
export class MerchantType {
  @Field(() => String, { description: 'The merchant as the payer named it.' })
  name!: string;

  @Field(() => SpendingCategory, { description: 'What the money was spent on.' })
  category!: SpendingCategory;
}

@Directive('@key(fields: "id")')
@ObjectType('Payment', {
  description: 'Money moving into, out of or between wallets, and where that stands.',
})
export class PaymentNode {
  @Field(() => ID, { description: 'The payment id.' })
  id!: string;

  @Field(() => PaymentKind, { description: 'What the payment does.' })
  kind!: PaymentKind;

  @Field(() => PaymentStatus, { description: 'Where the payment stands.' })
  status!: PaymentStatus;

  @Field(() => MoneyType, { description: 'What leaves the source, in its currency.' })
  amount!: MoneyType;

  @Field(() => MoneyType, {
    nullable: true,
    description: "What reaches the destination when its currency differs from the source's; null otherwise.",
  })
  creditedAmount?: MoneyType | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'The exchange rate applied: destination units per source unit. Null without conversion.',
  })
  fxRate?: string | null;

  @Directive('@provides(fields: "owner { id }")')
  @Field(() => WalletRef, { nullable: true, description: 'The wallet the money leaves; null for top-ups.' })
  sourceWallet?: WalletRef | null;

  @Directive('@provides(fields: "owner { id }")')
  @Field(() => WalletRef, {
    nullable: true,
    description: 'The wallet the money reaches; null for withdrawals and merchant payments.',
  })
  destinationWallet?: WalletRef | null;

  @Field(() => FundingSourceRef, {
    nullable: true,
    description: 'The card or bank account of a top-up or withdrawal; null otherwise.',
  })
  fundingSource?: FundingSourceRef | null;

  @Field(() => MerchantType, {
    nullable: true,
    description: 'The merchant of a merchant payment; null otherwise.',
  })
  merchant?: MerchantType | null;

  @Field(() => SpendingCategory, { nullable: true, description: 'What a merchant payment was spent on.' })
  category?: SpendingCategory | null;

  @Field(() => String, { nullable: true, description: "The payer's note on a transfer." })
  note?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Why the payment was declined: INSUFFICIENT_FUNDS, ACCOUNT_FROZEN, LIMIT_EXCEEDED, RISK_DECLINED, ' +
      'VERIFICATION_FAILED, PROCESSING_TIMEOUT, or a funding-network code such as CARD_DECLINED. Null otherwise.',
  })
  declineReason?: string | null;

  @Field(() => Date, { description: 'When the payment was requested.' })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When the money moved; null until COMPLETED.' })
  completedAt?: Date | null;

  /** The API view of a stored payment; the idempotency key and fingerprint stay inside. */
  static from(payment: Payment): PaymentNode {
    const credited =
      payment.creditedAmountMinor != null && payment.creditedCurrency
        ? MoneyType.of(Money.ofMinor(payment.creditedAmountMinor, payment.creditedCurrency))
        : null;
    return Object.assign(new PaymentNode(), {
      id: payment.id,
      kind: payment.kind,
      status: payment.status,
      amount: MoneyType.of(Money.ofMinor(payment.amountMinor, payment.currency)),
      creditedAmount: credited,
      fxRate: payment.fxRate ?? null,
      // The payer owns the source wallet; the payee (the payer itself for a top-up) the destination.
      sourceWallet: WalletRef.of(payment.sourceWalletId, payment.accountId),
      destinationWallet: WalletRef.of(payment.destinationWalletId, payment.destinationAccountId),
      fundingSource: FundingSourceRef.of(payment.fundingSourceId),
      merchant:
        payment.merchantName && payment.category
          ? Object.assign(new MerchantType(), { name: payment.merchantName, category: payment.category })
          : null,
      category: payment.category ?? null,
      note: payment.note ?? null,
      declineReason: payment.declineReason ?? null,
      createdAt: payment.createdAt,
      completedAt: payment.completedAt ?? null,
    });
  }
}

const { Edge, Connection } = connectionTypes('Payment', PaymentNode);

@ObjectType('PaymentEdge', { description: 'One payment in a page, with its cursor.' })
export class PaymentEdge extends Edge {}

@ObjectType('PaymentConnection', { description: 'A page of payments, newest first.' })
export class PaymentConnection extends Connection {}
