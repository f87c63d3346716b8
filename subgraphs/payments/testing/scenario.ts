import type { Viewer } from '../../../platform/auth';
import { AppError } from '../../../platform/errors';
import { Payment } from '../store/payment.entity';
import { money, startPaymentsDomain, type PaymentsDomain } from './harness';

/** A customer's viewer, as its token would give it. */
export const customer = (accountId: string): Viewer => ({ kind: 'account', accountId, roles: ['CUSTOMER'] });

let keyCounter = 0;
/** A fresh idempotency key. */
export const key = () => `key-${++keyCounter}`;

/** The code and field of the AppError a call fails with (and a failure when it does not). */
export async function codeOf(promise: Promise<unknown>): Promise<{ code: string; field?: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, field: error.field };
    throw error;
  }
  throw new Error('expected an error');
}

/** How many payments are stored. */
export function paymentCount(domain: PaymentsDomain): Promise<number> {
  return domain.database.fork().count(Payment, {});
}

/** The domain and, fresh for each test, Alice with 500.00 EUR and Bob with an empty EUR wallet. */
export interface Scenario {
  domain: PaymentsDomain;
  alice: string;
  bob: string;
  aliceEur: string;
  bobEur: string;
  /** Alice sends `amount` from her wallet (to Bob's unless told). */
  transfer(
    amount: string,
    options?: { from?: string; to?: string; key?: string; note?: string },
  ): Promise<Payment>;
}

/** Starts the payments domain for a test file and prepares the customers before each test. */
export function usePaymentsScenario(options: Parameters<typeof startPaymentsDomain>[0] = {}): Scenario {
  const scenario = {} as Scenario;
  beforeAll(async () => {
    scenario.domain = await startPaymentsDomain(options);
  });
  afterAll(() => scenario.domain?.close());
  beforeEach(() => {
    const { bank } = scenario.domain;
    scenario.alice = bank.addAccount();
    scenario.bob = bank.addAccount();
    scenario.aliceEur = bank.addWallet(scenario.alice, 'EUR', 50_000n);
    scenario.bobEur = bank.addWallet(scenario.bob, 'EUR', 0n);
  });
  scenario.transfer = (amount, o = {}) =>
    scenario.domain.service.transfer(customer(scenario.alice), {
      fromWalletId: o.from ?? scenario.aliceEur,
      toWalletId: o.to ?? scenario.bobEur,
      amount: money(amount),
      note: o.note ?? null,
      idempotencyKey: o.key ?? key(),
    });
  return scenario;
}
