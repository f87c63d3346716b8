import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/core';
import { isId } from '../../platform/ids';
import { Account, FundingSource, FundingSourceStatus, PartnerApp, PartnerConsent } from './entities';

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

function byId<T extends { id: string }>(em: EntityManager, entity: new (...args: never[]) => T) {
  return new DataLoader<string, T | null>(async (ids) => {
    const valid = ids.filter(isId);
    const rows = valid.length ? await em.find(entity, { id: { $in: valid } } as never) : [];
    const found = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => found.get(id) ?? null);
  });
}

/** Builds the loaders of one request over its EntityManager. */
export function createLoaders(em: EntityManager): AccountsLoaders {
  return {
    accountById: byId(em, Account),
    fundingSourceById: byId(em, FundingSource),
    partnerAppById: byId(em, PartnerApp),
    activeFundingSourcesByAccountId: new DataLoader(async (accountIds) => {
      const rows = await em.find(
        FundingSource,
        { accountId: { $in: [...accountIds] }, status: FundingSourceStatus.ACTIVE },
        { orderBy: { createdAt: 'asc', id: 'asc' } },
      );
      return accountIds.map((accountId) => rows.filter((row) => row.accountId === accountId));
    }),
    consentScopes: new DataLoader(async (keys) => {
      const pairs = keys.map((key) => key.split(':') as [string, string]);
      const rows = await em.find(PartnerConsent, {
        partnerAppId: { $in: [...new Set(pairs.map(([app]) => app))] },
        accountId: { $in: [...new Set(pairs.map(([, account]) => account))] },
      });
      return pairs.map(
        ([app, account]) =>
          rows.find((row) => row.partnerAppId === app && row.accountId === account)?.scopes ?? [],
      );
    }),
  };
}
