import type { EntityManager } from '@mikro-orm/core';
import { AccountStatus, LedgerAccount, type AccountStatusValue } from '../entities';

/**
 * Records an account's status as accounts announced it and carries it to the account's
 * wallets: a freeze freezes every ACTIVE wallet, an unfreeze reactivates the FROZEN ones
 * (a CLOSED wallet stays closed).
 */
export async function applyAccountStatus(
  em: EntityManager,
  accountId: string,
  status: Exclude<AccountStatusValue, 'CLOSED'>,
  now: Date,
): Promise<void> {
  await em.upsert(AccountStatus, { accountId, status, updatedAt: now });
  const [from, to] = status === 'FROZEN' ? (['ACTIVE', 'FROZEN'] as const) : (['FROZEN', 'ACTIVE'] as const);
  await em.nativeUpdate(LedgerAccount, { accountId, kind: 'WALLET', status: from }, { status: to });
}

/** The status wallets last learned for an account; ACTIVE when it never heard otherwise. */
export async function knownAccountStatus(em: EntityManager, accountId: string): Promise<AccountStatusValue> {
  const known = await em.findOne(AccountStatus, { accountId });
  return known?.status ?? 'ACTIVE';
}
