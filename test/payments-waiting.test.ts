import {
  challengedTransfer,
  decideRisk,
  expectBalancedLedger,
  freezeAccount,
  fund,
  newKey,
  newPayer,
  nextTotp,
  ok,
  pay,
  paymentsService,
  publishedBy,
  usePaymentsGraph,
  walletOf,
} from './support/payments';
import { signInAgain } from './support/users';

const MINUTE = 60_000;
const later = (ms: number) => new Date(Date.now() + ms);

/** A payment waiting for a code or an analyst does not wait forever, and does not post for a frozen account. */
describe('waiting payments, through the gateway', () => {
  const g = usePaymentsGraph({ PAYMENTS_REVIEW_TTL_MS: String(60 * MINUTE) });

  it('a payment waiting for its code more than 15 minutes is DECLINED with VERIFICATION_EXPIRED and its hold released', async () => {
    const { ada, transfer } = await challengedTransfer(g.graph);
    expect(transfer.status).toBe('REQUIRES_VERIFICATION');
    expect((await walletOf(g.graph, ada.token, ada.wallets.EUR)).availableBalance.amount).toBe('30.00');
    expect((await paymentsService(g.graph).recover({ now: later(14 * MINUTE) })).declined).toBe(0);
    const report = await paymentsService(g.graph).recover({ now: later(16 * MINUTE) });
    expect(report).toMatchObject({ declined: 1 });
    const { payment } = await ok(
      g.graph.gql<{ payment: { status: string; declineReason: string } }>(
        'query ($id: ID!) { payment(id: $id) { status declineReason } }',
        { id: transfer.id },
        ada.token,
      ),
    );
    expect(payment).toEqual({ status: 'DECLINED', declineReason: 'VERIFICATION_EXPIRED' });
    expect(await walletOf(g.graph, ada.token, ada.wallets.EUR)).toMatchObject({
      balance: { amount: '50.00' },
      availableBalance: { amount: '50.00' },
    });
    expect(await publishedBy(g.graph, transfer.id, 'declined')).toEqual([
      'payment.created',
      'payment.status_changed',
      'payment.declined',
    ]);
    await expectBalancedLedger(g.probe);
  });

  it('a payment held for review past its maximum is DECLINED with REVIEW_EXPIRED and its hold released', async () => {
    const ada = await newPayer(g.graph);
    await fund(g.graph, ada, '50.00');
    decideRisk(g.graph, 'REVIEW');
    const { payMerchant } = await ok(
      pay(g.graph, ada.token, 'payMerchant', {
        walletId: ada.wallets.EUR,
        merchantName: 'Gadget Hut',
        category: 'SHOPPING',
        amount: { amount: '40.00', currency: 'EUR' },
        idempotencyKey: newKey(),
      }),
    );
    expect(payMerchant.status).toBe('HELD_FOR_REVIEW');
    await paymentsService(g.graph).recover({ now: later(61 * MINUTE) });
    expect(await publishedBy(g.graph, payMerchant.id, 'declined')).toEqual([
      'payment.created',
      'payment.status_changed',
      'payment.declined',
    ]);
    const { payment } = await ok(
      g.graph.gql<{ payment: { status: string; declineReason: string } }>(
        'query ($id: ID!) { payment(id: $id) { status declineReason } }',
        { id: payMerchant.id },
        ada.token,
      ),
    );
    expect(payment).toEqual({ status: 'DECLINED', declineReason: 'REVIEW_EXPIRED' });
    expect((await walletOf(g.graph, ada.token, ada.wallets.EUR)).availableBalance.amount).toBe('50.00');
    await expectBalancedLedger(g.probe);
  });

  it("a frozen account's verifyPayment with the right code is DECLINED with ACCOUNT_FROZEN and the hold released", async () => {
    const { ada, bob, secret, transfer } = await challengedTransfer(g.graph, '25.00');
    await freezeAccount(g.graph, ada.accountId);
    // The freeze revoked Ada's tokens; a frozen account may still sign in and finish what it began.
    const frozen = await signInAgain(g.graph, ada);
    const { verifyPayment } = await ok(
      pay(g.graph, frozen, 'verifyPayment', { paymentId: transfer.id, code: nextTotp(secret) }),
    );
    expect(verifyPayment).toMatchObject({ status: 'DECLINED', declineReason: 'ACCOUNT_FROZEN' });
    expect(await walletOf(g.graph, frozen, ada.wallets.EUR)).toMatchObject({
      balance: { amount: '50.00' },
      availableBalance: { amount: '50.00' },
    });
    expect((await walletOf(g.graph, bob.token, bob.wallets.EUR)).balance.amount).toBe('0.00');
    await expectBalancedLedger(g.probe);
  });
});
