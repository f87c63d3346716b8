import type { EntityManager } from '@mikro-orm/core';
import type { Role } from '../../../platform/auth';
import { EntityReader, parameterList } from '../../../platform/database/entity-reads';
import type { UnitOfWork } from '../../../platform/database/unit';
import type { AccountStanding } from '../contract';
import { Account } from './account.entity';
import { StandingReads } from './standing-reads';

/** One batcher per database (the driver every fork of its ORM shares). */
const standingReads = new WeakMap<object, StandingReads>();

const readers = {
  sqlite: new EntityReader(Account, 'sqlite'),
  postgresql: new EntityReader(Account, 'postgresql'),
};

/** The accounts table. */
export class AccountStore {
  constructor(
    private readonly unit: UnitOfWork,
    private readonly dialect: 'sqlite' | 'postgresql',
  ) {}

  private get em(): EntityManager {
    return this.unit.em;
  }

  /** The account, or null. */
  get(accountId: string): Promise<Account | null> {
    return this.em.findOne(Account, { id: accountId });
  }

  /** Accounts by id, read for a query (detached: the loaders of a request use these). */
  getMany(accountIds: readonly string[]): Promise<Account[]> {
    return readers[this.dialect].select(this.unit.reads, `id in (${parameterList(accountIds)})`, accountIds);
  }

  /** The account with this (normal-form) email, its password hash loaded when asked. */
  byEmail(email: string, options: { withPasswordHash?: boolean } = {}): Promise<Account | null> {
    return this.em.findOne(
      Account,
      { email },
      options.withPasswordHash ? { populate: ['passwordHash'] } : {},
    );
  }

  /** The account with its password hash loaded. */
  withPasswordHash(accountId: string): Promise<Account | null> {
    return this.em.findOne(Account, { id: accountId }, { populate: ['passwordHash'] });
  }

  /** The account with its sealed MFA secret loaded. */
  withMfaSecret(accountId: string): Promise<Account | null> {
    return this.em.findOne(Account, { id: accountId }, { populate: ['mfaSecretSealed'] });
  }

  async emailTaken(email: string): Promise<boolean> {
    return (await this.em.count(Account, { email })) > 0;
  }

  add(account: Account): void {
    this.em.persist(account);
  }

  /** Reads the account's row again, discarding what this unit of work remembers of it. */
  async refresh(account: Account): Promise<void> {
    await this.em.refresh(account);
  }

  /**
   * The account's status, MFA and roles, read afresh (no entity is loaded: payments asks this on
   * every payment, and a freeze must count at once); the standings asked for together are read
   * by one select.
   */
  standing(accountId: string): Promise<AccountStanding | null> {
    const driver = this.unit.reads.getDriver();
    let reads = standingReads.get(driver);
    if (!reads) standingReads.set(driver, (reads = new StandingReads(this.unit.reads, this.dialect)));
    return reads.of(accountId);
  }

  /** Gives the account these roles. */
  async setRoles(accountId: string, roles: Role[], now: Date): Promise<void> {
    await this.em.nativeUpdate(Account, { id: accountId }, { roles, updatedAt: now });
  }

  /**
   * Replaces a password hash only if it is still `from`: a rehash at sign-in never overwrites a
   * password changed in the meantime. Whether it was replaced.
   */
  async replacePasswordHash(accountId: string, from: string, to: string, now: Date): Promise<boolean> {
    const updated = await this.em.nativeUpdate(
      Account,
      { id: accountId, passwordHash: from },
      { passwordHash: to, updatedAt: now },
    );
    return updated === 1;
  }

  /**
   * Records an accepted TOTP time-step, only if it is later than the last one accepted: of two
   * requests with the same code at once, exactly one wins. `alsoSet` rides on the same update.
   */
  async acceptMfaStep(
    accountId: string,
    step: number,
    now: Date,
    alsoSet: Partial<Pick<Account, 'mfaEnabled'>> = {},
  ): Promise<boolean> {
    const updated = await this.em.nativeUpdate(
      Account,
      { id: accountId, $or: [{ mfaLastStep: null }, { mfaLastStep: { $lt: step } }] },
      { mfaLastStep: step, updatedAt: now, ...alsoSet },
    );
    return updated === 1;
  }
}
