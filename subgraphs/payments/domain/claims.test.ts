import { onPostgres } from '../../../test/support/database';
import { WalletCommands } from '../../wallets/contract';
import { PaymentEvents } from '../contract';
import { Payment } from '../store/payment.entity';
import { startPaymentsDomain, type PaymentsDomain } from '../testing/harness';
import { PaymentKind, PaymentStatus } from './payment';

const MINUTE = 60_000;

// Two instances share a database on PostgreSQL, as in production. SQLite is the embedded mode,
// one process and one connection per database: two pools on one file in one process would
// block each other's synchronous busy-wait, so this runs in the PostgreSQL pass of the suite.
const describeOnPostgres = onPostgres() ? describe : describe.skip;

/** Two instances of payments (two runners, two connection pools) on one PostgreSQL database. */
describeOnPostgres('two payments instances on one PostgreSQL database', () => {
  let first: PaymentsDomain;
  let second: PaymentsDomain;

  beforeAll(async () => {
    first = await startPaymentsDomain();
    second = await startPaymentsDomain({ shareWith: first });
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  /** A payment whose runner died with its hold placed: PENDING, claimed by nobody alive any more. */
  async function orphan(index: number, payer: string, walletId: string, payee: string): Promise<Payment> {
    const createdAt = new Date(Date.now() - 5 * MINUTE);
    const payment = Object.assign(new Payment(), {
      id: `01900000-0000-7000-8000-${String(index).padStart(12, '0')}`,
      kind: PaymentKind.TRANSFER,
      status: PaymentStatus.PENDING,
      accountId: payer,
      sourceWalletId: walletId,
      destinationWalletId: payee,
      amountMinor: 100n,
      currency: 'EUR',
      idempotencyKey: `orphan-${index}`,
      requestFingerprint: 'f',
      verificationAttempts: 0,
      claimedBy: 'runner-that-died',
      claimExpiresAt: new Date(createdAt.getTime() + MINUTE),
      createdAt,
      updatedAt: createdAt,
    });
    await first.store.record(payment);
    await first.bus.request(WalletCommands.placeHold, {
      holdId: payment.id,
      walletId,
      amountMinor: '100',
      currency: 'EUR',
      paymentId: payment.id,
    });
    return payment;
  }

  it('concurrent recovery passes of both work on each abandoned payment exactly once', async () => {
    const payer = first.bank.addAccount();
    const walletId = first.bank.addWallet(payer, 'EUR', 10_000n);
    const payee = first.bank.addWallet(first.bank.addAccount(), 'EUR');
    const orphans = [];
    for (let i = 1; i <= 20; i++) orphans.push(await orphan(i, payer, walletId, payee));
    expect(first.bank.available(walletId)).toBe(8_000n);
    const voidsBefore = first.bank.calls.get(WalletCommands.voidHold.subject) ?? 0;

    const now = new Date();
    const [a, b] = await Promise.all([first.recover(now), second.recover(now)]);
    expect(a.declined + b.declined).toBe(20);
    expect(a.unresolved + b.unresolved).toBe(0);
    expect(a.skipped + b.skipped).toBe(a.examined + b.examined - 20);
    // Each hold was released once, by one of them, and nothing was posted.
    expect((first.bank.calls.get(WalletCommands.voidHold.subject) ?? 0) - voidsBefore).toBe(20);
    expect(first.bank.available(walletId)).toBe(10_000n);
    expect(first.bank.balance(payee)).toBe(0n);
    await Promise.all([first.publishEvents(), second.publishEvents()]);
    for (const payment of orphans) {
      await first.events.waitFor(PaymentEvents.declined, (data) => data.paymentId === payment.id);
      const declined = first.events.all(PaymentEvents.declined, (data) => data.paymentId === payment.id);
      expect(new Set(declined.map((event) => event.id)).size).toBe(1);
      expect(await first.store.findById(payment.id)).toMatchObject({
        status: 'DECLINED',
        declineReason: 'PROCESSING_TIMEOUT',
        claimedBy: null,
      });
    }
  });

  it('one runner cannot take a payment another holds a live claim on', async () => {
    const payer = first.bank.addAccount();
    const walletId = first.bank.addWallet(payer, 'EUR', 10_000n);
    const payment = await orphan(99, payer, walletId, first.bank.addWallet(first.bank.addAccount(), 'EUR'));
    const now = new Date();
    const claim = await first.claims.take(payment, [PaymentStatus.PENDING], now);
    expect(claim).not.toBeNull();
    expect(await second.claims.take(payment, [PaymentStatus.PENDING], now)).toBeNull();
    expect((await second.recover(now)).examined).toBe(0);
    // Past the claim's life the other instance may take it.
    expect(
      await second.claims.take(payment, [PaymentStatus.PENDING], new Date(now.getTime() + 2 * MINUTE)),
    ).not.toBeNull();
  });
});
