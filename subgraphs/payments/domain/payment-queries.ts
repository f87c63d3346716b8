import { isAnalyst, type Viewer } from '../../../platform/auth';
import { BadInput, NotFound, Unauthenticated } from '../../../platform/errors';
import { isId } from '../../../platform/ids';
import type { PageRequest } from '../../../platform/graphql/connections';
import type { Payment } from '../entities/payment.entity';
import type { WalletInfo } from '../events';
import type { PaymentFilter, PaymentStore } from './payment-store';

/** The scope a partner app needs, and the account holder's consent to it, to read payments. */
export const PAYMENTS_READ = 'payments:read';

/** Per-request lookups (cached: one bus call per wallet or account per request). */
export interface AccessLookups {
  wallet(walletId: string): Promise<WalletInfo>;
  /** The scopes an account holder granted to a partner app (empty: no consent). */
  partnerScopes(partnerAppId: string, accountId: string): Promise<string[]>;
  payment(paymentId: string): Promise<Payment | null>;
}

/**
 * Who may read which payments: a payment is visible to its payer, its payee and analysts (and
 * to a partner app the payer consented to); a wallet's payments to the wallet's owner, analysts
 * and consented partners. Anything else reads as NOT_FOUND.
 */
export class PaymentQueries {
  constructor(private readonly store: PaymentStore) {}

  /** One payment, or NOT_FOUND when it is missing or not the caller's to see. */
  async payment(viewer: Viewer, paymentId: string, lookups: AccessLookups): Promise<Payment> {
    if (viewer.kind === 'anonymous') throw new Unauthenticated();
    const payment = isId(paymentId) ? await lookups.payment(paymentId) : null;
    if (!payment || !(await this.canSee(viewer, payment, lookups))) throw new NotFound('Payment', paymentId);
    return payment;
  }

  /** A payment resolved as a federated reference: null, not an error, when the caller may not see it. */
  async reference(viewer: Viewer, paymentId: string, lookups: AccessLookups): Promise<Payment | null> {
    if (viewer.kind === 'anonymous' || !isId(paymentId)) return null;
    const payment = await lookups.payment(paymentId);
    return payment && (await this.canSee(viewer, payment, lookups)) ? payment : null;
  }

  /** A page of a wallet's payments, newest first, after checking the caller may read them. */
  async walletPayments(
    viewer: Viewer,
    walletId: string,
    filter: PaymentFilter,
    page: PageRequest,
    lookups: AccessLookups,
  ): Promise<Payment[]> {
    if (viewer.kind === 'anonymous') throw new Unauthenticated();
    if (!isId(walletId)) throw new NotFound('Wallet', walletId);
    const wallet = await lookups.wallet(walletId);
    if (!(await this.canRead(viewer, wallet.accountId, lookups))) throw new NotFound('Wallet', walletId);
    if (filter.from && filter.to && filter.from >= filter.to) {
      throw new BadInput('`from` must be before `to`', 'filter.from');
    }
    return this.store.listForWallet(walletId, filter, cursorOf(page.after), page.first + 1);
  }

  private async canSee(viewer: Viewer, payment: Payment, lookups: AccessLookups): Promise<boolean> {
    if (viewer.kind === 'account' && viewer.accountId === payment.destinationAccountId) return true;
    return this.canRead(viewer, payment.accountId, lookups);
  }

  /** Whether the viewer may read the payments of `accountId`. */
  private async canRead(viewer: Viewer, accountId: string, lookups: AccessLookups): Promise<boolean> {
    if (viewer.kind === 'account') return viewer.accountId === accountId || isAnalyst(viewer);
    if (viewer.kind === 'partner') {
      if (!viewer.scopes.includes(PAYMENTS_READ)) return false;
      return (await lookups.partnerScopes(viewer.partnerAppId, accountId)).includes(PAYMENTS_READ);
    }
    return false;
  }
}

/** The sort key a cursor carries: [createdAt in ms, id]. */
export function paymentCursor(payment: Payment): unknown[] {
  return [payment.createdAt.getTime(), payment.id];
}

function cursorOf(after: unknown[] | undefined): { createdAt: Date; id: string } | undefined {
  if (!after) return undefined;
  const [ms, id] = after;
  if (typeof ms !== 'number' || !Number.isFinite(ms) || typeof id !== 'string' || !isId(id)) {
    throw new BadInput('Not a cursor from this connection', 'after');
  }
  return { createdAt: new Date(ms), id };
}
