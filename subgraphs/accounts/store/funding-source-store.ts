import type { EntityManager } from '@mikro-orm/core';
import { EntityReader, parameterList } from '../../../platform/database/entity-reads';
import type { Dialect } from '../../../platform/database';
import type { UnitOfWork } from '../../../platform/database/unit';
import { FundingSource, FundingSourceStatus } from './funding-source.entity';

const readers = {
  sqlite: new EntityReader(FundingSource, 'sqlite'),
  postgresql: new EntityReader(FundingSource, 'postgresql'),
};

/** The funding_sources table. */
export class FundingSourceStore {
  constructor(
    private readonly unit: UnitOfWork,
    private readonly dialect: Dialect,
  ) {}

  private get em(): EntityManager {
    return this.unit.em;
  }

  get(fundingSourceId: string): Promise<FundingSource | null> {
    return this.em.findOne(FundingSource, { id: fundingSourceId });
  }

  /** Funding sources by id, read for a query (detached). */
  getMany(fundingSourceIds: readonly string[]): Promise<FundingSource[]> {
    return readers[this.dialect].select(
      this.unit.reads,
      `id in (${parameterList(fundingSourceIds)})`,
      fundingSourceIds,
    );
  }

  /** The account's ACTIVE source with this instrument token, if linked. */
  activeByToken(accountId: string, token: string): Promise<FundingSource | null> {
    return this.em.findOne(FundingSource, { accountId, token, status: FundingSourceStatus.ACTIVE });
  }

  /** The ACTIVE sources of some accounts, oldest first, read for a query (detached). */
  activeOf(accountIds: readonly string[]): Promise<FundingSource[]> {
    return readers[this.dialect].select(
      this.unit.reads,
      `account_id in (${parameterList(accountIds)}) and status = ?`,
      [...accountIds, FundingSourceStatus.ACTIVE],
      'order by created_at asc, id asc',
    );
  }

  add(source: FundingSource): void {
    this.em.persist(source);
  }
}
