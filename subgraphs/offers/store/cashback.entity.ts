import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { ExactBigIntType } from '../../../platform/database/exact-bigint';

/** Where a cashback stands: owed, credited by payments, or refused by payments. */
export type CashbackStatus = 'PENDING' | 'CREDITED' | 'DECLINED';

/** Cashback one offer earned on one merchant payment, credited through payments once. */
@Entity({ tableName: 'cashbacks' })
@Unique({ name: 'cashbacks_offer_payment', properties: ['offerId', 'paymentId'] })
export class Cashback {
  @PrimaryKey({ type: 'string', length: 100 })
  id!: string;

  @Property({ type: 'string', length: 100 })
  offerId!: string;

  @Property({ type: 'string', length: 100 })
  accountId!: string;

  /** The merchant payment it rewards. */
  @Property({ type: 'string', length: 100 })
  paymentId!: string;

  /** The wallet the payment left, which the cashback goes back to. */
  @Property({ type: 'string', length: 100 })
  walletId!: string;

  @Property({ type: ExactBigIntType })
  amountMinor!: bigint;

  @Property({ type: 'string', length: 40 })
  currency!: string;

  @Property({ type: 'string', length: 40 })
  status!: CashbackStatus;

  /** The CASHBACK payment that credited it. */
  @Property({ type: 'string', length: 100, nullable: true })
  cashbackPaymentId?: string | null;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  updatedAt!: Date;
}
