import type { EntityManager } from '@mikro-orm/core';
import type { UnitOfWork } from '../../../platform/database/unit';
import { PartnerApp } from './partner-app.entity';
import { PartnerConsent } from './partner-consent.entity';

/** Partner apps and the consents account holders gave them. */
export class PartnerStore {
  constructor(private readonly unit: UnitOfWork) {}

  private get em(): EntityManager {
    return this.unit.em;
  }

  app(partnerAppId: string): Promise<PartnerApp | null> {
    return this.em.findOne(PartnerApp, { id: partnerAppId });
  }

  /** The app with this client id, its secret hash loaded. */
  appByClientId(clientId: string): Promise<PartnerApp | null> {
    return this.em.findOne(PartnerApp, { clientId }, { populate: ['clientSecretHash'] });
  }

  apps(partnerAppIds: readonly string[]): Promise<PartnerApp[]> {
    return this.em.find(PartnerApp, { id: { $in: [...partnerAppIds] } });
  }

  addApp(app: PartnerApp): void {
    this.em.persist(app);
  }

  consent(partnerAppId: string, accountId: string): Promise<PartnerConsent | null> {
    return this.em.findOne(PartnerConsent, { partnerAppId, accountId });
  }

  /** The consents among these apps and accounts (a batch of lookups). */
  consents(partnerAppIds: readonly string[], accountIds: readonly string[]): Promise<PartnerConsent[]> {
    return this.em.find(PartnerConsent, {
      partnerAppId: { $in: [...new Set(partnerAppIds)] },
      accountId: { $in: [...new Set(accountIds)] },
    });
  }

  addConsent(consent: PartnerConsent): void {
    this.em.persist(consent);
  }

  /** Removes a consent; whether there was one. */
  async removeConsent(partnerAppId: string, accountId: string): Promise<boolean> {
    return (await this.em.nativeDelete(PartnerConsent, { partnerAppId, accountId })) > 0;
  }
}
