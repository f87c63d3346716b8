import { ScopedAccess, type ConsentLookup, type PartnerScope, type Viewer } from '../../../platform/auth';
import { Unauthenticated } from '../../../platform/errors';
import type { Payment } from '../store/payment.entity';

/**
 * Who may read payments: the platform's rule with the `payments:read` scope for an account's
 * payments (the account, an ANALYST, a partner holding and granted `payments:read`), and for one
 * payment its payee as well. Anything else reads as NOT_FOUND.
 */
export class AccessPolicy extends ScopedAccess {
  /** `scope`: what a partner must hold and have been granted (`events:subscribe` for subscriptions). */
  constructor(viewer: Viewer, consent: ConsentLookup, scope: PartnerScope = 'payments:read') {
    super(viewer, scope, consent);
  }

  /** Signed-out callers read no payments at all. */
  requireSignedIn(): void {
    if (this.viewer.kind === 'anonymous') throw new Unauthenticated();
  }

  async canReadPayment(payment: Payment): Promise<boolean> {
    if (this.viewer.kind === 'account' && this.viewer.accountId === payment.destinationAccountId) return true;
    return this.canReadAccount(payment.accountId);
  }
}
