import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { Conflict, Unauthenticated } from '../../../platform/errors';
import { AccountEvents } from '../contract';
import { Account, AccountStatus } from '../store/account.entity';
import type { AccountsStores } from '../store/stores';
import { normalizeDisplayName, normalizeEmail } from './email';
import type { AccountsEnv } from './env';
import {
  checkPasswordPolicy,
  dummyPasswordHash,
  hashPassword,
  needsRehash,
  verifyPassword,
} from './passwords';
import { assertNotThrottled, recordSignInFailure, SIGN_IN_LIMITS, type ThrottleKey } from './throttle';

/** A signed-in account and its token. */
export interface Session {
  token: string;
  account: Account;
}

const INVALID_CREDENTIALS = 'Invalid email or password';
const EMAIL_TAKEN = 'An account with this email already exists';

/** Sign-up and sign-in: passwords, the email's uniqueness and the sign-in throttle. */
export class IdentityService {
  constructor(
    private readonly stores: AccountsStores,
    private readonly env: AccountsEnv,
  ) {}

  /** Creates a CUSTOMER account and publishes `account.created`; a taken email is a CONFLICT. */
  async signUp(input: { email: string; password: string; displayName: string }): Promise<Session> {
    const email = normalizeEmail(input.email);
    const displayName = normalizeDisplayName(input.displayName);
    checkPasswordPolicy(input.password);
    if (await this.stores.accounts.emailTaken(email)) throw new Conflict(EMAIL_TAKEN, 'input.email');
    const account = new Account(email, displayName, await hashPassword(input.password, this.env.scrypt));
    account.createdAt = account.updatedAt = this.env.now();
    try {
      await this.stores.transaction(async (tx) => {
        tx.accounts.add(account);
        tx.record(AccountEvents.created, { accountId: account.id }, this.env.now());
      });
    } catch (error) {
      // Two sign-ups with one email at once: the unique index lets one through.
      if (error instanceof UniqueConstraintViolationException) throw new Conflict(EMAIL_TAKEN, 'input.email');
      throw error;
    }
    this.env.eventsCommitted();
    return { token: await this.env.tokens.signAccount(account.id, account.roles), account };
  }

  /**
   * Checks an email and password. A wrong password and an unknown email read the same and take
   * the same time (an unknown email is checked against a dummy hash); repeated failures per email
   * and per client address are RATE_LIMITED, and a success clears the email's counter and brings
   * an old hash up to the current cost.
   */
  async signIn(input: { email: string; password: string }, clientAddress?: string): Promise<Session> {
    const email = normalizeEmail(input.email);
    const emailKey = `email:${this.env.secrets.throttleKey(email)}`;
    const keys: ThrottleKey[] = [{ key: emailKey, limit: SIGN_IN_LIMITS.perEmail }];
    if (clientAddress) {
      keys.push({
        key: `ip:${this.env.secrets.throttleKey(clientAddress)}`,
        limit: SIGN_IN_LIMITS.perAddress,
      });
    }
    const now = this.env.now();
    const throttles = this.stores.throttles;
    await assertNotThrottled(throttles, keys, now);
    const account = await this.stores.accounts.byEmail(email, { withPasswordHash: true });
    const stored = account?.passwordHash ?? (await dummyPasswordHash(this.env.scrypt));
    const valid = await verifyPassword(input.password, stored);
    if (!account || !valid || account.status === AccountStatus.CLOSED) {
      await recordSignInFailure(throttles, keys, now);
      throw new Unauthenticated(INVALID_CREDENTIALS);
    }
    await throttles.clear(emailKey);
    if (needsRehash(stored, this.env.scrypt)) {
      const upgraded = await hashPassword(input.password, this.env.scrypt);
      await this.stores.accounts.replacePasswordHash(account.id, stored, upgraded, now);
    }
    return { token: await this.env.tokens.signAccount(account.id, account.roles), account };
  }
}
