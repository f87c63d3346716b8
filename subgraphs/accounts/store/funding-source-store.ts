import type { EntityManager } from '@mikro-orm/core';
import { FundingSource, FundingSourceStatus } from './funding-source.entity';

/** The funding_sources table. */
export class FundingSourceStore {
  constructor(private readonly em: EntityManager) {}

  get(fundingSourceId: string): Promise<FundingSource | null> {
    return this.em.findOne(FundingSource, { id: fundingSourceId });
  }

  getMany(fundingSourceIds: readonly string[]): Promise<FundingSource[]> {
    return this.em.find(FundingSource, { id: { $in: [...fundingSourceIds] } });
  }

  /** The account's ACTIVE source with this instrument token, if linked. */
  activeByToken(accountId: string, token: string): Promise<FundingSource | null> {
    return this.em.findOne(FundingSource, { accountId, token, status: FundingSourceStatus.ACTIVE });
  }

  /** The ACTIVE sources of some accounts, oldest first. */
  activeOf(accountIds: readonly string[]): Promise<FundingSource[]> {
    return this.em.find(
      FundingSource,
      { accountId: { $in: [...accountIds] }, status: FundingSourceStatus.ACTIVE },
      { orderBy: { createdAt: 'asc', id: 'asc' } },
    );
  }

  add(source: FundingSource): void {
    this.em.persist(source);
  }
}
