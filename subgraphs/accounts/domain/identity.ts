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
import { releaseAttempts, reserveAttempt, signInRules } from './throttle';

/** A signed-in account and its token. */
export interface Session {
  token: string;
  account: Account;
}

const INVALID_CREDENTIALS = 'Invalid email or password';
const EMAIL_TAKEN = 'An account with this email already exists';
const TOO_MANY_SIGN_INS = 'Too many failed sign-in attempts; try again later';

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
    const now = this.env.now();
    account.createdAt = account.updatedAt = now;
    try {
      await this.stores.transaction(async (tx) => {
        tx.accounts.add(account);
        tx.record(AccountEvents.created, { accountId: account.id }, now);
      });
    } catch (error) {
      // Two sign-ups with one email at once: the unique index lets one through.
      if (error instanceof UniqueConstraintViolationException) throw new Conflict(EMAIL_TAKEN, 'input.email');
      throw error;
    }
    this.env.eventsCommitted();
    return { token: await this.env.tokens.signAccount(account.id, account.roles, now), account };
  }

  /**
   * Checks an email and password. An attempt is counted against the (email, address) pair, the
   * address and the email before the password is checked, so parallel guesses check no more than
   * the limits allow; past a limit it is RATE_LIMITED unchecked. A wrong password and an unknown
   * email read the same and take the same time (a dummy hash is checked). A success clears the
   * pair's count and gives back its attempt on the others, and brings an old hash up to the
   * current cost.
   */
  async signIn(input: { email: string; password: string }, clientAddress?: string): Promise<Session> {
    const email = normalizeEmail(input.email);
    const now = this.env.now();
    const throttles = this.stores.throttles;
    const rules = signInRules(this.env.secrets, email, clientAddress);
    const [pair, ...others] = await reserveAttempt(throttles, rules, now, TOO_MANY_SIGN_INS);
    const account = await this.stores.accounts.byEmail(email, { withPasswordHash: true });
    const stored = account?.passwordHash ?? (await dummyPasswordHash(this.env.scrypt));
    const valid = await verifyPassword(input.password, stored);
    // A failure keeps its reserved attempts: they are what counts it.
    if (!account || !valid || account.status === AccountStatus.CLOSED) {
      throw new Unauthenticated(INVALID_CREDENTIALS);
    }
    await throttles.clear(pair.key);
    await releaseAttempts(throttles, others);
    if (needsRehash(stored, this.env.scrypt)) {
      const upgraded = await hashPassword(input.password, this.env.scrypt);
      await this.stores.accounts.replacePasswordHash(account.id, stored, upgraded, now);
    }
    return { token: await this.env.tokens.signAccount(account.id, account.roles, now), account };
  }
}
