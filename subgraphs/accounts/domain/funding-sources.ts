import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { BadInput, NotFound } from '../../../platform/errors';
import { isId } from '../../../platform/ids';
import { FundingSource, FundingSourceKind, FundingSourceStatus } from '../store/funding-source.entity';
import type { AccountsStores } from '../store/stores';
import { checkCard, type CardInput } from './cards';
import type { AccountsEnv } from './env';
import { checkIban } from './iban';

/** What a client sends to link a card; `kind` defaults to DEBIT_CARD. */
export interface LinkCardRequest extends CardInput {
  holderName: string;
  kind?: FundingSourceKind | null;
}

function holderNameOf(raw: string): string {
  const name = raw.trim();
  if (!name.length || name.length > 140) {
    throw new BadInput('The holder name must be 1 to 140 characters', 'input.holderName');
  }
  return name;
}

/**
 * Links and unlinks cards and bank accounts. A card number or IBAN is checked, turned into a
 * keyed token and dropped: only the token, last four, brand and expiry are stored. Linking an
 * instrument that is already linked and active returns the existing source (with the expiry
 * brought up to date), so a retried request is harmless.
 */
export class FundingSourcesService {
  constructor(
    private readonly stores: AccountsStores,
    private readonly env: AccountsEnv,
  ) {}

  /** Checks a card (Luhn, expiry, CVC) and links it as a token. */
  async linkCard(accountId: string, input: LinkCardRequest): Promise<FundingSource> {
    const kind = input.kind ?? FundingSourceKind.DEBIT_CARD;
    if (kind === FundingSourceKind.BANK_ACCOUNT) {
      throw new BadInput('A card is a DEBIT_CARD or a CREDIT_CARD', 'input.kind');
    }
    const card = checkCard(input, this.env.now());
    const holderName = holderNameOf(input.holderName);
    const token = this.env.secrets.cardToken(card.number);
    return this.link(accountId, token, (existing) => {
      if (existing) {
        existing.expMonth = card.expMonth;
        existing.expYear = card.expYear;
        return existing;
      }
      return new FundingSource({
        accountId,
        kind,
        label: `${card.brand ?? 'CARD'} •••• ${card.last4}`,
        last4: card.last4,
        brand: card.brand,
        expMonth: card.expMonth,
        expYear: card.expYear,
        holderName,
        token,
      });
    });
  }

  /** Checks an IBAN (mod-97) and links it masked. */
  async linkBankAccount(
    accountId: string,
    input: { iban: string; holderName: string },
  ): Promise<FundingSource> {
    const iban = checkIban(input.iban);
    const holderName = holderNameOf(input.holderName);
    const token = this.env.secrets.ibanToken(iban.iban);
    return this.link(
      accountId,
      token,
      (existing) =>
        existing ??
        new FundingSource({
          accountId,
          kind: FundingSourceKind.BANK_ACCOUNT,
          label: iban.masked,
          last4: iban.last4,
          holderName,
          token,
        }),
    );
  }

  /** Removes a source of the caller's; someone else's reads as NOT_FOUND. Removing twice is harmless. */
  async unlink(accountId: string, fundingSourceId: string): Promise<FundingSource> {
    const source = await this.ownedBy(accountId, fundingSourceId);
    if (source.status === FundingSourceStatus.ACTIVE) {
      source.status = FundingSourceStatus.REMOVED;
      source.removedAt = this.env.now();
      await this.stores.flush();
    }
    return source;
  }

  /** A source of that account (active or removed), or NOT_FOUND. */
  async ownedBy(accountId: string, fundingSourceId: string): Promise<FundingSource> {
    const source = isId(fundingSourceId) ? await this.stores.fundingSources.get(fundingSourceId) : null;
    if (!source || source.accountId !== accountId) throw new NotFound('Funding source', fundingSourceId);
    return source;
  }

  private async link(
    accountId: string,
    token: string,
    build: (existing: FundingSource | null) => FundingSource,
  ): Promise<FundingSource> {
    if (!(await this.stores.accounts.get(accountId))) throw new NotFound('Account', accountId);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.stores.transaction(async (tx) => {
          const existing = await tx.fundingSources.activeByToken(accountId, token);
          const source = build(existing);
          if (!existing) source.createdAt = this.env.now();
          tx.fundingSources.add(source);
          return source;
        });
      } catch (error) {
        // The same instrument linked twice at once: the second sees the first on retry.
        if (!(error instanceof UniqueConstraintViolationException) || attempt > 0) throw error;
        this.stores.clear();
      }
    }
  }
}
