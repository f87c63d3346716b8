import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from '../../../platform/ids';
import {
  fundingSourceKind,
  fundingSourceStatus,
  type FundingSourceKind as FundingSourceKindValue,
} from '../contract';

/** What a funding source is. */
export const FundingSourceKind = fundingSourceKind.enum;
export type FundingSourceKind = FundingSourceKindValue;

/** REMOVED sources are kept so past payments still name them. */
export const FundingSourceStatus = fundingSourceStatus.enum;
export type FundingSourceStatus = (typeof FundingSourceStatus)[keyof typeof FundingSourceStatus];

/**
 * A card or bank account linked to an account. Only what is safe to keep is here: a keyed
 * token (never the card number or IBAN), the last four digits, the brand and the expiry.
 */
@Entity({ tableName: 'funding_sources' })
@Index({ name: 'funding_sources_account', properties: ['accountId', 'createdAt'] })
export class FundingSource {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = newId();

  @Property({ type: 'string', length: 36 })
  accountId: string;

  @Enum({ items: () => FundingSourceKind, type: 'string', length: 16 })
  kind: FundingSourceKind;

  /** `VISA •••• 4242` or `DE89 •••• 3000`. */
  @Property({ type: 'string', length: 100 })
  label: string;

  @Property({ type: 'string', length: 4 })
  last4: string;

  @Property({ type: 'string', length: 20, nullable: true })
  brand?: string | null;

  @Property({ type: 'integer', nullable: true })
  expMonth?: number | null;

  @Property({ type: 'integer', nullable: true })
  expYear?: number | null;

  @Property({ type: 'string', length: 140 })
  holderName: string;

  /** `tok_<HMAC-SHA256 hex>` of a card number, `iban_<...>` of an IBAN: the same value twice means the same instrument. */
  @Property({ type: 'string', length: 100 })
  token: string;

  @Enum({ items: () => FundingSourceStatus, type: 'string', length: 16 })
  status: FundingSourceStatus = FundingSourceStatus.ACTIVE;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  removedAt?: Date | null;

  constructor(fields: {
    accountId: string;
    kind: FundingSourceKind;
    label: string;
    last4: string;
    brand?: string | null;
    expMonth?: number | null;
    expYear?: number | null;
    holderName: string;
    token: string;
  }) {
    this.accountId = fields.accountId;
    this.kind = fields.kind;
    this.label = fields.label;
    this.last4 = fields.last4;
    this.brand = fields.brand ?? null;
    this.expMonth = fields.expMonth ?? null;
    this.expYear = fields.expYear ?? null;
    this.holderName = fields.holderName;
    this.token = fields.token;
  }
}
