import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import type { PartnerScope } from '../../../platform/auth';
import { newId } from '../../../platform/ids';

/** An account holder's grant of some scopes to a partner app; one per (app, account). */
@Entity({ tableName: 'partner_consents' })
@Unique({ name: 'partner_consents_app_account_unique', properties: ['partnerAppId', 'accountId'] })
@Index({ name: 'partner_consents_account', properties: ['accountId'] })
export class PartnerConsent {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = newId();

  @Property({ type: 'string', length: 36 })
  partnerAppId: string;

  @Property({ type: 'string', length: 36 })
  accountId: string;

  @Property({ type: 'json' })
  scopes: PartnerScope[];

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  constructor(partnerAppId: string, accountId: string, scopes: PartnerScope[]) {
    this.partnerAppId = partnerAppId;
    this.accountId = accountId;
    this.scopes = scopes;
  }
}
