import { BadInput, Conflict, NotFound } from '../../../platform/errors';
import { isId } from '../../../platform/ids';
import type { Account } from '../store/account.entity';
import type { AccountsStores } from '../store/stores';
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
    private readonly stores: AccountsStores,
    private readonly env: AccountsEnv,
  ) {}

  /** Starts enrolment with a new secret; it is in force once `confirm` sees a valid code. */
  async enable(accountId: string): Promise<MfaEnrollment> {
    const account = await this.stores.accounts.get(accountId);
    if (!account) throw new NotFound('Account', accountId);
    if (account.mfaEnabled) throw new Conflict('MFA is already enabled');
    const secret = newTotpSecret();
    account.mfaSecretSealed = this.env.secrets.sealMfaSecret(secret, account.id);
    account.mfaLastStep = null;
    await this.stores.flush();
    return { secret, otpauthUri: otpauthUri(account.email, secret) };
  }

  /** Turns MFA on with a valid code from the enrolled secret; a wrong code is BAD_USER_INPUT on `code`. */
  async confirm(accountId: string, code: string): Promise<Account> {
    const account = await this.stores.accounts.withMfaSecret(accountId);
    if (!account) throw new NotFound('Account', accountId);
    if (!account.mfaSecretSealed) throw new Conflict('Call enableMfa before confirming it');
    if (!(await this.accept(account, code.trim(), { mfaEnabled: true }))) {
      throw new BadInput('The code is not valid', 'code');
    }
    await this.stores.accounts.refresh(account);
    return account;
  }

  /** Whether `code` is valid now for an account with MFA on; a code is accepted once. */
  async verify(accountId: string, code: string): Promise<boolean> {
    const account = isId(accountId) ? await this.stores.accounts.withMfaSecret(accountId) : null;
    if (!account) throw new NotFound('Account', accountId);
    if (!account.mfaEnabled || !account.mfaSecretSealed) return false;
    return this.accept(account, code.trim(), {});
  }

  private async accept(account: Account, code: string, alsoSet: Partial<Pick<Account, 'mfaEnabled'>>) {
    const secret = this.env.secrets.openMfaSecret(account.mfaSecretSealed ?? '', account.id);
    const now = this.env.now();
    const step = acceptableTimeStep(code, secret, account.mfaLastStep, now.getTime());
    if (step === null) return false;
    return this.stores.accounts.acceptMfaStep(account.id, step, now, alsoSet);
  }
}
