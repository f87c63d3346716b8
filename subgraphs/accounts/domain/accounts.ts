import { BadInput, Conflict, NotFound } from '../../../platform/errors';
import { isId } from '../../../platform/ids';
import { AccountEvents, type AccountStanding } from '../contract';
import { AccountStatus, type Account } from '../store/account.entity';
import type { AccountsStores } from '../store/stores';
import type { AccountsEnv } from './env';
import { revokeTokensOf } from './revocation';

const MAX_REASON_LENGTH = 500;

/** Reads accounts and changes their status (freeze, unfreeze), publishing each change. */
export class AccountsService {
  constructor(
    private readonly stores: AccountsStores,
    private readonly env: AccountsEnv,
  ) {}

  /** The account, or NOT_FOUND (a malformed id cannot exist, so it is NOT_FOUND too). */
  async get(accountId: string): Promise<Account> {
    const account = isId(accountId) ? await this.stores.accounts.get(accountId) : null;
    if (!account) throw new NotFound('Account', accountId);
    return account;
  }

  /** What other services ask before money moves: status, MFA and roles, read afresh; NOT_FOUND when unknown. */
  async standing(accountId: string): Promise<AccountStanding> {
    const standing = isId(accountId) ? await this.stores.accounts.standing(accountId) : null;
    if (!standing) throw new NotFound('Account', accountId);
    return standing;
  }

  /**
   * Freezes an account and publishes `account.frozen` with the reason, in the same transaction,
   * and revokes every token issued to it so far (it signs in again to read).
   * Freezing a frozen account changes nothing; a CLOSED account cannot be frozen.
   */
  async freeze(accountId: string, rawReason: string, field = 'reason'): Promise<Account> {
    const reason = rawReason.trim();
    if (!reason.length || reason.length > MAX_REASON_LENGTH) {
      throw new BadInput(`The reason must be 1 to ${MAX_REASON_LENGTH} characters`, field);
    }
    const now = this.env.now();
    const { account, revocation } = await this.stores.transaction(async (tx) => {
      const found = await new AccountsService(tx, this.env).get(accountId);
      if (found.status === AccountStatus.CLOSED) throw new Conflict('A closed account cannot be frozen');
      if (found.status === AccountStatus.FROZEN) return { account: found };
      found.status = AccountStatus.FROZEN;
      found.statusReason = reason;
      tx.record(AccountEvents.frozen, { accountId, reason }, now);
      return { account: found, revocation: await revokeTokensOf(tx, accountId, now) };
    });
    if (revocation) this.env.revocations.apply(revocation);
    this.env.eventsCommitted();
    return account;
  }

  /** Makes a frozen account ACTIVE again and publishes `account.unfrozen`; an active one is left as is. */
  async unfreeze(accountId: string): Promise<Account> {
    const account = await this.stores.transaction(async (tx) => {
      const found = await new AccountsService(tx, this.env).get(accountId);
      if (found.status !== AccountStatus.FROZEN) return found;
      found.status = AccountStatus.ACTIVE;
      found.statusReason = null;
      tx.record(AccountEvents.unfrozen, { accountId }, this.env.now());
      return found;
    });
    this.env.eventsCommitted();
    return account;
  }
}
