import type { Revocation } from '../../../platform/auth';
import { AccountEvents } from '../contract';
import type { AccountsStores } from '../store/stores';

/**
 * Refuses every token of the account issued before `now`, inside the caller's transaction: the
 * change and its `account.tokens_revoked` event commit together. Returns the revocation, for the
 * caller to apply to its own process's list once committed.
 */
export async function revokeTokensOf(tx: AccountsStores, accountId: string, now: Date): Promise<Revocation> {
  const revocation = { accountId, validAfter: now.toISOString() };
  await tx.revocations.revokeTokensOf(accountId, now);
  tx.record(AccountEvents.tokensRevoked, revocation, now);
  return revocation;
}
