import type { EntityManager } from '@mikro-orm/core';
import { BadInput, Conflict, NotFound } from '../../../platform/errors';
import { isId } from '../../../platform/ids';
import { Account } from '../entities';
import type { AccountsEnv } from './env';
import { acceptableTimeStep, newTotpSecret, otpauthUri } from './totp';

/** A TOTP secret to show once, as text and as the URI an authenticator app scans. */
export interface MfaEnrollment {
  secret: string;
  otpauthUri: string;
}

/**
 * Multi-factor authentication with TOTP (RFC 6238). The secret is stored sealed with AES-256-GCM;
 * every accepted code moves the account's last accepted time-step forward, so a code works once.
 */
export class MfaService {
  constructor(
    private readonly em: EntityManager,
    private readonly env: AccountsEnv,
  ) {}

  /** Starts enrolment with a new secret; it is in force once `confirm` sees a valid code. */
  async enable(accountId: string): Promise<MfaEnrollment> {
    const account = await this.em.findOne(Account, { id: accountId });
    if (!account) throw new NotFound('Account', accountId);
    if (account.mfaEnabled) throw new Conflict('MFA is already enabled');
    const secret = newTotpSecret();
    account.mfaSecretSealed = this.env.secrets.sealMfaSecret(secret, account.id);
    account.mfaLastStep = null;
    await this.em.flush();
    return { secret, otpauthUri: otpauthUri(account.email, secret) };
  }

  /** Turns MFA on with a valid code from the enrolled secret; a wrong code is BAD_USER_INPUT on `code`. */
  async confirm(accountId: string, code: string): Promise<Account> {
    const account = await this.em.findOne(Account, { id: accountId }, { populate: ['mfaSecretSealed'] });
    if (!account) throw new NotFound('Account', accountId);
    if (!account.mfaSecretSealed) throw new Conflict('Call enableMfa before confirming it');
    if (!(await this.accept(account, code.trim(), { mfaEnabled: true }))) {
      throw new BadInput('The code is not valid', 'code');
    }
    await this.em.refresh(account);
    return account;
  }

  /** Whether `code` is valid now for an account with MFA on; a code is accepted once. */
  async verify(accountId: string, code: string): Promise<boolean> {
    const account = isId(accountId)
      ? await this.em.findOne(Account, { id: accountId }, { populate: ['mfaSecretSealed'] })
      : null;
    if (!account) throw new NotFound('Account', accountId);
    if (!account.mfaEnabled || !account.mfaSecretSealed) return false;
    return this.accept(account, code.trim(), {});
  }

  private async accept(account: Account, code: string, alsoSet: Partial<Pick<Account, 'mfaEnabled'>>) {
    const secret = this.env.secrets.openMfaSecret(account.mfaSecretSealed ?? '', account.id);
    const now = this.env.now();
    const step = acceptableTimeStep(code, secret, account.mfaLastStep, now.getTime());
    if (step === null) return false;
    // The step only moves forward, checked in the UPDATE itself: of two requests with the same
    // code at once, exactly one wins.
    const updated = await this.em.nativeUpdate(
      Account,
      { id: account.id, $or: [{ mfaLastStep: null }, { mfaLastStep: { $lt: step } }] },
      { mfaLastStep: step, updatedAt: now, ...alsoSet },
    );
    return updated === 1;
  }
}
