import { BadInput, NotFound } from '../../../platform/errors';
import { isId } from '../../../platform/ids';
import type { PageRequest } from '../../../platform/graphql/connections';
import type { Payment } from '../store/payment.entity';
import type { PaymentFilter, PaymentStore } from '../store/payment-store';
import type { AccessPolicy } from './access';
import type { WalletFacts } from './wallet-directory';

/** Per-request lookups (cached: one query per batch of payments). */
export interface PaymentLookups {
  payment(paymentId: string): Promise<Payment | null>;
}

/** Where a wallet's owner is learned: its facts never change, so they are remembered (WalletDirectory). */
export interface WalletOwners {
  lookup(walletId: string): Promise<WalletFacts>;
}

/** Reading payments: one by id, a federated reference, a wallet's page; each behind the access rule. */
export class PaymentQueries {
  constructor(
    private readonly store: PaymentStore,
    private readonly wallets: WalletOwners,
  ) {}

  /** One payment, or NOT_FOUND when it is missing or not the caller's to see. */
  async payment(access: AccessPolicy, paymentId: string, lookups: PaymentLookups): Promise<Payment> {
    access.requireSignedIn();
    const payment = isId(paymentId) ? await lookups.payment(paymentId) : null;
    if (!payment || !(await access.canReadPayment(payment))) throw new NotFound('Payment', paymentId);
    return payment;
  }

  /** A payment resolved as a federated reference: null, not an error, when the caller may not see it. */
  async reference(access: AccessPolicy, paymentId: string, lookups: PaymentLookups): Promise<Payment | null> {
    if (!isId(paymentId)) return null;
    try {
      access.requireSignedIn();
    } catch {
      return null;
    }
    const payment = await lookups.payment(paymentId);
    return payment && (await access.canReadPayment(payment)) ? payment : null;
  }

  /** A page of a wallet's payments, newest first, after checking the caller may read them. */
  async walletPayments(
    access: AccessPolicy,
    walletId: string,
    filter: PaymentFilter,
    page: PageRequest,
  ): Promise<Payment[]> {
    access.requireSignedIn();
    if (!isId(walletId)) throw new NotFound('Wallet', walletId);
    const wallet = await this.wallets.lookup(walletId);
    if (!(await access.canReadAccount(wallet.accountId))) throw new NotFound('Wallet', walletId);
    if (filter.from && filter.to && filter.from >= filter.to) {
      throw new BadInput('`from` must be before `to`', 'filter.from');
    }
    return this.store.listForWallet(walletId, filter, cursorOf(page.after), page.first + 1);
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
