import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { ExactBigIntType } from '../../../platform/database/exact-bigint';
import type { DeclineReason, PaymentKind, PaymentStatus, SpendingCategory } from '../domain/payment';
import type { RiskDecision } from '../../risk/contract';

/**
 * One payment and where its saga stands. The idempotency key is unique per paying account and
 * the request fingerprint tells a faithful retry from a reused key; neither is ever shown.
 */
@Entity({ tableName: 'payments' })
@Unique({ name: 'payments_account_idempotency_key', properties: ['accountId', 'idempotencyKey'] })
@Index({ name: 'payments_source_wallet_created', properties: ['sourceWalletId', 'createdAt', 'id'] })
@Index({
  name: 'payments_destination_wallet_created',
  properties: ['destinationWalletId', 'createdAt', 'id'],
})
@Index({ name: 'payments_status_created', properties: ['status', 'createdAt'] })
export class Payment {
  @PrimaryKey({ type: 'string', length: 36 })
  id!: string;

  @Property({ type: 'string', length: 20 })
  kind!: PaymentKind;

  @Property({ type: 'string', length: 30 })
  status!: PaymentStatus;

  /** The payer: the account whose wallet (or funding source) the money leaves. */
  @Property({ type: 'string', length: 36 })
  accountId!: string;

  /** The payee's account, for transfers: it may read the payment too. */
  @Property({ type: 'string', length: 36, nullable: true })
  destinationAccountId?: string | null;

  @Property({ type: 'string', length: 36, nullable: true })
  sourceWalletId?: string | null;

  @Property({ type: 'string', length: 36, nullable: true })
  destinationWalletId?: string | null;

  @Property({ type: 'string', length: 36, nullable: true })
  fundingSourceId?: string | null;

  @Property({ type: new ExactBigIntType() })
  amountMinor!: bigint;

  @Property({ type: 'string', length: 3 })
  currency!: string;

  @Property({ type: new ExactBigIntType(), nullable: true })
  creditedAmountMinor?: bigint | null;

  @Property({ type: 'string', length: 3, nullable: true })
  creditedCurrency?: string | null;

  /** Destination units per source unit, an exact decimal string. */
  @Property({ type: 'string', length: 40, nullable: true })
  fxRate?: string | null;

  @Property({ type: 'string', length: 200, nullable: true })
  merchantName?: string | null;

  @Property({ type: 'string', length: 20, nullable: true })
  category?: SpendingCategory | null;

  @Property({ type: 'string', length: 500, nullable: true })
  note?: string | null;

  /** The payment a reward is for: a cashback's merchant payment. */
  @Property({ type: 'string', length: 36, nullable: true })
  relatedPaymentId?: string | null;

  @Property({ type: 'string', length: 128 })
  idempotencyKey!: string;

  /** SHA-256 of the canonical request parameters. */
  @Property({ type: 'string', length: 64 })
  requestFingerprint!: string;

  /** Risk's decision once known; an APPROVE lets the recovery pass finish the payment forward. */
  @Property({ type: 'string', length: 10, nullable: true })
  riskDecision?: RiskDecision | null;

  @Property({ type: 'integer', nullable: true })
  riskScore?: number | null;

  /** Risk did not answer in time: the decision is payments' fail-safe, not risk's. */
  @Property({ type: 'boolean', default: false })
  riskUnavailable: boolean = false;

  @Property({ type: 'integer', default: 0 })
  verificationAttempts: number = 0;

  @Property({ type: 'string', length: 60, nullable: true })
  declineReason?: DeclineReason | null;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  updatedAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  completedAt?: Date | null;

  /** The runner working on the payment now; no other may act on it until the claim expires. */
  @Property({ type: 'string', length: 64, nullable: true })
  claimedBy?: string | null;

  @Property({ type: 'datetime', nullable: true })
  claimExpiresAt?: Date | null;

  /** When a payment waiting for verification or review is declined for waiting too long. */
  @Property({ type: 'datetime', nullable: true })
  expiresAt?: Date | null;
}
