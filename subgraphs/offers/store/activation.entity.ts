import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { ExactBigIntType } from '../../../platform/database/exact-bigint';

/** A customer's activation of an offer, and how much cashback it has earned them so far (for its cap). */
@Entity({ tableName: 'offer_activations' })
@Unique({ name: 'offer_activations_offer_account', properties: ['offerId', 'accountId'] })
export class OfferActivation {
  @PrimaryKey({ type: 'string', length: 100 })
  id!: string;

  @Property({ type: 'string', length: 100 })
  offerId!: string;

  @Property({ type: 'string', length: 100 })
  accountId!: string;

  @Property({ type: 'datetime' })
  activatedAt!: Date;

  @Property({ type: ExactBigIntType, default: 0 })
  cashbackEarnedMinor: bigint = 0n;
}
