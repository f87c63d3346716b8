import { BadInput, Conflict, NotFound } from '../../../platform/errors';
import { isId } from '../../../platform/ids';
import type { Account } from '../store/account.entity';
import type { AccountsStores } from '../store/stores';
import type { AccountsEnv } from './env';
import { releaseAttempts, reserveAttempt, totpRule } from './throttle';
import { acceptableTimeStep, newTotpSecret, otpauthUri } from './totp';

const TOO_MANY_CODES = 'Too many wrong codes; try again later';

/** A TOTP secret to show once, as text and as the URI an authenticator app scans. */
export interface MfaEnrollment {
  secret: string;
  otpauthUri: string;
}

/**
 * Multi-factor authentication with TOTP (RFC 6238). The secret is stored sealed with AES-256-GCM;
 * every accepted code moves the account's last accepted time-step forward, so a code works once.
 * Checks are counted per account, whether they confirm enrolment or verify a payment: past the
 * limit they are RATE_LIMITED without the code being looked at.
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

  /**
   * Turns MFA on with a valid code from the enrolled secret; a wrong code is BAD_USER_INPUT on
   * `code`, and too many wrong codes are RATE_LIMITED.
   */
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

  /**
   * Whether `code` is valid now for an account with MFA on; a code is accepted once. Too many
   * wrong codes are RATE_LIMITED, which crosses the bus to the payment that asked.
   */
  async verify(accountId: string, code: string): Promise<boolean> {
    const account = isId(accountId) ? await this.stores.accounts.withMfaSecret(accountId) : null;
    if (!account) throw new NotFound('Account', accountId);
    if (!account.mfaEnabled || !account.mfaSecretSealed) return false;
    return this.accept(account, code.trim(), {});
  }

  /** Checks a code once an attempt is reserved; a wrong code keeps it, a right one gives it back. */
  private async accept(account: Account, code: string, alsoSet: Partial<Pick<Account, 'mfaEnabled'>>) {
    const now = this.env.now();
    const throttles = this.stores.throttles;
    const reservations = await reserveAttempt(throttles, [totpRule(account.id)], now, TOO_MANY_CODES);
    const secret = this.env.secrets.openMfaSecret(account.mfaSecretSealed ?? '', account.id);
    const step = acceptableTimeStep(code, secret, account.mfaLastStep, now.getTime());
    if (step === null || !(await this.stores.accounts.acceptMfaStep(account.id, step, now, alsoSet))) {
      return false;
    }
    await releaseAttempts(throttles, reservations);
    return true;
  }
}
