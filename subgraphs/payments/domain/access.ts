import { mayReadAccount, type ConsentLookup, type Viewer } from '../../../platform/auth';
import { Unauthenticated } from '../../../platform/errors';
import type { Payment } from '../store/payment.entity';

/**
 * Who may read payments: the platform's rule with the `payments:read` scope for an account's
 * payments (the account, an ANALYST, a partner holding and granted `payments:read`), and for one
 * payment its payee as well. Anything else reads as NOT_FOUND.
 */
export class AccessPolicy {
  constructor(
    private readonly viewer: Viewer,
    private readonly consent: ConsentLookup,
  ) {}

  /** Signed-out callers read no payments at all. */
  requireSignedIn(): void {
    if (this.viewer.kind === 'anonymous') throw new Unauthenticated();
  }

  canReadAccount(accountId: string): Promise<boolean> {
    return mayReadAccount(this.viewer, accountId, 'payments:read', this.consent);
  }

  async canReadPayment(payment: Payment): Promise<boolean> {
    if (this.viewer.kind === 'account' && this.viewer.accountId === payment.destinationAccountId) return true;
    return this.canReadAccount(payment.accountId);
  }
}
