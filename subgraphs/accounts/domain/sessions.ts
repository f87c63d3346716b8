import type { Revocation, VerifiedToken } from '../../../platform/auth';
import { BadInput, Conflict, NotFound } from '../../../platform/errors';
import { AccountEvents } from '../contract';
import type { AccountsStores } from '../store/stores';
import type { AccountsEnv } from './env';
import type { Session } from './identity';
import { checkPasswordPolicy, hashPassword, verifyPassword } from './passwords';
import { revokeTokensOf } from './revocation';
import { releaseAttempts, reserveAttempt, SIGN_IN_LIMITS } from './throttle';

const TOO_MANY_PASSWORDS = 'Too many wrong passwords; try again later';

/**
 * Ending sessions: signing out one token or every token of an account, and changing the
 * password, which ends every earlier session. Each revocation is stored and published in one
 * transaction and applied to this process's list at once; other processes follow the event.
 */
export class SessionsService {
  constructor(
    private readonly stores: AccountsStores,
    private readonly env: AccountsEnv,
  ) {}

  /** Revokes the one token the request came with, until it expires. */
  async signOut(accountId: string, token: VerifiedToken): Promise<void> {
    const now = this.env.now();
    const revocation = { accountId, tokenId: token.tokenId, expiresAt: token.expiresAt.toISOString() };
    await this.stores.transaction(async (tx) => {
      await tx.revocations.revokeToken(
        { accountId, tokenId: token.tokenId, expiresAt: token.expiresAt },
        now,
      );
      tx.record(AccountEvents.tokensRevoked, revocation, now);
    });
    this.committed(revocation);
  }

  /** Revokes every token of the account issued until now. */
  async signOutEverywhere(accountId: string): Promise<void> {
    const now = this.env.now();
    this.committed(await this.stores.transaction((tx) => revokeTokensOf(tx, accountId, now)));
  }

  /**
   * Replaces the password after checking the current one (a wrong one is BAD_USER_INPUT on
   * `input.currentPassword`, and counts against the account like a failed sign-in), revokes every
   * earlier token and returns a fresh session. The new password must pass the password policy.
   */
  async changePassword(
    accountId: string,
    input: { currentPassword: string; newPassword: string },
  ): Promise<Session> {
    checkPasswordPolicy(input.newPassword, 'input.newPassword');
    const now = this.env.now();
    const throttles = this.stores.throttles;
    const rule = {
      key: `password:${accountId}`,
      limit: SIGN_IN_LIMITS.perEmailAndAddress,
      windowMs: SIGN_IN_LIMITS.windowMs,
    };
    const reservations = await reserveAttempt(throttles, [rule], now, TOO_MANY_PASSWORDS);
    const account = await this.stores.accounts.withPasswordHash(accountId);
    if (!account) throw new NotFound('Account', accountId);
    const current = account.passwordHash;
    if (!(await verifyPassword(input.currentPassword, current))) {
      throw new BadInput('The current password is not right', 'input.currentPassword');
    }
    await releaseAttempts(throttles, reservations);
    const replacement = await hashPassword(input.newPassword, this.env.scrypt);
    const revocation = await this.stores.transaction(async (tx) => {
      if (!(await tx.accounts.replacePasswordHash(accountId, current, replacement, now))) {
        throw new Conflict('The password was changed meanwhile; try again', 'input.currentPassword');
      }
      return revokeTokensOf(tx, accountId, now);
    });
    this.committed(revocation);
    // Issued at the revocation's instant: the one token it does not refuse.
    return { token: await this.env.tokens.signAccount(accountId, account.roles, now), account };
  }

  /** The revocations that can still refuse a live token, for a process starting up. */
  inForce(): Promise<Revocation[]> {
    const now = this.env.now();
    const oldestLive = new Date(now.getTime() - this.env.tokens.ttlSeconds * 1000);
    return this.stores.revocations.inForce(now, oldestLive);
  }

  private committed(revocation: Revocation): void {
    this.env.revocations.apply(revocation);
    this.env.eventsCommitted();
  }
}
