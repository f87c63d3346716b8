import type { EntityManager } from '@mikro-orm/core';
import type { UnitOfWork } from '../../../platform/database/unit';
import type { Revocation } from '../../../platform/auth';
import { Account } from './account.entity';
import { RevokedToken } from './revoked-token.entity';

/** Revoked tokens and each account's "tokens valid after" instant. */
export class RevocationStore {
  constructor(private readonly unit: UnitOfWork) {}

  private get em(): EntityManager {
    return this.unit.em;
  }

  /** Records a signed-out token (again is harmless) and forgets those that have expired since. */
  async revokeToken(
    fields: { tokenId: string; accountId: string; expiresAt: Date },
    now: Date,
  ): Promise<void> {
    await this.em.upsert(RevokedToken, { ...fields, revokedAt: now });
    await this.em.nativeDelete(RevokedToken, { expiresAt: { $lte: now } });
  }

  /** Refuses every token of the account issued before `validAfter`. */
  async revokeTokensOf(accountId: string, validAfter: Date): Promise<void> {
    await this.em.nativeUpdate(Account, { id: accountId }, { tokensValidAfter: validAfter });
  }

  /**
   * The revocations that can still refuse a live token: tokens not yet expired, and accounts'
   * instants later than `oldestLive` (the issue time of the oldest token still alive).
   */
  async inForce(now: Date, oldestLive: Date): Promise<Revocation[]> {
    const tokens = await this.em.find(RevokedToken, { expiresAt: { $gt: now } });
    const accounts = await this.em.find(
      Account,
      { tokensValidAfter: { $gt: oldestLive } },
      { fields: ['id', 'tokensValidAfter'] },
    );
    return [
      ...tokens.map(({ tokenId, accountId, expiresAt }) => ({
        accountId,
        tokenId,
        expiresAt: expiresAt.toISOString(),
      })),
      ...accounts.flatMap(({ id, tokensValidAfter }) =>
        tokensValidAfter ? [{ accountId: id, validAfter: tokensValidAfter.toISOString() }] : [],
      ),
    ];
  }
}
