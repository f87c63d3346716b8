import DataLoader from 'dataloader';
import { isId } from '../../platform/ids';
import type { Account } from './store/account.entity';
import type { FundingSource } from './store/funding-source.entity';
import type { PartnerApp } from './store/partner-app.entity';
import type { AccountsStores } from './store/stores';

/** The DataLoaders of one request: every reference and per-parent list goes through one of these. */
export interface AccountsLoaders {
  accountById: DataLoader<string, Account | null>;
  fundingSourceById: DataLoader<string, FundingSource | null>;
  /** An account's ACTIVE funding sources, oldest first. */
  activeFundingSourcesByAccountId: DataLoader<string, FundingSource[]>;
  partnerAppById: DataLoader<string, PartnerApp | null>;
  /** The scopes granted, keyed by `partnerAppId:accountId`. */
  consentScopes: DataLoader<string, string[]>;
}

/** Loads rows by id in one query per batch; ids that cannot exist are answered null without asking. */
function byId<T extends { id: string }>(load: (ids: string[]) => Promise<T[]>) {
  return new DataLoader<string, T | null>(async (ids) => {
    const valid = ids.filter(isId);
    const rows = valid.length ? await load(valid) : [];
    const found = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => found.get(id) ?? null);
  });
}

/** Builds the loaders of one request over its stores. */
export function createLoaders(stores: AccountsStores): AccountsLoaders {
  return {
    accountById: byId((ids) => stores.accounts.getMany(ids)),
    fundingSourceById: byId((ids) => stores.fundingSources.getMany(ids)),
    partnerAppById: byId((ids) => stores.partners.apps(ids)),
    activeFundingSourcesByAccountId: new DataLoader(async (accountIds) => {
      const rows = await stores.fundingSources.activeOf(accountIds);
      return accountIds.map((accountId) => rows.filter((row) => row.accountId === accountId));
    }),
    consentScopes: new DataLoader(async (keys) => {
      const pairs = keys.map((key) => key.split(':') as [string, string]);
      const rows = await stores.partners.consents(
        pairs.map(([app]) => app),
        pairs.map(([, account]) => account),
      );
      return pairs.map(
        ([app, account]) =>
          rows.find((row) => row.partnerAppId === app && row.accountId === account)?.scopes ?? [],
      );
    }),
  };
}
