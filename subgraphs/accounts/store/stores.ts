import type { EntityManager } from '@mikro-orm/core';
import { recordEvent, type EventContract, type EventDataInput } from '../../../platform/bus';
import { unitOver, type UnitOfWork } from '../../../platform/database/unit';
import { SOURCE } from '../contract';
import { AccountStore } from './account-store';
import { FundingSourceStore } from './funding-source-store';
import { PartnerStore } from './partner-store';
import { RevocationStore } from './revocation-store';
import { ThrottleStore } from './throttle-store';

/**
 * Everything accounts keeps, bound to one unit of work: the domain reads and changes entities
 * through these and never sees the ORM or SQL.
 */
export class AccountsStores {
  readonly accounts: AccountStore;
  readonly fundingSources: FundingSourceStore;
  readonly partners: PartnerStore;
  readonly throttles: ThrottleStore;
  readonly revocations: RevocationStore;

  constructor(
    private readonly unit: UnitOfWork,
    private readonly dialect: 'sqlite' | 'postgresql',
  ) {
    this.accounts = new AccountStore(unit, dialect);
    this.fundingSources = new FundingSourceStore(unit, dialect);
    this.partners = new PartnerStore(unit);
    this.throttles = new ThrottleStore(unit, dialect);
    this.revocations = new RevocationStore(unit);
  }

  private get em(): EntityManager {
    return this.unit.em;
  }

  /**
   * Runs `work` in one transaction: what it changes through the stores it receives, and the
   * events it records, commit together or not at all.
   */
  transaction<T>(work: (stores: AccountsStores) => Promise<T>): Promise<T> {
    return this.em.transactional((tx) => work(new AccountsStores(unitOver(tx), this.dialect)));
  }

  /** Writes an event to the outbox, committed with the transaction it is recorded in. */
  record<E extends EventContract>(event: E, data: EventDataInput<E>, now: Date): void {
    recordEvent(this.em, SOURCE, event, data, now);
  }

  /** Writes the changes made to loaded entities. */
  async flush(): Promise<void> {
    await this.em.flush();
  }

  /** Forgets what this unit of work loaded, so the next read sees the database again. */
  clear(): void {
    this.em.clear();
  }
}
