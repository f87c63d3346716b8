import { AccountEvents } from '../contract';
import { Account } from '../store/account.entity';
import type { AccountsStores } from '../store/stores';
import { normalizeDisplayName, normalizeEmail } from './email';
import { checkPasswordPolicy, hashPassword, type ScryptParams } from './passwords';
import { revokeTokensOf } from './revocation';

/** What creating an analyst did: a new account, or the ANALYST role added to an existing one. */
export interface AnalystOutcome {
  accountId: string;
  email: string;
  created: boolean;
  /** False when the account already was an ANALYST. */
  roleAdded: boolean;
}

/**
 * Makes `email` an ANALYST: an existing account gains the role (its password is left alone) and
 * its earlier tokens, which carry the old roles, are revoked; otherwise a new account is created
 * with the password, which must pass the password policy.
 */
export async function makeAnalyst(
  stores: AccountsStores,
  input: { email: string; password?: string; displayName?: string },
  scrypt: ScryptParams,
  now: Date = new Date(),
): Promise<AnalystOutcome> {
  const email = normalizeEmail(input.email, 'email');
  const existing = await stores.accounts.byEmail(email);
  if (existing) {
    const roleAdded = !existing.roles.includes('ANALYST');
    if (roleAdded) {
      await stores.transaction(async (tx) => {
        await tx.accounts.setRoles(existing.id, [...existing.roles, 'ANALYST'], now);
        await revokeTokensOf(tx, existing.id, now);
      });
    }
    return { accountId: existing.id, email, created: false, roleAdded };
  }
  const password = input.password ?? '';
  checkPasswordPolicy(password, 'password');
  const displayName = normalizeDisplayName(input.displayName ?? email.split('@')[0], 'displayName');
  const account = new Account(email, displayName, await hashPassword(password, scrypt));
  account.roles = ['CUSTOMER', 'ANALYST'];
  account.createdAt = account.updatedAt = now;
  await stores.transaction(async (tx) => {
    tx.accounts.add(account);
    tx.record(AccountEvents.created, { accountId: account.id }, now);
  });
  return { accountId: account.id, email, created: true, roleAdded: true };
}
