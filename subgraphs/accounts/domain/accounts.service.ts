import type { EntityManager } from '@mikro-orm/core';
import type { Role } from '../../../platform/auth';
import { recordEvent } from '../../../platform/bus';
import { readBoolean, readJson } from '../../../platform/database/raw-values';
import { sqlQuery } from '../../../platform/database/sql-transaction';
import { BadInput, Conflict, NotFound } from '../../../platform/errors';
import { isId } from '../../../platform/ids';
import { Account, AccountStatus } from '../entities';
import { AccountEventType, SOURCE, type AccountFrozenData, type AccountUnfrozenData } from '../events';
import type { AccountsEnv } from './env';

const MAX_REASON_LENGTH = 500;

/** What other services ask about an account before money moves: read afresh every time. */
export interface AccountStanding {
  accountId: string;
  status: AccountStatus;
  mfaEnabled: boolean;
  roles: Role[];
}

/**
 * The account's status, MFA and roles in one select of just those columns, read afresh (no
 * entity is loaded: payments asks this on every payment, and a freeze must count at once);
 * NOT_FOUND like `AccountsService.get`.
 */
export async function accountStanding(
  em: EntityManager,
  dialect: 'sqlite' | 'postgresql',
  accountId: string,
): Promise<AccountStanding> {
  const rows = isId(accountId)
    ? await sqlQuery(em, dialect, 'select status, mfa_enabled, roles from accounts where id = ?', [accountId])
    : [];
  const row = rows[0];
  if (!row) throw new NotFound('Account', accountId);
  return {
    accountId,
    status: row.status as AccountStatus,
    mfaEnabled: readBoolean(row.mfa_enabled),
    roles: readJson<Role[]>(row.roles),
  };
}

/** Reads accounts and changes their status (freeze, unfreeze), publishing each change. */
export class AccountsService {
  constructor(
    private readonly em: EntityManager,
    private readonly env: AccountsEnv,
  ) {}

  /** The account, or NOT_FOUND (a malformed id cannot exist, so it is NOT_FOUND too). */
  async get(accountId: string): Promise<Account> {
    const account = isId(accountId) ? await this.em.findOne(Account, { id: accountId }) : null;
    if (!account) throw new NotFound('Account', accountId);
    return account;
  }

  /**
   * Freezes an account and publishes `account.frozen` with the reason, in the same transaction.
   * Freezing a frozen account changes nothing; a CLOSED account cannot be frozen.
   */
  async freeze(accountId: string, rawReason: string, field = 'reason'): Promise<Account> {
    const reason = rawReason.trim();
    if (!reason.length || reason.length > MAX_REASON_LENGTH) {
      throw new BadInput(`The reason must be 1 to ${MAX_REASON_LENGTH} characters`, field);
    }
    const account = await this.em.transactional(async (tx) => {
      const found = await new AccountsService(tx, this.env).get(accountId);
      if (found.status === AccountStatus.CLOSED) throw new Conflict('A closed account cannot be frozen');
      if (found.status === AccountStatus.FROZEN) return found;
      found.status = AccountStatus.FROZEN;
      found.statusReason = reason;
      recordEvent<AccountFrozenData>(
        tx,
        SOURCE,
        AccountEventType.Frozen,
        { accountId, reason },
        this.env.now(),
      );
      return found;
    });
    this.env.eventsCommitted();
    return account;
  }

  /** Makes a frozen account ACTIVE again and publishes `account.unfrozen`; an active one is left as is. */
  async unfreeze(accountId: string): Promise<Account> {
    const account = await this.em.transactional(async (tx) => {
      const found = await new AccountsService(tx, this.env).get(accountId);
      if (found.status !== AccountStatus.FROZEN) return found;
      found.status = AccountStatus.ACTIVE;
      found.statusReason = null;
      recordEvent<AccountUnfrozenData>(tx, SOURCE, AccountEventType.Unfrozen, { accountId }, this.env.now());
      return found;
    });
    this.env.eventsCommitted();
    return account;
  }
}
