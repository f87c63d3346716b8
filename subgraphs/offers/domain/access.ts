import { ScopedAccess, type ConsentLookup, type Viewer } from '../../../platform/auth';

/**
 * Who may see an account's offers, rewards, spending and budgets: the platform's rule with the
 * `accounts:read` scope (the account itself, an ANALYST, or a partner app the account granted
 * `accounts:read`). Everyone else sees nothing, as if there were nothing.
 */
export class AccessPolicy extends ScopedAccess {
  constructor(viewer: Viewer, consent: ConsentLookup) {
    super(viewer, 'accounts:read', consent);
  }

  /** The signed-in account's id, if the caller is one. */
  get accountId(): string | undefined {
    return this.viewer.kind === 'account' ? this.viewer.accountId : undefined;
  }
}

/** Who may see what a payment earned: the payment rule, with the `payments:read` scope for partner apps. */
export class PaymentAccessPolicy extends ScopedAccess {
  constructor(viewer: Viewer, consent: ConsentLookup) {
    super(viewer, 'payments:read', consent);
  }
}
