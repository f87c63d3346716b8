import { Account } from './account.entity';
import { FundingSource } from './funding-source.entity';
import { PartnerApp } from './partner-app.entity';
import { PartnerConsent } from './partner-consent.entity';
import { SignInThrottle } from './sign-in-throttle.entity';

export * from './account.entity';
export * from './funding-source.entity';
export * from './partner-app.entity';
export * from './partner-consent.entity';
export * from './sign-in-throttle.entity';

/** Every entity of the accounts database. */
export const ENTITIES = [Account, FundingSource, PartnerApp, PartnerConsent, SignInThrottle];
