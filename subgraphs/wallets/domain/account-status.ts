import type { EntityManager } from '@mikro-orm/core';
import { AccountStatus, LedgerAccount, type AccountStatusValue } from '../entities';

/**
 * Records an account's status as accounts announced it and carries it to the account's
 * wallets: a freeze freezes every ACTIVE wallet, an unfreeze reactivates the FROZEN ones
 * (a CLOSED wallet stays closed). `changedAt` is when accounts made the change: events can
 * arrive out of order, and an announcement older than the one already applied changes nothing.
 */
export async function applyAccountStatus(
  em: EntityManager,
  accountId: string,
  status: Exclude<AccountStatusValue, 'CLOSED'>,
  changedAt: Date,
): Promise<boolean> {
  const known = await em.findOne(AccountStatus, { accountId });
  if (known && known.updatedAt.getTime() > changedAt.getTime()) return false;
  await em.upsert(AccountStatus, { accountId, status, updatedAt: changedAt });
  const [from, to] = status === 'FROZEN' ? (['ACTIVE', 'FROZEN'] as const) : (['FROZEN', 'ACTIVE'] as const);
  await em.nativeUpdate(LedgerAccount, { accountId, kind: 'WALLET', status: from }, { status: to });
  return true;
}

/** The status wallets last learned for an account; ACTIVE when it never heard otherwise. */
export async function knownAccountStatus(em: EntityManager, accountId: string): Promise<AccountStatusValue> {
  const known = await em.findOne(AccountStatus, { accountId });
  return known?.status ?? 'ACTIVE';
}
