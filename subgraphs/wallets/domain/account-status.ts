import type { AccountStatus } from '../../accounts/contract';
import type { WalletStore } from '../store/wallet-store';

/**
 * Records an account's status as accounts announced it and carries it to the account's
 * wallets: a freeze freezes every ACTIVE wallet, an unfreeze reactivates the FROZEN ones
 * (a CLOSED wallet stays closed). `changedAt` is when accounts made the change: events can
 * arrive out of order, and an announcement older than the one already applied changes nothing.
 */
export async function applyAccountStatus(
  store: WalletStore,
  accountId: string,
  status: Exclude<AccountStatus, 'CLOSED'>,
  changedAt: Date,
): Promise<boolean> {
  const known = await store.knownStatus(accountId);
  if (known && known.updatedAt.getTime() > changedAt.getTime()) return false;
  await store.setKnownStatus({ accountId, status, updatedAt: changedAt });
  const [from, to] = status === 'FROZEN' ? (['ACTIVE', 'FROZEN'] as const) : (['FROZEN', 'ACTIVE'] as const);
  await store.setWalletStatuses(accountId, from, to);
  return true;
}

/** The status wallets last learned for an account; ACTIVE when it never heard otherwise. */
export async function knownAccountStatus(store: WalletStore, accountId: string): Promise<AccountStatus> {
  return (await store.knownStatus(accountId))?.status ?? 'ACTIVE';
}
