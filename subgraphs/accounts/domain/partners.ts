import { randomBytes } from 'node:crypto';
import { PARTNER_SCOPES, type PartnerScope } from '../../../platform/auth';
import { BadInput, NotFound, Unauthenticated } from '../../../platform/errors';
import { isId } from '../../../platform/ids';
import { PartnerApp } from '../store/partner-app.entity';
import { PartnerConsent } from '../store/partner-consent.entity';
import type { AccountsStores } from '../store/stores';
import type { AccountsEnv } from './env';

/** A newly registered app with its credentials; the secret is never shown again. */
export interface PartnerRegistration {
  app: PartnerApp;
  clientId: string;
  clientSecret: string;
}

function scopesOf(raw: string[], field: string, allowed: readonly string[]): PartnerScope[] {
  const scopes = [...new Set(raw.map((scope) => scope.trim()))];
  if (!scopes.length) throw new BadInput('Name at least one scope', field);
  const unknown = scopes.find((scope) => !allowed.includes(scope));
  if (unknown !== undefined) {
    throw new BadInput(`Scope "${unknown}" is not one of ${allowed.join(', ')}`, field);
  }
  return scopes as PartnerScope[];
}

/**
 * Partner apps and consents. An app is owned by the account that registered it and acts only on
 * accounts that granted it some of its scopes; its client secret is stored as an HMAC under the
 * partner pepper and shown once.
 */
export class PartnersService {
  constructor(
    private readonly stores: AccountsStores,
    private readonly env: AccountsEnv,
  ) {}

  /** Registers an app owned by `ownerAccountId`, with the scopes it may ever be granted. */
  async register(
    ownerAccountId: string,
    input: { name: string; scopes: string[] },
  ): Promise<PartnerRegistration> {
    const name = input.name.trim();
    if (!name.length || name.length > 100)
      throw new BadInput('The name must be 1 to 100 characters', 'input.name');
    const scopes = scopesOf(input.scopes, 'input.scopes', PARTNER_SCOPES);
    const clientId = `pa_${randomBytes(16).toString('hex')}`;
    const clientSecret = `pas_${randomBytes(32).toString('base64url')}`;
    const app = new PartnerApp({
      ownerAccountId,
      name,
      clientId,
      clientSecretHash: this.env.secrets.partnerSecretHash(clientSecret),
      scopes,
    });
    app.createdAt = this.env.now();
    this.stores.partners.addApp(app);
    await this.stores.flush();
    return { app, clientId, clientSecret };
  }

  /** A signed token for the app, with its scopes; wrong credentials are UNAUTHENTICATED. */
  async issueToken(clientId: string, clientSecret: string): Promise<string> {
    const app = await this.stores.partners.appByClientId(clientId);
    const matches = this.env.secrets.partnerSecretMatches(
      clientSecret,
      app?.clientSecretHash ?? '0'.repeat(64),
    );
    if (!app || !matches) throw new Unauthenticated('Invalid client credentials');
    return this.env.tokens.signPartner(app.id, app.scopes);
  }

  /** The app, or NOT_FOUND. */
  async get(partnerAppId: string): Promise<PartnerApp> {
    const app = isId(partnerAppId) ? await this.stores.partners.app(partnerAppId) : null;
    if (!app) throw new NotFound('Partner app', partnerAppId);
    return app;
  }

  /** Records (or replaces) the account holder's consent: scopes must be among the app's. */
  async grant(accountId: string, partnerAppId: string, rawScopes: string[]): Promise<PartnerApp> {
    const app = await this.get(partnerAppId);
    const scopes = scopesOf(rawScopes, 'scopes', app.scopes);
    const consent = await this.stores.partners.consent(partnerAppId, accountId);
    if (consent) consent.scopes = scopes;
    else this.stores.partners.addConsent(new PartnerConsent(partnerAppId, accountId, scopes));
    await this.stores.flush();
    return app;
  }

  /** Removes the account's consent; whether there was one to remove. */
  async revoke(accountId: string, partnerAppId: string): Promise<boolean> {
    await this.get(partnerAppId);
    return this.stores.partners.removeConsent(partnerAppId, accountId);
  }

  /** The scopes the account granted the app and the app still holds (empty: no consent). */
  async access(partnerAppId: string, accountId: string): Promise<PartnerScope[]> {
    if (!isId(partnerAppId) || !isId(accountId)) return [];
    const [app, consent] = await Promise.all([
      this.stores.partners.app(partnerAppId),
      this.stores.partners.consent(partnerAppId, accountId),
    ]);
    if (!app || !consent) return [];
    return consent.scopes.filter((scope) => app.scopes.includes(scope));
  }
}
